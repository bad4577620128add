/** Trust on first use for TLS servers: the key each host:port presented first, kept in the data folder. */
package org.smtpexplorer.pins;
