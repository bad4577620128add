package org.smtpexplorer.ui.tls;

import java.security.cert.X509Certificate;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.smtpexplorer.transport.TlsInfo;

/** Shows the negotiated TLS parameters, the verdict and each certificate of the chain. */
public final class TlsView extends ScrollPane {
    private final VBox content = new VBox(8);

    public TlsView() {
        content.setPadding(new Insets(8));
        setContent(content);
        setFitToWidth(true);
        setId("tls-panel");
        show(null);
    }

    public void show(TlsInfo tls) {
        content.getChildren().clear();
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
}
