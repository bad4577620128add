/** The connection panel: where to connect, how to secure it, how to authenticate, and the envelope. */
package org.smtpexplorer.ui.connection;
