/**
 * The lab server: a real ESMTP server on loopback only, with built-in users and scenarios that show how servers
 * differ and fail; the app's default target and the tests' deterministic, hostile-on-demand peer.
 */
package org.smtpexplorer.lab;
