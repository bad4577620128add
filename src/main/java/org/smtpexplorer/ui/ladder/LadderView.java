package org.smtpexplorer.ui.ladder;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.smtpexplorer.transcript.Ladder.Kind;
import org.smtpexplorer.transcript.LadderLayout;
import org.smtpexplorer.transcript.LadderLayout.Ink;
import org.smtpexplorer.transcript.LadderSvg;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptEntry;

/**
 * The session as a ladder (a sequence diagram), drawn on a canvas: client and server lifelines, time flowing down,
 * one arrow per command and reply, pipelined flights as fans, the TLS handshake as a band. Only the rows in view
 * are drawn, so a session of tens of thousands of commands scrolls as lightly as a short one; what arrived is taken
 * in once per pulse. Click (or Up and Down) selects a rung; its exchange's exact bytes show below the ladder. An AUTH
 * exchange of several round trips shows folded into one row; a click on it (or Enter) opens it, and folds it again.
 */
public final class LadderView extends BorderPane {
    private static final String FONT_FAMILY = "DejaVu Sans";
    /** Bounds the work of one pulse, as the transcript does. */
    private static final long BUDGET_NANOS = 8_000_000;
    private static final List<CssMetaData<? extends Styleable, ?>> CSS;
    private static final Map<Swatch, CssMetaData<LadderView, Color>> COLOUR_META = new EnumMap<>(Swatch.class);
    private static final CssMetaData<LadderView, Number> FONT_SIZE_META = new CssMetaData<>("-ladder-font-size",
            StyleConverter.getSizeConverter(), 13) {
        @Override
        public boolean isSettable(LadderView v) {
            return !v.fontSize.isBound();
        }

        @Override
        public StyleableProperty<Number> getStyleableProperty(LadderView v) {
            return v.fontSize;
        }
    };

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(BorderPane.getClassCssMetaData());
        for (Swatch s : Swatch.values()) {
            CssMetaData<LadderView, Color> meta = new CssMetaData<>(s.property, StyleConverter.getColorConverter(),
                    Color.TRANSPARENT) {
                @Override
                public boolean isSettable(LadderView v) {
                    return !v.colours.get(s).isBound();
                }

                @Override
                public StyleableProperty<Color> getStyleableProperty(LadderView v) {
                    return v.colours.get(s);
                }
            };
            COLOUR_META.put(s, meta);
            all.add(meta);
        }
        all.add(FONT_SIZE_META);
        CSS = Collections.unmodifiableList(all);
    }

    private final Map<Swatch, StyleableObjectProperty<Color>> colours = new EnumMap<>(Swatch.class);
    private final StyleableObjectProperty<Number> fontSize = new SimpleStyleableObjectProperty<>(FONT_SIZE_META,
            this, "fontSize", 13);
    private final LadderViewModel vm;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final TextArea bytes = new TextArea();
    private final Tooltip tip = new Tooltip();
    private final BooleanProperty revealSecrets = new SimpleBooleanProperty(false);
    private final Function<TranscriptEntry, String> explainer;
    private LadderPainter painter;
    private boolean dirty = true;
    private int hovered = -1;
    private boolean revealSelection;
    private long longestPaintNanos;
    /** The view is at the end and stays there as rows arrive. */
    private boolean following = true;
    private final AnimationTimer pulse = new AnimationTimer() {
        @Override
        public void handle(long now) {
            onPulse();
        }
    };

    /**
     * @param explainer what a rung means, for its tooltip (the Explain pane's text); may return an empty string
     */
    public LadderView(Transcript transcript, Function<TranscriptEntry, String> explainer) {
        this.explainer = explainer;
        for (Swatch s : Swatch.values()) {
            SimpleStyleableObjectProperty<Color> p = new SimpleStyleableObjectProperty<>(COLOUR_META.get(s), this,
                    s.property, Color.TRANSPARENT);
            p.addListener((o, a, b) -> dirty = true);
            colours.put(s, p);
        }
        getStyleClass().add("ladder-view");
        setId("ladder");
        vm = new LadderViewModel(transcript, 13);
        painter = new LadderPainter(vm.layout(), this::colour, FONT_FAMILY);
        fontSize.addListener((o, a, b) -> {
            vm.fontSize(b.doubleValue());
            painter = new LadderPainter(vm.layout(), this::colour, FONT_FAMILY);
            updateScroll();
            dirty = true;
        });

        Pane surface = new Pane(canvas) {
            @Override
            protected void layoutChildren() {
                canvas.setWidth(Math.max(1, Math.floor(getWidth())));
                canvas.setHeight(Math.max(1, Math.floor(getHeight())));
                updateScroll();
                dirty = true;
            }
        };
        surface.setMinSize(0, 0);
        surface.getStyleClass().add("ladder-surface");
        canvas.setFocusTraversable(true);
        canvas.setId("ladder-canvas");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setId("ladder-scroll");
        scroll.valueProperty().addListener((o, a, b) -> {
            // Scrolled to the end (by the user, or to a selection there), the view follows new rows; else it stays.
            following = b.doubleValue() >= scroll.getMax() - 1;
            dirty = true;
        });
        bytes.setEditable(false);
        bytes.setWrapText(true);
        bytes.setPrefRowCount(2);
        bytes.setMinHeight(Region.USE_PREF_SIZE);
        bytes.setId("ladder-bytes");
        bytes.getStyleClass().add("ladder-bytes");
        bytes.setPromptText("Click an arrow: the exact bytes of its exchange show here (Up and Down move).");
        setCenter(surface);
        setRight(scroll);
        setBottom(bytes);

        tip.setShowDelay(Duration.millis(300));
        tip.setWrapText(true);
        tip.setMaxWidth(520);
        canvas.setOnScroll(e -> scroll.setValue(clamp(scroll.getValue() - e.getDeltaY())));
        canvas.setOnMousePressed(e -> {
            canvas.requestFocus();
            // Not on to the tab pane around, which takes the focus on a press and with it Up, Down and Enter.
            e.consume();
            int row = rowAt(e);
            if (row >= 0) {
                vm.select(row);
                if (vm.toggle(row)) {
                    hovered = -1;
                    toggled();
                }
            }
        });
        canvas.setOnMouseMoved(this::hover);
        canvas.setOnMouseExited(e -> hover(null));
        canvas.setOnKeyPressed(e -> {
            int page = Math.max(1, (int) (viewportHeight() / vm.layout().rowHeight()) - 1);
            switch (e.getCode()) {
                case UP -> vm.move(-1);
                case DOWN -> vm.move(1);
                case PAGE_UP -> vm.move(-page);
                case PAGE_DOWN -> vm.move(page);
                case HOME -> vm.select(0);
                case END -> vm.select(vm.layout().size() - 1);
                case ENTER, SPACE -> {
                    if (!vm.toggle(vm.selectedRowProperty().get())) {
                        return;
                    }
                    toggled();
                }
                default -> {
                    return;
                }
            }
            e.consume();
        });
        vm.selectedRowProperty().addListener((o, a, b) -> {
            showBytes();
            // Scrolled to at the next pulse, once the scroll bar knows the rows taken in with it.
            revealSelection = true;
            dirty = true;
        });
        revealSecrets.addListener((o, a, b) -> showBytes());
        pulse.start();
    }

    /**
     * A fold opened or closed: the rows above it are as they were, so the view stays where it is (the fold under the
     * pointer) rather than jump to the end it was following.
     */
    private void toggled() {
        following = false;
        updateScroll();
        dirty = true;
    }

    private Color colour(Swatch s) {
        return colours.get(s).get();
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS;
    }

    public LadderViewModel viewModel() {
        return vm;
    }

    public Canvas canvas() {
        return canvas;
    }

    public ScrollBar scrollBar() {
        return scroll;
    }

    /** Shows secrets in the exchange's bytes (on screen only, as the transcript's toggle). */
    public BooleanProperty revealSecretsProperty() {
        return revealSecrets;
    }

    public ReadOnlyObjectProperty<TranscriptEntry> selectedEntryProperty() {
        return vm.selectedEntryProperty();
    }

    /**
     * Selects the rung of transcript entry {@code seq} (none if it drew none; once it is taken in if it is not yet)
     * and scrolls to it.
     */
    public void select(long seq) {
        vm.selectSeq(seq);
    }

    /** Where a row's top is on the canvas now (header included): for tests and for scrolling to it. */
    public double canvasY(double layoutY) {
        return layoutY + offset();
    }

    /** The columns at the canvas's current width. */
    public LadderLayout.Columns columns() {
        return vm.layout().columns(canvas.getWidth());
    }

    /** Takes in what arrived and draws now; public so tests need not wait for a pulse. */
    public void drainNow() {
        while (vm.pull(BUDGET_NANOS)) {
            updateScroll();
        }
        if (revealSelection) {
            revealSelection = false;
            ensureVisible(vm.selectedRowProperty().get());
        }
        paint();
    }

    /** The longest a pulse spent taking entries in, in milliseconds. */
    public long longestPullMillis() {
        return vm.longestPullMillis();
    }

    public void stop() {
        pulse.stop();
    }

    private void onPulse() {
        if (vm.pull(BUDGET_NANOS)) {
            updateScroll();
            dirty = true;
        }
        if (showing()) {
            if (revealSelection) {
                revealSelection = false;
                ensureVisible(vm.selectedRowProperty().get());
            }
            if (dirty) {
                paint();
            }
        }
    }

    /** Whether the view is on screen: a tab that is not selected is not drawn. */
    private boolean showing() {
        if (getScene() == null) {
            return false;
        }
        for (Node n = this; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private double offset() {
        return vm.layout().headerHeight() - scroll.getValue();
    }

    private double viewportHeight() {
        return Math.max(0, canvas.getHeight() - vm.layout().headerHeight());
    }

    private double clamp(double v) {
        return Math.max(0, Math.min(scroll.getMax(), v));
    }

    private void updateScroll() {
        boolean follow = following;
        LadderLayout layout = vm.layout();
        double view = viewportHeight();
        double max = Math.max(0, layout.totalHeight() + layout.rowHeight() - view);
        scroll.setMax(max);
        scroll.setVisibleAmount(max == 0 ? 1 : Math.max(1, view * max / Math.max(1, layout.totalHeight())));
        scroll.setUnitIncrement(layout.rowHeight());
        scroll.setBlockIncrement(Math.max(layout.rowHeight(), view * 0.9));
        scroll.setValue(follow ? max : clamp(scroll.getValue()));
    }

    private void ensureVisible(int row) {
        if (row < 0) {
            return;
        }
        LadderLayout layout = vm.layout();
        double top = layout.rowTop(row);
        double bottom = top + layout.rowHeight(row);
        double view = viewportHeight();
        if (row == layout.size() - 1) {
            // The last row: to the end, where the view follows new rows.
            scroll.setValue(scroll.getMax());
        } else if (top < scroll.getValue()) {
            scroll.setValue(clamp(top));
        } else if (bottom > scroll.getValue() + view) {
            scroll.setValue(clamp(bottom - view));
        }
    }

    private void paint() {
        long started = System.nanoTime();
        int selected = vm.selectedRowProperty().get();
        painter.paint(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight(), offset(), true,
                vm.server(), selected, selected < 0 ? List.of() : vm.exchange(selected));
        dirty = false;
        longestPaintNanos = Math.max(longestPaintNanos, System.nanoTime() - started);
    }

    /** The longest one drawing of the rows in view took, in milliseconds. */
    public long longestPaintMillis() {
        return longestPaintNanos / 1_000_000;
    }

    private int rowAt(MouseEvent e) {
        if (e == null || e.getY() < vm.layout().headerHeight()) {
            return -1;
        }
        return vm.layout().hit(e.getX(), e.getY() - offset(), columns(), t -> painter.width(t, false));
    }

    private void hover(MouseEvent e) {
        int row = rowAt(e);
        if (row == hovered) {
            return;
        }
        hovered = row;
        if (row < 0) {
            Tooltip.uninstall(canvas, tip);
            return;
        }
        String label = LadderLayout.label(vm.layout().rung(row));
        if (vm.isFold(row)) {
            tip.setText(label + "\n\n" + (vm.layout().rung(row).kind() == Kind.FOLDED ? "Click (or Enter) to open: each"
                    + " challenge and response as its own arrow." : "Click (or Enter) to fold these steps into one row"
                    + " again."));
            Tooltip.install(canvas, tip);
            return;
        }
        String explanation = explainer.apply(vm.entry(row));
        tip.setText(label + (explanation == null || explanation.isBlank() ? "" : "\n\n" + explanation));
        Tooltip.install(canvas, tip);
    }

    private void showBytes() {
        int row = vm.selectedRowProperty().get();
        bytes.setText(row < 0 ? "" : vm.exchangeBytes(row, revealSecrets.get()));
    }

    /** The current theme's colours, for an SVG that looks like the window. */
    public LadderSvg.Palette palette() {
        Map<Ink, String> inks = new EnumMap<>(Ink.class);
        for (Ink ink : Ink.values()) {
            inks.put(ink, web(colour(Swatch.of(ink))));
        }
        return new LadderSvg.Palette(web(colour(Swatch.BACKGROUND)), web(colour(Swatch.TEXT)), inks,
                web(colour(Swatch.TLS_BACKGROUND)), web(colour(Swatch.ERROR_BACKGROUND)));
    }

    private static String web(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    /** Writes the ladder as SVG, folds as on screen (in this theme's colours; secrets redacted, as always). */
    public void writeSvg(Path file) throws IOException {
        drainNow();
        Files.writeString(file, LadderSvg.write(vm.ladder(), palette()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes the ladder as Mermaid for Markdown, folds as on screen (secrets redacted, as always in the ladder). */
    public void writeMermaid(Path file) throws IOException {
        drainNow();
        Files.writeString(file, vm.ladder().toMermaid(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The narrowest PNG written, in pixels: a slide's width, whatever the width of the view. */
    public static final int PNG_MIN_WIDTH = 960;
    /** The tallest PNG written, in pixels; a longer session is better saved as SVG. */
    public static final int PNG_MAX_HEIGHT = 200_000;
    private static final int PNG_BAND = 2048;

    /**
     * Writes the whole ladder (not just what is in view) as a PNG as wide as the view (at least {@link
     * #PNG_MIN_WIDTH}), drawn in bands of {@link #PNG_BAND} rows of pixels; call on the FX thread.
     */
    public void writePng(Path file) throws IOException {
        drainNow();
        LadderLayout layout = vm.layout();
        int width = (int) Math.max(PNG_MIN_WIDTH, canvas.getWidth());
        double header = layout.headerHeight();
        int height = (int) Math.ceil(header + layout.totalHeight() + layout.rowHeight());
        if (height > PNG_MAX_HEIGHT) {
            throw new IOException("the ladder is " + height + " pixels tall, more than a PNG of it should be ("
                    + PNG_MAX_HEIGHT + "); save it as SVG instead");
        }
        Canvas band = new Canvas(width, Math.min(PNG_BAND, height));
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(colour(Swatch.BACKGROUND));
        int[] argb = new int[width * (int) band.getHeight()];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
             PngWriter png = new PngWriter(out, width, height)) {
            for (int top = 0; top < height; top += PNG_BAND) {
                int rows = Math.min(PNG_BAND, height - top);
                painter.paint(band.getGraphicsContext2D(), width, rows, header - top, false, vm.server(), -1,
                        List.of());
                WritableImage image = band.snapshot(params, null);
                image.getPixelReader().getPixels(0, 0, width, rows, PixelFormat.getIntArgbInstance(), argb, 0, width);
                png.writeRows(argb, rows);
            }
        }
        dirty = true;
    }
}
