/** The domain TLS check in the window, beside the MX lookup: STARTTLS, certificates, DANE, MTA-STS and TLS-RPT. */
package org.smtpexplorer.ui.tlscheck;
