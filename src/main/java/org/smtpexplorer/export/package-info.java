/**
 * A saved session as a script for another tool (swaks, openssl s_client, Python's smtplib): text generation, and the
 * message file the window's "Copy as command" writes beside it.
 */
package org.smtpexplorer.export;
