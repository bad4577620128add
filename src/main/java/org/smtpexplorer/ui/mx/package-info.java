/** MX lookup in the window: type a domain, see its mail servers, pick one to connect to on port 25. */
package org.smtpexplorer.ui.mx;
