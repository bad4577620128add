/** The session transcript: timestamped events tapped at the byte boundary, redaction of secrets, text and JSON export. */
package org.smtpexplorer.transcript;
