/** The SMTP smuggling probe panel: runs {@code probe.SmugglingProbe} against the server in the connection form. */
package org.smtpexplorer.ui.probe;
