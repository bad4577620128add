package org.smtpexplorer.ui.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The font zoom of the panes people read from a distance (transcript, raw bytes, explanations, the ladder): one
 * factor for all, in steps from 50% to 300%, for a projector. A pane follows it with {@link #bindFontSize}; anything
 * drawn by hand can read {@link #factorProperty()}. Kept between runs by {@link #keptIn}. The app has one: every
 * window shares it, so zooming any window zooms them all, with the same keys ({@link #installKeys}).
 */
public final class Zoom {
    /** The steps Ctrl+= and Ctrl+- go through. */
    public static final List<Double> STEPS = List.of(0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0);
    static final String KEY = "font.zoom";
    private final ReadOnlyDoubleWrapper factor = new ReadOnlyDoubleWrapper(1.0);

    /** 1.0 is 100%. */
    public ReadOnlyDoubleProperty factorProperty() {
        return factor.getReadOnlyProperty();
    }

    public double factor() {
        return factor.get();
    }

    /** The next step up (Ctrl+=, Ctrl++). */
    public void zoomIn() {
        for (double s : STEPS) {
            if (s > factor.get() + 1e-9) {
                factor.set(s);
                return;
            }
        }
    }

    /** The next step down (Ctrl+-). */
    public void zoomOut() {
        for (int i = STEPS.size() - 1; i >= 0; i--) {
            if (STEPS.get(i) < factor.get() - 1e-9) {
                factor.set(STEPS.get(i));
                return;
            }
        }
    }

    /** Back to 100% (Ctrl+0). */
    public void reset() {
        factor.set(1.0);
    }

    /** Sets the factor, kept within the steps' range. */
    public void set(double f) {
        factor.set(Math.max(STEPS.get(0), Math.min(STEPS.get(STEPS.size() - 1), f)));
    }

    /** "150%". */
    public String percent() {
        return Math.round(factor.get() * 100) + "%";
    }

    /**
     * Sizes {@code node}'s font, and by inheritance its children's, to {@code basePx} times the factor (an inline
     * style, which wins over the style sheet; sizes in em inside it follow).
     */
    public void bindFontSize(Node node, double basePx) {
        node.styleProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "-fx-font-size: %.1fpx;", basePx * factor.get()), factor));
    }

    /**
     * Puts the zoom keys on {@code scene}: Ctrl+= (Ctrl++ without Shift on most layouts) and the keypad's +, Ctrl+-
     * and the keypad's -, Ctrl+0 and the keypad's 0 (back to 100%).
     */
    public void installKeys(Scene scene) {
        for (KeyCombination in : List.of(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_ANY), new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_ANY), new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN))) {
            scene.getAccelerators().put(in, this::zoomIn);
        }
        for (KeyCode out : List.of(KeyCode.MINUS, KeyCode.SUBTRACT)) {
            scene.getAccelerators().put(new KeyCodeCombination(out, KeyCombination.SHORTCUT_DOWN), this::zoomOut);
        }
        for (KeyCode reset : List.of(KeyCode.DIGIT0, KeyCode.NUMPAD0)) {
            scene.getAccelerators().put(new KeyCodeCombination(reset, KeyCombination.SHORTCUT_DOWN), this::reset);
        }
    }

    /**
     * A zoom read from {@code file} (the window's settings) and saved there whenever it changes; a file that
     * cannot be written only costs the remembered zoom.
     */
    public static Zoom keptIn(Path file) {
        Zoom zoom = new Zoom();
        try {
            zoom.set(Double.parseDouble(SettingsFile.load(file).getProperty(KEY, "1.0")));
        } catch (NumberFormatException e) {
            zoom.reset();
        }
        zoom.factor.addListener((o, a, b) -> {
            try {
                SettingsFile.update(file, Map.of(KEY, Double.toString(b.doubleValue())));
            } catch (IOException ex) {
                System.err.println("SMTP Explorer: cannot remember the font zoom: " + ex.getMessage());
            }
        });
        return zoom;
    }
}
