/** The session history: every session the window or smtpx ran, kept in the data folder, listed and reopened. */
package org.smtpexplorer.history;
