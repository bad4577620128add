package org.smtpexplorer.ui.connection;

import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.smtpexplorer.engine.auth.Mechanisms;
import org.smtpexplorer.transport.SecurityMode;

/** The connection panel: binds to a {@link ConnectionViewModel}, nothing more. */
public final class ConnectionView extends VBox {

    public ConnectionView(ConnectionViewModel vm) {
        setSpacing(8);
        setPadding(new Insets(8));
        getStyleClass().add("connection-panel");

        GridPane server = grid();
        TextField host = field(vm.hostProperty(), "host");
        TextField port = field(vm.portProperty(), "port");
        port.setPrefColumnCount(5);
        ComboBox<SecurityMode> security = new ComboBox<>();
        security.getItems().setAll(SecurityMode.values());
        security.valueProperty().bindBidirectional(vm.securityProperty());
        security.setConverter(new StringConverter<>() {
            @Override
            public String toString(SecurityMode m) {
                return m == null ? "" : switch (m) {
                    case NONE -> "None (plain text)";
                    case STARTTLS -> "STARTTLS required";
                    case STARTTLS_IF_AVAILABLE -> "STARTTLS if available";
                    case IMPLICIT -> "Implicit TLS (465)";
                };
            }

            @Override
            public SecurityMode fromString(String s) {
                return null;
            }
        });
        security.setId("security");
        TextField helo = field(vm.heloProperty(), "helo");
        TextField pem = field(vm.trustPemProperty(), "trust-pem");
        pem.setPromptText("PEM file to trust (optional)");
        CheckBox insecure = new CheckBox("Insecure: accept any certificate");
        insecure.selectedProperty().bindBidirectional(vm.insecureProperty());
        insecure.setId("insecure");
        insecure.selectedProperty().addListener((o, a, b) -> insecure.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("on"), b));
        insecure.getStyleClass().add("insecure-toggle");
        row(server, 0, "Host", host);
        row(server, 1, "Port", port);
        row(server, 2, "Security", security);
        row(server, 3, "HELO name", helo);
        row(server, 4, "Trust", pem);
        server.add(insecure, 0, 5, 2, 1);

        GridPane auth = grid();
        ComboBox<String> mech = new ComboBox<>();
        mech.getItems().add(ConnectionViewModel.NO_AUTH);
        mech.getItems().add("auto");
        mech.getItems().addAll(Mechanisms.SUPPORTED);
        mech.valueProperty().bindBidirectional(vm.authMechanismProperty());
        mech.setId("auth-mechanism");
        PasswordField password = new PasswordField();
        password.textProperty().bindBidirectional(vm.passwordProperty());
        password.setId("password");
        CheckBox plaintext = new CheckBox("Allow plaintext AUTH without TLS");
        plaintext.selectedProperty().bindBidirectional(vm.allowPlaintextAuthProperty());
        row(auth, 0, "Mechanism", mech);
        row(auth, 1, "User", field(vm.userProperty(), "user"));
        row(auth, 2, "Password", password);
        auth.add(plaintext, 0, 3, 2, 1);

        GridPane message = grid();
        row(message, 0, "From", field(vm.fromProperty(), "from"));
        row(message, 1, "To", field(vm.toProperty(), "to"));
        row(message, 2, "Subject", field(vm.subjectProperty(), "subject"));
        TextArea body = new TextArea();
        body.textProperty().bindBidirectional(vm.bodyProperty());
        body.setPrefRowCount(4);
        body.setWrapText(true);
        body.setId("body");
        message.add(body, 0, 3, 2, 1);
        row(message, 4, "Timeout (s)", field(vm.timeoutProperty(), "timeout"));

        getChildren().addAll(titled("Server", server), titled("Authentication", auth), titled("Message", message));
    }

    private static TitledPane titled(String title, GridPane content) {
        TitledPane t = new TitledPane(title, content);
        t.setCollapsible(true);
        return t;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(6);
        return g;
    }

    private static TextField field(javafx.beans.property.StringProperty p, String id) {
        TextField f = new TextField();
        f.textProperty().bindBidirectional(p);
        f.setId(id);
        return f;
    }

    private static void row(GridPane g, int r, String label, javafx.scene.Node node) {
        g.add(new Label(label), 0, r);
        g.add(node, 1, r);
        GridPane.setHgrow(node, Priority.ALWAYS);
    }
}
