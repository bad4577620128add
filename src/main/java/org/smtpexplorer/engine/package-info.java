/** The sans-IO SMTP client engine: typed commands and replies, parsers and the one session state machine; no sockets, threads or clocks. */
package org.smtpexplorer.engine;
