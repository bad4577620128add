/** The socket side: TCP, STARTTLS and implicit TLS, deadlines and cancellation, around the sans-IO engine. */
package org.smtpexplorer.transport;
