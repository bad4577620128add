/** The smtpx command line: picocli commands over the same engine, transport and lab as the app. */
package org.smtpexplorer.cli;
