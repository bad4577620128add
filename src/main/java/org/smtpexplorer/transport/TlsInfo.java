package org.smtpexplorer.transport;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The result of a TLS handshake.
 *
 * @param protocol    negotiated version, e.g. "TLSv1.3"
 * @param cipherSuite negotiated suite
 * @param chain       the certificates the server presented, leaf first
 * @param verified    true when the chain is trusted and matches the host name
 * @param verdict     why it is (or is not) trusted, for people
 * @param insecure    the user turned verification off for this connection
 * @param serverName  the name checked against the certificate (and sent as SNI when it is a DNS name)
 */
public record TlsInfo(String protocol, String cipherSuite, List<X509Certificate> chain, boolean verified,
                      String verdict, boolean insecure, String serverName) {

    public TlsInfo {
        chain = List.copyOf(chain);
    }

    public String summary() {
        return protocol + " " + cipherSuite + (verified ? ", certificate verified" : ", certificate NOT verified")
                + (insecure ? " (insecure mode)" : "");
    }
}
