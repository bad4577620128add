/**
 * Probes of a server the user controls, starting with the SMTP smuggling probe: which end-of-data look-alikes end a
 * message there. They drive sessions through {@code transport.Session} only; the verdicts are pure functions of the
 * replies.
 */
package org.smtpexplorer.probe;
