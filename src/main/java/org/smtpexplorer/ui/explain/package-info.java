/** The explanation panel: what the selected command or reply means, from the knowledge base. */
package org.smtpexplorer.ui.explain;
