/** Building messages with Angus Mail (jakarta.mail): MIME structure, header encoding, attachments. */
package org.smtpexplorer.compose;
