/** Comparing the window's session with a saved one, step by step (the window's side of {@code smtpx replay}). */
package org.smtpexplorer.ui.replay;
