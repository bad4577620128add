/**
 * Two sessions side by side, step by step (the window's side of {@code smtpx replay}): "Replay against..." runs a
 * saved session again against another server, "Compare with saved..." sets the window's session against a saved one.
 */
package org.smtpexplorer.ui.replay;
