/** The EHLO capabilities panel: every keyword of each EHLO (before TLS, after TLS, ...) side by side. */
package org.smtpexplorer.ui.capabilities;
