package org.smtpexplorer.ui.common;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * A table cell showing its text, and the whole of it in a tooltip: a narrow column cuts long text with an ellipsis.
 * An empty cell has no tooltip.
 */
public final class TextCell<S> extends TableCell<S, String> {
    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item);
        setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
    }
}
