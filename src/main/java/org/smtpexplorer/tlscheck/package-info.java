/**
 * The domain TLS check: where a domain's mail goes and how safely it can get there. For each MX host, STARTTLS and
 * the certificate verdict; DANE (TLSA validated with DNSSEC, matched against the presented chain, RFC 7672); the
 * domain's MTA-STS policy (RFC 8461) and TLS-RPT record (RFC 8460). No JavaFX: {@code smtpx tls-check} and the
 * window both run {@link org.smtpexplorer.tlscheck.TlsCheck}.
 */
package org.smtpexplorer.tlscheck;
