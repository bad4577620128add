package org.smtpexplorer.compose;

/**
 * An attachment or inline part of an imported message.
 *
 * @param fileName    the decoded file name (RFC 2231 or encoded words), or a made-up one when there is none
 * @param contentType the base MIME type, lower case
 * @param size        decoded size in bytes
 * @param inline      Content-Disposition: inline
 * @param contentId   the Content-ID without angle brackets, empty when none
 */
public record ImportedPart(String fileName, String contentType, long size, boolean inline, String contentId) {
}
