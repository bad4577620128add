package org.smtpexplorer.tlscheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@link TlsCheckReport} as JSON, schema {@value #SCHEMA}: the report's fields, the result and the worst mark. */
public final class ReportJson {
    public static final String SCHEMA = "smtp-explorer-tls-check/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    /** The document written. */
    record Document(String schema, String result, Mark worst, TlsCheckReport report) {
    }

    public static String toJson(TlsCheckReport r) {
        try {
            return JSON.writeValueAsString(new Document(SCHEMA, r.summary(), r.worst(), r));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    public static void write(TlsCheckReport r, Path file) throws IOException {
        Files.writeString(file, toJson(r));
    }
}
