package org.smtpexplorer.ui.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.smtpexplorer.probe.ProbeReport;
import org.smtpexplorer.probe.ProbeReportJson;
import org.smtpexplorer.probe.SmugglingProbe;
import org.smtpexplorer.probe.SmugglingVariant;
import org.smtpexplorer.probe.VariantResult;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.ui.common.Tasks;

/**
 * Runs the SMTP smuggling probe off the FX thread against the connection form's server, security, AUTH, sender and
 * first recipient, and exposes a row per look-alike as it comes, the status, and the report when done. A server
 * that is not on loopback is refused unless the user ticked that they control it.
 */
public final class ProbeViewModel {
    private final Tasks tasks;
    private final Supplier<SendRequest> form;
    private final ObservableList<VariantResult> rows = FXCollections.observableArrayList();
    private final BooleanProperty controlConfirmed = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ProbeReport> report = new ReadOnlyObjectWrapper<>();
    private volatile SmugglingProbe probe;

    /**
     * @param tasks the one way off the FX thread
     * @param form  reads the connection form (on the FX thread) into a request; a bad field raises
     *              IllegalArgumentException naming it
     */
    public ProbeViewModel(Tasks tasks, Supplier<SendRequest> form) {
        this.tasks = tasks;
        this.form = form;
    }

    /** A row per variant run so far, the control first. */
    public ObservableList<VariantResult> rows() {
        return rows;
    }

    /** The user controls the server: needed for a target that is not on loopback. */
    public BooleanProperty controlConfirmedProperty() {
        return controlConfirmed;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last run's report, or null. */
    public ReadOnlyObjectProperty<ProbeReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** Starts a run (FX thread); nothing happens while one is under way. */
    public void run() {
        if (running.get()) {
            return;
        }
        SendRequest request;
        SmugglingProbe p;
        try {
            SendRequest r = form.get();
            if (r.to().isEmpty()) {
                throw new IllegalArgumentException("To: give the recipient of the test messages");
            }
            request = r.with(b -> b.to(List.of(r.to().get(0))));
            p = new SmugglingProbe(request, Arrays.asList(SmugglingVariant.values()), SmugglingProbe.newMarker(),
                    controlConfirmed.get());
        } catch (RuntimeException e) {
            status.set(Printable.escape(e.getMessage()));
            return;
        }
        probe = p;
        rows.clear();
        report.set(null);
        running.set(true);
        status.set("Probing " + request.connection().host() + ":" + request.connection().port() + ": "
                + p.variants().size() + " sessions, marker " + p.marker() + "...");
        tasks.<ProbeReport, VariantResult>run(publish -> p.run(publish), row -> {
            rows.add(row);
            status.set(rows.size() + " of " + p.variants().size() + " done; " + row.variant().notation() + ": "
                    + row.verdictText());
        }, done -> {
            running.set(false);
            report.set(done);
            status.set(done.summary());
        }, failure -> {
            running.set(false);
            status.set(Printable.escape(String.valueOf(failure.getMessage())));
        });
    }

    /** Stops the run under way (any thread). */
    public void cancel() {
        SmugglingProbe p = probe;
        if (p != null) {
            p.cancel();
        }
    }

    /** One row as the list shows it: the verdict, then the look-alike and its bytes, then the reply codes. */
    public static String row(VariantResult r) {
        return r.verdictText() + "\n" + r.variant().notation() + "  " + r.variant().escaped() + "\n"
                + Printable.escape(r.codes());
    }

    /** Explains one row: its bytes, verdict and evidence, what the look-alike is, and its sources. */
    public static String describe(VariantResult r) {
        SmugglingVariant v = r.variant();
        return v.notation() + "  " + v.escaped() + "  (" + v.id() + ")\n" + r.verdictText() + "\n\nEvidence: "
                + Printable.escape(r.evidence()) + "\n\n" + v.explanation() + "\n\nSources: " + v.sources();
    }

    /** Writes the last report as JSON. */
    public void saveJson(Path file) throws IOException {
        ProbeReport r = report.get();
        if (r == null) {
            throw new IllegalStateException("no probe has finished yet");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            ProbeReportJson.write(r, out);
        }
    }
}
