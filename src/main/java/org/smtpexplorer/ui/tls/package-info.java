/** The TLS panel: protocol, cipher suite, the certificate chain read with Bouncy Castle, and the verdict. */
package org.smtpexplorer.ui.tls;
