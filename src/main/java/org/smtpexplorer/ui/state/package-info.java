/** The small state diagram: the session's states with the current one lit and the legal next commands. */
package org.smtpexplorer.ui.state;
