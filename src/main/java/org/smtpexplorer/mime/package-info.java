/**
 * The MIME structure of a message, read for showing: parts, types, transfer encodings, sizes encoded and decoded,
 * charsets, file names, headers raw and decoded, and each part's decoded content on demand. Streaming and bounded:
 * the tree keeps byte offsets, never bodies, so a message of any size can be looked at. No JavaFX.
 */
package org.smtpexplorer.mime;
