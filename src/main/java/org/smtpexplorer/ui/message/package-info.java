/**
 * The message view: the MIME tree of the message sent (or of an .eml file), its headers raw and decoded, and each
 * part's content.
 */
package org.smtpexplorer.ui.message;
