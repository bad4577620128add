/**
 * The session transcript: timestamped events tapped at the byte boundary, redaction of secrets, text and JSON export,
 * and the session as a ladder (its geometry, Mermaid and SVG).
 */
package org.smtpexplorer.transcript;
