/** The timing waterfall: where a session's time went, bar by bar on one time axis. */
package org.smtpexplorer.ui.timing;
