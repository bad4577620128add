/** The SMTP Explorer window: one package per feature, each with a View and a ViewModel. */
package org.smtpexplorer.ui;
