/** Teaching knowledge base: what SMTP commands, replies, status codes, extensions, SASL mechanisms and parameters mean, loaded from JSON resources. */
package org.smtpexplorer.explain;
