/** A saved session as a script for another tool (swaks, openssl s_client, Python's smtplib): pure text generation. */
package org.smtpexplorer.export;
