package org.smtpexplorer.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;

/**
 * Builds the SSLContext for one connection. The trust manager records the chain the server presented, so the
 * chain can be shown even when verification fails; in insecure mode it accepts everything but still records why
 * the chain would have failed.
 */
final class TrustFactory {
    private static final String NO_TRUSTED_ROOT =
            "the certificate chain does not lead to a trusted root (unknown or self-signed issuer)";

    private TrustFactory() {
    }

    /** Trust manager that remembers the peer chain and the verification outcome. */
    static final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final boolean insecure;
        volatile X509Certificate[] chain = new X509Certificate[0];
        volatile String failure;

        RecordingTrustManager(X509ExtendedTrustManager delegate, boolean insecure) {
            this.delegate = delegate;
            this.insecure = insecure;
        }

        private void record(X509Certificate[] presented, CheckedAction check) throws CertificateException {
            chain = presented.clone();
            try {
                check.run();
                failure = null;
            } catch (CertificateException e) {
                failure = reason(e, presented);
                if (!insecure) {
                    throw e;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType, Socket socket)
                throws CertificateException {
            record(c, () -> delegate.checkServerTrusted(c, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType, SSLEngine engine)
                throws CertificateException {
            record(c, () -> delegate.checkServerTrusted(c, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType) throws CertificateException {
            record(c, () -> delegate.checkServerTrusted(c, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }

        private interface CheckedAction {
            void run() throws CertificateException;
        }
    }

    /** A readable reason from the JSSE exception chain: the innermost message usually says it best. */
    static String reason(Throwable e) {
        String best = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                best = t.getMessage();
            }
        }
        String m = best == null ? e.toString() : best;
        if (m.contains("unable to find valid certification path")) {
            return NO_TRUSTED_ROOT;
        }
        if (m.contains("No subject alternative") || m.contains("No name matching")) {
            return "the certificate does not name this host: " + m;
        }
        if (m.contains("NotAfter") || m.contains("validity check failed") || m.contains("expired")) {
            return "the certificate has expired or is not yet valid: " + m;
        }
        return m;
    }

    /**
     * Why {@code chain} failed verification, naming the fault: which certificate expired or is not valid yet, a
     * self-signed certificate, a chain ending at an unknown root, a certificate claiming a trusted issuer that did
     * not sign it, or a name that does not match.
     */
    static String reason(CertificateException e, X509Certificate[] chain) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SignatureException && chain.length > 0) {
                return "the certificate names " + chain[chain.length - 1].getIssuerX500Principal().getName()
                        + " as its issuer, but a trusted certificate of that name did not sign it (a different"
                        + " certificate under a trusted name, or the server's certificate has changed)";
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                Date now = new Date();
                for (X509Certificate c : chain) {
                    String who = c.getSubjectX500Principal().getName();
                    if (now.after(c.getNotAfter())) {
                        return "the certificate " + who + " expired on " + c.getNotAfter().toInstant();
                    }
                    if (now.before(c.getNotBefore())) {
                        return "the certificate " + who + " is not valid until " + c.getNotBefore().toInstant();
                    }
                }
            }
        }
        String m = reason(e);
        if (m.equals(NO_TRUSTED_ROOT) && chain.length > 0) {
            X509Certificate last = chain[chain.length - 1];
            String issuer = last.getIssuerX500Principal().getName();
            return chain.length == 1 && issuer.equals(last.getSubjectX500Principal().getName())
                    ? "the certificate is self-signed (" + issuer + "), not issued by a trusted root"
                    : "the chain ends at " + issuer + ", which is not a trusted root";
        }
        return m;
    }

    static RecordingTrustManager trustManager(TlsSettings settings) {
        try {
            KeyStore store = null;
            if (!settings.trustedPems().isEmpty()) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                addSystemRoots(store);
                int i = 0;
                for (Path pem : settings.trustedPems()) {
                    for (Certificate c : readPem(pem)) {
                        store.setCertificateEntry("user-" + i++, c);
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new RecordingTrustManager(x, settings.insecure());
                }
            }
            throw new IllegalStateException("no X509 trust manager in this runtime");
        } catch (GeneralSecurityException | IOException e) {
            throw new SmtpException(FailureClass.TLS, "cannot use the trusted certificate file: "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file " + e.getMessage()
                    : e.getMessage()), null, e);
        }
    }

    private static void addSystemRoots(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        int i = 0;
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    store.setCertificateEntry("system-" + i++, c);
                }
            }
        }
    }

    static List<Certificate> readPem(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("no certificate in " + pem);
            }
            return new ArrayList<>(certs);
        } catch (CertificateException e) {
            throw new IOException("cannot read certificates from " + pem + ": " + e.getMessage(), e);
        }
    }

    static SSLContext context(RecordingTrustManager tm) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this runtime", e);
        }
    }
}
