/** The History window: the sessions the window and smtpx ran, searched, reopened, exported and compared. */
package org.smtpexplorer.ui.history;
