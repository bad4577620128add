package org.smtpexplorer.probe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.smtpexplorer.engine.SmtpReply;

/**
 * The probe's report as JSON ({@value #SCHEMA}): the run, then a row per variant with its bytes (escaped and in
 * hex), the bytes sent after 354 (escaped), the verdict and its evidence, every reply, the explanation and sources,
 * and the session's transcript as text lines (secrets redacted).
 */
public final class ProbeReportJson {
    public static final String SCHEMA = "smtp-explorer-smuggling-probe/1";

    private ProbeReportJson() {
    }

    public static void write(ProbeReport report, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("server", report.server());
            g.writeStringField("from", report.from());
            g.writeStringField("to", report.to());
            g.writeStringField("marker", report.marker());
            g.writeStringField("started", report.started().toString());
            g.writeNumberField("tookMillis", report.took().toMillis());
            g.writeStringField("outcome", report.outcome().name());
            g.writeNumberField("exitCode", report.exitCode());
            g.writeStringField("summary", report.summary());
            if (report.stoppedBy() != null) {
                g.writeObjectFieldStart("stoppedBy");
                g.writeStringField("failureClass", report.stoppedBy().failureClass().name());
                g.writeStringField("message", report.stoppedBy().getMessage());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("variants");
            for (VariantResult r : report.results()) {
                writeResult(g, r, report.marker(), report.from(), report.to());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notRun");
            for (SmugglingVariant v : report.notRun()) {
                g.writeString(v.id());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    public static String toJson(ProbeReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeResult(JsonGenerator g, VariantResult r, String marker, String from, String to)
            throws IOException {
        SmugglingVariant v = r.variant();
        g.writeStartObject();
        g.writeStringField("id", v.id());
        g.writeStringField("notation", v.notation());
        g.writeStringField("bytes", v.escaped());
        g.writeStringField("hex", v.hex());
        g.writeBooleanField("control", v.isControl());
        g.writeStringField("verdict", r.verdict().label());
        g.writeStringField("meaning", v.isControl() ? "control" : r.verdict().meaning());
        g.writeBooleanField("vulnerable", r.vulnerable());
        g.writeStringField("evidence", r.evidence());
        g.writeStringField("codes", r.codes());
        g.writeArrayFieldStart("replies");
        for (SmtpReply reply : r.replies()) {
            g.writeStartObject();
            g.writeNumberField("code", reply.code());
            g.writeStringField("text", reply.summary());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (r.failure() == null) {
            g.writeStringField("sent", SmugglingVariant.escape(SmugglingPayload.build(v, marker, from, to)));
        } else {
            g.writeStringField("failure", r.failure().getMessage());
        }
        g.writeStringField("explanation", v.explanation());
        g.writeStringField("sources", v.sources());
        g.writeArrayFieldStart("transcript");
        for (String line : r.transcript().split("\n")) {
            g.writeString(line);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
