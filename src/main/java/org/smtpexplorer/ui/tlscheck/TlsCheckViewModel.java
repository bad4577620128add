package org.smtpexplorer.ui.tlscheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.smtpexplorer.tlscheck.Finding;
import org.smtpexplorer.tlscheck.Mark;
import org.smtpexplorer.tlscheck.ReportText;
import org.smtpexplorer.tlscheck.TlsCheck;
import org.smtpexplorer.tlscheck.TlsCheckReport;
import org.smtpexplorer.transcript.Printable;
import org.smtpexplorer.ui.common.Tasks;

/**
 * Runs a domain TLS check off the FX thread and exposes its report as rows: a heading per section (marked with the
 * section's worst finding), then its findings. What servers sent is escaped before it is shown.
 */
public final class TlsCheckViewModel {
    /**
     * What runs the check; the window's runs {@link TlsCheck} with the system's DNS. It hands {@code onCancel} what
     * stops it, and then throws {@link CancellationException} when that is run.
     */
    @FunctionalInterface
    public interface Checker {
        TlsCheckReport run(String domain, Consumer<String> progress, Consumer<Runnable> onCancel) throws IOException;
    }

    /**
     * One row of the report as shown.
     *
     * @param heading true for a section's title
     * @param mark    the finding's mark, or the section's worst
     * @param text    escaped
     * @param source  the rule, e.g. "RFC 7672 §2.2", or ""
     */
    public record Row(boolean heading, Mark mark, String text, String source) {
    }

    private final Checker checker;
    private final Tasks tasks;
    private final StringProperty domain = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper reportText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    /** What stops the check under way, once its worker has handed it over. */
    private final AtomicReference<Runnable> cancelAction = new AtomicReference<>();
    /** Cancel was asked for before the worker handed over its cancel action. */
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    /** One read-only view, kept: a listener on a view made per call would go when the view is collected. */
    private final ObservableList<Row> readOnlyRows = FXCollections.unmodifiableObservableList(rows);

    public TlsCheckViewModel(Checker checker, Tasks tasks) {
        this.checker = checker;
        this.tasks = tasks;
    }

    /** The window's: the system's resolvers, the IANA root trust anchors, ports 25 and 443. */
    public static Checker systemChecker() {
        return (d, progress, onCancel) -> {
            TlsCheck check = new TlsCheck(TlsCheck.Settings.system());
            onCancel.accept(check::cancel);
            return check.run(d, progress);
        };
    }

    public StringProperty domainProperty() {
        return domain;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last report as text (for the clipboard); empty before one. */
    public ReadOnlyStringProperty reportTextProperty() {
        return reportText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ObservableList<Row> rows() {
        return readOnlyRows;
    }

    /** Starts a check of the domain typed; ignored while one runs. */
    public void check() {
        if (running.get()) {
            return;
        }
        String d = domain.get() == null ? "" : domain.get().strip();
        if (d.isEmpty()) {
            status.set("Type a domain, e.g. example.com");
            return;
        }
        rows.clear();
        reportText.set("");
        running.set(true);
        cancelAction.set(null);
        cancelRequested.set(false);
        status.set("Checking " + d + "...");
        tasks.<TlsCheckReport, String>run(progress -> {
            try {
                return checker.run(d, progress, action -> {
                    cancelAction.set(action);
                    if (cancelRequested.get()) {
                        action.run();
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, step -> {
            if (!cancelRequested.get()) {
                status.set(Printable.escape(step) + "...");
            }
        }, report -> {
            running.set(false);
            rows.setAll(rowsOf(report));
            reportText.set(ReportText.render(report));
            status.set(Printable.escape(report.domain()) + ": " + report.summary());
        }, failure -> {
            running.set(false);
            if (failure instanceof CancellationException) {
                status.set("Cancelled");
                return;
            }
            Throwable cause = failure instanceof UncheckedIOException u ? u.getCause() : failure;
            status.set("The check could not run: " + Printable.escape(String.valueOf(cause.getMessage())));
        });
    }

    /** Stops the check under way (its SMTP session ends at once); nothing when none runs. */
    public void cancel() {
        if (!running.get()) {
            return;
        }
        cancelRequested.set(true);
        status.set("Cancelling...");
        Runnable action = cancelAction.get();
        if (action != null) {
            action.run();
        }
    }

    static List<Row> rowsOf(TlsCheckReport report) {
        List<Row> out = new ArrayList<>();
        for (TlsCheckReport.Section s : report.sections()) {
            out.add(new Row(true, s.worst(), Printable.escape(s.title()), ""));
            for (Finding f : s.findings()) {
                out.add(new Row(false, f.mark(), Printable.escape(f.text()), f.source()));
            }
        }
        return out;
    }
}
