/** The guided tour: a sequence of lab scenarios, each set up with one click, with what to watch in the transcript. */
package org.smtpexplorer.ui.tour;
