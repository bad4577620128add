package org.smtpexplorer.ui.tls;

import java.security.cert.X509Certificate;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.smtpexplorer.transport.TlsInfo;

/** Shows the negotiated TLS parameters, the verdict, the certificate pin and each certificate of the chain. */
public final class TlsView extends ScrollPane {
    private final VBox content = new VBox(8);
    private PinViewModel pins;
    private TlsInfo shown;

    public TlsView() {
        content.setPadding(new Insets(8));
        setContent(content);
        setFitToWidth(true);
        setId("tls-panel");
        show(null);
    }

    /** Shows the certificate pin with the TLS details, and the choices when it changed. */
    public void attach(PinViewModel pins) {
        this.pins = pins;
        pins.shownProperty().addListener((o, a, b) -> show(shown));
        show(shown);
    }

    public void show(TlsInfo tls) {
        shown = tls;
        content.getChildren().clear();
        if (pins != null && pins.shownProperty().get().state() != PinViewModel.State.NONE) {
            content.getChildren().add(pinBox(pins.shownProperty().get()));
        }
        if (tls == null) {
            content.getChildren().add(new Label("No TLS on this connection yet."));
            return;
        }
        Label verdict = new Label((tls.verified() ? "\u2714 " : "\u2716 ") + tls.verdict()
                + (tls.insecure() ? "  (insecure mode: accepted anyway)" : ""));
        verdict.getStyleClass().add(tls.verified() ? "verdict-ok" : "verdict-bad");
        verdict.setWrapText(true);
        verdict.setId("tls-verdict");
        content.getChildren().addAll(new Label(tls.protocol() + "  \u00b7  " + tls.cipherSuite()), verdict);
        int i = 0;
        for (X509Certificate cert : tls.chain()) {
            GridPane g = new GridPane();
            g.setHgap(8);
            g.setVgap(4);
            int row = 0;
            for (String[] fact : CertificateDescriber.describe(cert)) {
                Label v = new Label(fact[1]);
                v.setWrapText(true);
                // The names keep their width; the values wrap in what is left.
                Label name = new Label(fact[0]);
                name.setMinWidth(Region.USE_PREF_SIZE);
                g.addRow(row++, name, v);
            }
            ColumnConstraints values = new ColumnConstraints();
            values.setHgrow(Priority.ALWAYS);
            values.setFillWidth(true);
            g.getColumnConstraints().addAll(new ColumnConstraints(), values);
            content.getChildren().add(new TitledPane((i == 0 ? "Server certificate" : "Issuer #" + i), g));
            i++;
        }
    }

    private Node pinBox(PinViewModel.Shown s) {
        Label text = new Label(switch (s.state()) {
            case FIRST_USE -> "New pin: " + s.message();
            case SAME -> "\u2714 Pin: " + s.message();
            default -> s.message();
        });
        text.setWrapText(true);
        text.setId("tls-pin");
        VBox box = new VBox(6);
        box.getStyleClass().add(switch (s.state()) {
            case CHANGED, ERROR -> "pin-changed";
            case SAME -> "pin-same";
            default -> "pin-note";
        });
        if (s.state() == PinViewModel.State.CHANGED) {
            // The headline and the choices first: the details below may run past the bottom of a small tab.
            Label headline = new Label("\u26A0 Certificate CHANGED for " + s.check().endpoint()
                    + ": the session was stopped before AUTH and MAIL.");
            headline.setWrapText(true);
            headline.setId("tls-pin-headline");
            headline.getStyleClass().add("pin-headline");
            Button trust = new Button("Trust the new certificate");
            trust.setId("pin-trust");
            trust.setTooltip(new Tooltip("Replace the pin with the key presented now; run the session again"));
            trust.setOnAction(e -> pins.trustNew());
            Button keep = new Button("Keep the old pin");
            keep.setId("pin-keep");
            keep.setTooltip(new Tooltip("Sessions to this server keep stopping at TLS while it presents another key"));
            keep.setOnAction(e -> pins.keepOld());
            box.getChildren().addAll(headline, new FlowPane(8, 6, trust, keep));
        }
        box.getChildren().add(text);
        return box;
    }
}
