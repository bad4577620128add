/** SASL mechanisms for SMTP AUTH (RFC 4954) as sans-IO challenge/response objects, and the exchange that drives them. */
package org.smtpexplorer.engine.auth;
