/** Saved connection profiles (Jackson), never with passwords, plus the built-in examples. */
package org.smtpexplorer.profiles;
