/** The message composer: fields, live address analysis, attachments, options, drafts saved as you type, .eml in and out. */
package org.smtpexplorer.ui.composer;
