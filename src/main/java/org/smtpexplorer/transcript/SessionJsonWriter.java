package org.smtpexplorer.transcript;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link SavedSession} as schema "smtp-explorer-transcript/2" without Jackson, for the session history:
 * loading Jackson costs a cold {@code smtpx send} about 0.27 s (measured: 110 ms a plain send, 380 ms with
 * {@code --json}), which every send would pay to keep its history. The document is the one {@link
 * TranscriptExport#writeJson(SavedSession, java.io.OutputStream)} writes, field for field (SessionJsonWriterTest
 * compares the two as JSON trees); reading stays with Jackson. Secrets are redacted here, as there.
 */
public final class SessionJsonWriter {
    private final Writer out;

    private SessionJsonWriter(Writer out) {
        this.out = out;
    }

    /** Writes {@code session}, its entries redacted, with its request and message when it has them. */
    public static void write(SavedSession session, Writer out) throws IOException {
        new SessionJsonWriter(out).document(session);
        out.flush();
    }

    private void document(SavedSession s) throws IOException {
        out.write("{\n  \"schema\" : ");
        string(TranscriptExport.SCHEMA);
        if (s.request() != null) {
            out.write(",\n  \"request\" : ");
            request(s.request());
        }
        if (s.messageSize() != null) {
            out.write(",\n  \"messageSize\" : " + s.messageSize());
        }
        if (s.messageSha256() != null) {
            out.write(",\n  \"messageSha256\" : ");
            string(s.messageSha256());
        }
        out.write(",\n  \"entries\" : [");
        boolean first = true;
        for (TranscriptEntry e : s.entries()) {
            out.write(first ? "\n    " : ",\n    ");
            first = false;
            entry(e.redacted());
        }
        out.write(first ? "]" : "\n  ]");
        byte[] message = s.message();
        if (message != null) {
            out.write(",\n  \"message\" : ");
            bytes(message);
        }
        out.write("\n}\n");
    }

    private void request(SavedRequest r) throws IOException {
        Fields f = new Fields();
        f.text("host", r.host());
        f.number("port", r.port());
        f.text("security", r.security());
        f.list("trustCerts", r.trustCerts());
        f.bool("insecure", r.insecure());
        f.text("ipFamily", r.ipFamily());
        f.text("helo", r.helo());
        f.text("authMechanism", r.authMechanism());
        f.text("user", r.user());
        f.bool("allowPlaintextAuth", r.allowPlaintextAuth());
        f.text("from", r.from());
        f.list("to", r.to());
        f.text("transfer", r.transfer());
        f.number("chunkSize", r.chunkSize());
        f.bool("pipelining", r.pipelining());
        f.text("smtpUtf8", r.smtpUtf8());
        f.text("body", r.body());
        f.text("lineEndings", r.lineEndings());
        f.text("dsnNotify", r.dsnNotify());
        f.text("dsnRet", r.dsnRet());
        f.text("envid", r.envid());
        f.bool("requireTls", r.requireTls());
        f.text("quitAfter", r.quitAfter());
        f.number("timeoutSeconds", r.timeoutSeconds());
        f.end();
    }

    private void entry(TranscriptEntry e) throws IOException {
        Fields f = new Fields();
        f.text("kind", e.kind().name());
        f.number("seq", e.seq());
        f.time("time", e.time());
        f.text("text", e.text());
        if (e instanceof TranscriptEntry.Connect c) {
            f.text("host", c.host());
            f.text("address", c.address());
            f.number("port", c.port());
            f.number("lookupMicros", c.lookupMicros());
        } else if (e instanceof TranscriptEntry.Command c) {
            f.bytes("raw", c.raw());
            f.number("secretFrom", c.secretFrom());
            f.number("flight", c.flight());
            f.text("verb", c.verb());
        } else if (e instanceof TranscriptEntry.Reply r) {
            f.bytes("raw", r.raw());
            f.number("flight", r.flight());
            f.text("answering", r.answering());
            f.number("code", r.code());
            f.text("enhanced", r.enhanced());
            f.number("latencyMicros", r.latencyMicros());
            f.bool("bareLf", r.bareLf());
        } else if (e instanceof TranscriptEntry.Payload p) {
            f.bytes("raw", p.raw());
            f.number("bytes", p.bytes());
            f.text("verb", p.verb());
        } else if (e instanceof TranscriptEntry.TlsUp t) {
            f.text("protocol", t.protocol());
            f.text("cipher", t.cipher());
            f.bool("verified", t.verified());
            f.text("verdict", t.verdict());
            f.bool("insecure", t.insecure());
            f.text("subject", t.subject());
            f.text("issuer", t.issuer());
            f.time("notAfter", t.notAfter());
            f.number("chainLength", t.chainLength());
        } else if (e instanceof TranscriptEntry.Note n) {
            f.map("details", n.details());
        } else if (e instanceof TranscriptEntry.Failure x) {
            f.bytes("raw", x.raw());
            f.number("bytes", x.bytes());
            f.text("failureClass", x.failureClass());
            f.map("details", x.details());
        }
        f.end();
    }

    /** One JSON object's fields, nulls left out as Jackson's NON_NULL leaves them. */
    private final class Fields {
        private boolean any;

        private void name(String name) throws IOException {
            out.write(any ? ", " : "{ ");
            any = true;
            string(name);
            out.write(" : ");
        }

        void text(String name, String value) throws IOException {
            if (value != null) {
                name(name);
                string(value);
            }
        }

        void number(String name, Number value) throws IOException {
            if (value != null) {
                name(name);
                out.write(value.toString());
            }
        }

        void bool(String name, boolean value) throws IOException {
            name(name);
            out.write(value ? "true" : "false");
        }

        void time(String name, Instant value) throws IOException {
            if (value != null) {
                name(name);
                string(InstantText.of(value));
            }
        }

        void bytes(String name, byte[] value) throws IOException {
            if (value != null) {
                name(name);
                SessionJsonWriter.this.bytes(value);
            }
        }

        void list(String name, List<String> values) throws IOException {
            if (values != null) {
                name(name);
                out.write('[');
                for (int i = 0; i < values.size(); i++) {
                    out.write(i == 0 ? " " : ", ");
                    string(values.get(i));
                }
                out.write(values.isEmpty() ? "]" : " ]");
            }
        }

        void map(String name, Map<String, String> values) throws IOException {
            if (values != null) {
                name(name);
                out.write('{');
                boolean first = true;
                // Sorted, so the same facts always read the same.
                for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
                    out.write(first ? " " : ", ");
                    first = false;
                    string(e.getKey());
                    out.write(" : ");
                    if (e.getValue() == null) {
                        out.write("null");
                    } else {
                        string(e.getValue());
                    }
                }
                out.write(first ? "}" : " }");
            }
        }

        void end() throws IOException {
            out.write(any ? " }" : "{ }");
        }
    }

    private void bytes(byte[] value) throws IOException {
        out.write('"');
        out.write(Base64.getEncoder().encodeToString(value));
        out.write('"');
    }

    /** A JSON string: quotes, backslashes and every control character escaped; a lone surrogate as \\uXXXX. */
    private void string(String s) throws IOException {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                case '\b' -> out.write("\\b");
                case '\f' -> out.write("\\f");
                default -> {
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pairedHigh) {
                        out.write(c);
                        out.write(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }
}
