package org.smtpexplorer.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javafx.geometry.Rectangle2D;
import javafx.stage.Stage;
import org.smtpexplorer.ui.common.SettingsFile;

/**
 * Where the window opens: where it was last time if that still fits on a screen, else its preferred size cut to the
 * screen it opens on (a 1280x720 projector included) and centred there. Kept in {@code window.properties} in the
 * data folder, beside the font zoom.
 */
final class WindowPlacement {
    static final double PREFERRED_WIDTH = 1360;
    static final double PREFERRED_HEIGHT = 840;
    /** Smaller than this and the step bar no longer fits. */
    static final double MIN_WIDTH = 900;
    static final double MIN_HEIGHT = 560;

    private WindowPlacement() {
    }

    /** The preferred size cut to {@code screen} (its visual bounds), centred on it. */
    static Rectangle2D fit(Rectangle2D screen) {
        double w = Math.min(PREFERRED_WIDTH, screen.getWidth());
        double h = Math.min(PREFERRED_HEIGHT, screen.getHeight());
        return new Rectangle2D(screen.getMinX() + (screen.getWidth() - w) / 2,
                screen.getMinY() + (screen.getHeight() - h) / 2, w, h);
    }

    /** The saved bounds when they lie wholly on one of {@code screens}, else {@link #fit} on the first. */
    static Rectangle2D choose(Rectangle2D saved, List<Rectangle2D> screens) {
        if (saved != null && saved.getWidth() >= MIN_WIDTH && saved.getHeight() >= MIN_HEIGHT) {
            for (Rectangle2D s : screens) {
                if (s.contains(saved)) {
                    return saved;
                }
            }
        }
        return fit(screens.get(0));
    }

    /** Puts {@code stage} at {@code bounds}; it may shrink to the smallest size the step bar fits, not less. */
    static void apply(Stage stage, Rectangle2D bounds) {
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setWidth(bounds.getWidth());
        stage.setHeight(bounds.getHeight());
        stage.setMinWidth(Math.min(MIN_WIDTH, bounds.getWidth()));
        stage.setMinHeight(Math.min(MIN_HEIGHT, bounds.getHeight()));
    }

    /** The bounds saved last time, or null when there are none (or they cannot be read). */
    static Rectangle2D load(Path file) {
        Properties p = SettingsFile.load(file);
        try {
            return new Rectangle2D(Double.parseDouble(p.getProperty("x")), Double.parseDouble(p.getProperty("y")),
                    Double.parseDouble(p.getProperty("width")), Double.parseDouble(p.getProperty("height")));
        } catch (RuntimeException e) {
            return null; // none saved, or damaged: that only costs the remembered size
        }
    }

    /** Saves {@code bounds}, keeping the file's other settings. */
    static void save(Path file, Rectangle2D bounds) throws IOException {
        SettingsFile.update(file, Map.of("x", Double.toString(bounds.getMinX()), "y",
                Double.toString(bounds.getMinY()), "width", Double.toString(bounds.getWidth()), "height",
                Double.toString(bounds.getHeight())));
    }
}
