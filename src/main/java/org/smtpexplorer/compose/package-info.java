/**
 * The message composer's back end, on Angus Mail (jakarta.mail): drafts and their store, live address analysis
 * (ASCII, IDN, non-ASCII local part), MIME building streamed to a file with header and transfer encodings chosen
 * from the server's capabilities, the envelope, .eml import and export, and the raw source view. No JavaFX.
 */
package org.smtpexplorer.compose;
