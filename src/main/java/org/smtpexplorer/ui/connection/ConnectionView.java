package org.smtpexplorer.ui.connection;

import java.io.IOException;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
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
import org.smtpexplorer.profiles.Profile;
import org.smtpexplorer.profiles.ProfileStore;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.transport.SendRequest;

/** The connection panel: binds to a {@link ConnectionViewModel}, nothing more. */
public final class ConnectionView extends VBox {

    public ConnectionView(ConnectionViewModel vm, ProfileStore profiles) {
        setSpacing(8);
        setPadding(new Insets(8));
        getStyleClass().add("connection-panel");
        getChildren().add(profileBar(vm, profiles));

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
        ComboBox<SendRequest.Transfer> transfer = new ComboBox<>();
        transfer.getItems().setAll(SendRequest.Transfer.values());
        transfer.valueProperty().bindBidirectional(vm.transferProperty());
        transfer.setId("transfer");
        row(message, 5, "Run to end uses", transfer);
        row(message, 6, "BDAT chunk (bytes)", field(vm.chunkSizeProperty(), "chunk-size"));

        getChildren().addAll(titled("Server", server), titled("Authentication", auth), titled("Message", message));
    }

    private static HBox profileBar(ConnectionViewModel vm, ProfileStore store) {
        ComboBox<Profile> list = new ComboBox<>();
        list.setId("profiles");
        list.setPromptText("Profiles");
        list.setMaxWidth(Double.MAX_VALUE);
        list.setConverter(new StringConverter<>() {
            @Override
            public String toString(Profile p) {
                return p == null ? "" : p.name();
            }

            @Override
            public Profile fromString(String s) {
                return null;
            }
        });
        Runnable reload = () -> {
            try {
                list.getItems().setAll(store.load());
            } catch (IOException e) {
                list.getItems().setAll(ProfileStore.builtIns());
                new Alert(Alert.AlertType.ERROR, e.getMessage()).show();
            }
        };
        reload.run();
        list.setOnAction(e -> {
            if (list.getValue() != null) {
                vm.apply(list.getValue());
            }
        });
        Button save = new Button("Save...");
        save.setTooltip(new Tooltip("Save host, port, security, AUTH and user as a profile (never the password)"));
        save.setOnAction(e -> {
            TextInputDialog ask = new TextInputDialog(list.getValue() == null || list.getValue().builtIn() ? ""
                    : list.getValue().name());
            ask.setHeaderText("Save these connection settings as a profile.\nPasswords are never saved.");
            ask.showAndWait().filter(n -> !n.isBlank()).ifPresent(name -> {
                try {
                    store.save(vm.asProfile(name.strip()));
                    reload.run();
                } catch (IOException | IllegalArgumentException ex) {
                    new Alert(Alert.AlertType.ERROR, ex.getMessage()).show();
                }
            });
        });
        Button delete = new Button("Delete");
        delete.disableProperty().bind(list.valueProperty().isNull()
                .or(javafx.beans.binding.Bindings.createBooleanBinding(
                        () -> list.getValue() != null && list.getValue().builtIn(), list.valueProperty())));
        delete.setOnAction(e -> {
            try {
                store.delete(list.getValue().name());
                reload.run();
            } catch (IOException ex) {
                new Alert(Alert.AlertType.ERROR, ex.getMessage()).show();
            }
        });
        HBox.setHgrow(list, Priority.ALWAYS);
        save.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        delete.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return new HBox(6, list, save, delete);
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
        Label l = new Label(label);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        g.add(l, 0, r);
        g.add(node, 1, r);
        GridPane.setHgrow(node, Priority.ALWAYS);
    }
}
