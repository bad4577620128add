/**
 * What every feature shares: the one background executor, the FX-thread batching of events, the font zoom and the
 * settings file it is kept in.
 */
package org.smtpexplorer.ui.common;
