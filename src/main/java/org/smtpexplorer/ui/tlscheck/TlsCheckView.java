package org.smtpexplorer.ui.tlscheck;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.smtpexplorer.tlscheck.Mark;

/** Domain field, Check button, progress, and the report: a heading per section, a marked line per finding. */
public final class TlsCheckView extends TitledPane {
    private final VBox report = new VBox(2);

    public TlsCheckView(TlsCheckViewModel vm) {
        setText("Domain TLS check");
        setExpanded(false);
        setId("tls-check-pane");
        TextField domain = new TextField();
        domain.setPromptText("example.com");
        domain.setPrefColumnCount(10);
        domain.setId("tls-check-domain");
        domain.textProperty().bindBidirectional(vm.domainProperty());
        domain.setOnAction(e -> vm.check());
        HBox.setHgrow(domain, Priority.ALWAYS);
        Button check = new Button("Check");
        check.setId("tls-check-run");
        check.setTooltip(new Tooltip("Looks up the MX hosts, opens an SMTP session to each up to TLS (no mail is"
                + " sent), and checks STARTTLS, the certificate, DANE, MTA-STS and TLS-RPT"));
        check.disableProperty().bind(vm.runningProperty());
        check.setOnAction(e -> vm.check());
        check.setMinWidth(Region.USE_PREF_SIZE);
        Button cancel = new Button("Cancel");
        cancel.setId("tls-check-cancel");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Button copy = new Button("Copy report");
        copy.setId("tls-check-copy");
        copy.disableProperty().bind(vm.reportTextProperty().isEmpty());
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setTooltip(new Tooltip("Copy the whole report as text"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(vm.reportTextProperty().get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        Label status = new Label();
        status.setId("tls-check-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        report.setId("tls-check-report");
        vm.rows().addListener((ListChangeListener<TlsCheckViewModel.Row>) c -> show(vm));
        VBox box = new VBox(6, new HBox(6, domain, check, cancel, copy), status, report);
        box.setPadding(new Insets(6));
        setContent(box);
    }

    private void show(TlsCheckViewModel vm) {
        report.getChildren().clear();
        for (TlsCheckViewModel.Row row : vm.rows()) {
            Label l = new Label(row.heading() ? row.text() : row.mark().symbol() + " " + row.text()
                    + (row.source().isEmpty() ? "" : "  [" + row.source() + "]"));
            l.setWrapText(true);
            l.setMaxWidth(Double.MAX_VALUE);
            l.getStyleClass().add(row.heading() ? "tls-check-heading" : "tls-check-finding");
            l.getStyleClass().add(styleClass(row.mark()));
            if (row.heading()) {
                l.setPadding(new Insets(6, 0, 0, 0));
            } else {
                l.setPadding(new Insets(0, 0, 0, 10));
            }
            l.setTooltip(new Tooltip(row.mark().word()));
            report.getChildren().add(l);
        }
    }

    /** The mark's style class, for tests. */
    static String styleClass(Mark m) {
        return "tls-check-" + m.name().toLowerCase(java.util.Locale.ROOT);
    }
}
