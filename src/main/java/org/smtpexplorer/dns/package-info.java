/** MX lookup with dnsjava: a domain's mail servers by preference, with their addresses, and the errors explained. */
package org.smtpexplorer.dns;
