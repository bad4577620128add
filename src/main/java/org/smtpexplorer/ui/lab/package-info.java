/** The embedded lab server in the window: started with the app, scenario picker and explanation. */
package org.smtpexplorer.ui.lab;
