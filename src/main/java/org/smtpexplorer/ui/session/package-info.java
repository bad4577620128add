/** Driving one session step by step (or to the end) from the engine's state machine. */
package org.smtpexplorer.ui.session;
