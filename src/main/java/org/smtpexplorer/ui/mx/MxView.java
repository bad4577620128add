package org.smtpexplorer.ui.mx;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.smtpexplorer.dns.MxLookup;

/** Domain field, Look up button, the hosts by preference and a Use button. */
public final class MxView extends TitledPane {
    public MxView(MxViewModel vm) {
        setText("MX lookup");
        setExpanded(false);
        TextField domain = new TextField();
        domain.setPromptText("example.com");
        domain.textProperty().bindBidirectional(vm.domainProperty());
        domain.setId("mx-domain");
        Button look = new Button("Look up");
        look.setId("mx-lookup");
        look.setOnAction(e -> vm.lookUp());
        domain.setOnAction(e -> vm.lookUp());
        HBox.setHgrow(domain, Priority.ALWAYS);
        ListView<MxLookup.MxHost> list = new ListView<>(vm.hosts());
        list.setPrefHeight(110);
        list.setId("mx-hosts");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(MxLookup.MxHost item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : MxViewModel.describe(item));
            }
        });
        Button use = new Button("Connect to this host on port 25");
        use.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        use.setOnAction(e -> vm.use(list.getSelectionModel().getSelectedItem()));
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.use(list.getSelectionModel().getSelectedItem());
            }
        });
        Label message = new Label();
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        message.setId("mx-message");
        VBox box = new VBox(6, new HBox(6, domain, look), message, list, use);
        box.setPadding(new Insets(6));
        setContent(box);
    }
}
