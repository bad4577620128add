package org.smtpexplorer.ui.lab;

import java.util.List;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.ServerLog;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * The lab's own log of the session beside the client's transcript, row by row (see {@link ServerSide}): what the
 * server received, sent and thought, next to what the client sent and read.
 */
public final class ServerSideView extends BorderPane {
    private final ObservableList<ServerSide.Row> rows = FXCollections.observableArrayList();
    private final Label caption = new Label();
    private final Supplier<LabServer> lab;

    /** {@code lab} gives the running lab server, or null while it starts. */
    public ServerSideView(Supplier<LabServer> lab) {
        this.lab = lab;
        ListView<ServerSide.Row> list = new ListView<>(rows);
        list.setId("server-side");
        list.getStyleClass().add("server-side");
        list.setCellFactory(v -> {
            RowCell cell = new RowCell();
            // The cell's width, not its text's, decides the columns' width.
            cell.prefWidthProperty().bind(v.widthProperty().subtract(24));
            return cell;
        });
        list.setPlaceholder(new Label("Connect to the lab server (the default target) to see its side of the"
                + " session here."));
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        caption.setPadding(new Insets(4, 6, 4, 6));
        caption.setId("server-side-caption");
        setTop(caption);
        setCenter(list);
    }

    /** Aligns the lab's log of the last connection in {@code entries}; call on the FX thread. */
    public void show(List<TranscriptEntry> entries) {
        LabServer server = lab.get();
        if (server == null) {
            rows.clear();
            caption.setText("The lab server is not running.");
            return;
        }
        var session = ServerSide.sessionOf(entries, server.serverLog().sessions());
        if (session.isEmpty()) {
            rows.clear();
            caption.setText("The last connection did not go to this window's lab server, so only the client's"
                    + " side is known (see Transcript).");
            return;
        }
        ServerLog.SessionLog s = session.get();
        rows.setAll(ServerSide.align(entries, s.lines()));
        caption.setText("Left: what the client sent and read. Right: the lab's session " + s.session() + " with "
                + s.client() + ", as the server saw it (-- lines are its own remarks).");
    }

    /** The rows shown (for tests). */
    public List<ServerSide.Row> rows() {
        return List.copyOf(rows);
    }

    private static final class RowCell extends ListCell<ServerSide.Row> {
        private final Label client = new Label();
        private final Label server = new Label();
        private final GridPane grid = new GridPane();

        RowCell() {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            grid.getColumnConstraints().addAll(half, half);
            grid.setHgap(12);
            // One row per line of text, never wrapped: rows keep their height, and a long line ends in "..." with
            // the whole row in the tooltip.
            client.setMinHeight(Region.USE_PREF_SIZE);
            server.setMinHeight(Region.USE_PREF_SIZE);
            client.getStyleClass().add("side-client");
            server.getStyleClass().add("side-server");
            grid.add(client, 0, 0);
            grid.add(server, 1, 0);
        }

        @Override
        protected void updateItem(ServerSide.Row row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            client.setText(row.client());
            server.setText(row.server());
            grid.getStyleClass().setAll("side-row", row.kind().name().toLowerCase().replace('_', '-'));
            Tooltip tip = new Tooltip((row.client() + "\n" + row.server()).strip());
            setTooltip(tip);
            client.setTooltip(tip);
            server.setTooltip(tip);
            setGraphic(grid);
        }
    }
}
