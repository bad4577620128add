/** What every feature shares: the one background executor and the FX-thread batching of events. */
package org.smtpexplorer.ui.common;
