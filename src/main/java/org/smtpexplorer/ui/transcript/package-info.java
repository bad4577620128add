/** The live transcript view: colour-coded lines, raw bytes, search, copy, save, JSON export and import. */
package org.smtpexplorer.ui.transcript;
