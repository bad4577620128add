package org.smtpexplorer.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * How the server's certificate is judged.
 *
 * @param trustedPems extra certificates (PEM files) trusted in addition to the system's roots, e.g. a test CA or
 *                    a self-signed server certificate
 * @param insecure    accept any certificate and any name; the verdict is still computed and shown as failed
 * @param protocols   TLS versions to offer, e.g. ["TLSv1.3", "TLSv1.2"]; empty for the runtime's defaults
 */
public record TlsSettings(List<Path> trustedPems, boolean insecure, List<String> protocols) {

    public TlsSettings {
        trustedPems = List.copyOf(trustedPems);
        protocols = List.copyOf(protocols);
    }

    public static TlsSettings verified() {
        return new TlsSettings(List.of(), false, List.of());
    }

    public static TlsSettings trusting(Path pem) {
        return new TlsSettings(List.of(pem), false, List.of());
    }

    public static TlsSettings insecureMode() {
        return new TlsSettings(List.of(), true, List.of());
    }
}
