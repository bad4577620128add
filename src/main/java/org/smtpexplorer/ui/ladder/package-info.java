/** The ladder view: the session as a sequence diagram, drawn live, linked with the text transcript, exported. */
package org.smtpexplorer.ui.ladder;
