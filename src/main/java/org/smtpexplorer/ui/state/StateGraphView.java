package org.smtpexplorer.ui.state;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.animation.Animation;
import javafx.animation.PathTransition;
import javafx.animation.PauseTransition;
import javafx.animation.SequentialTransition;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Side;
import javafx.scene.Cursor;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.util.Duration;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.ui.session.SessionSnapshot;

/**
 * The session's state table drawn as a graph: the current state filled, the edges that may be taken now drawn
 * bold, the one "Run to end" would take bolder still, and the edges the last step went along traced by a moving
 * dot. Clicking a bold edge (or its label) takes its step; with several steps on one edge (EHLO or HELO), a menu
 * asks which. The drawing is scaled to fit the pane, so no label is ever cut.
 */
public final class StateGraphView extends VBox {
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final PseudoClass LEGAL = PseudoClass.getPseudoClass("legal");
    private static final PseudoClass NEXT = PseudoClass.getPseudoClass("next");
    private static final PseudoClass TAKEN = PseudoClass.getPseudoClass("taken");
    /** Smaller than this and the names are too small to read: the pane scrolls instead (it is clipped). */
    private static final double MIN_SCALE = 0.6;
    private static final double MAX_SCALE = 1.5;
    private static final Duration STEP_TIME = Duration.millis(350);

    private final StateGraphViewModel model;
    private final Canvas canvas = new Canvas();
    private final Label caption = new Label();
    private final Map<SessionState, Label> nodes = new EnumMap<>(SessionState.class);
    private final Map<StateGraph.Edge, EdgeShape> edges = new HashMap<>();
    /** Tooltips not made yet: they are made a second after the graph is shown, or at the first mouse-over. */
    private final List<Runnable> tips = new ArrayList<>();
    private final Label anyState = new Label("any state");
    private final Circle dot = new Circle(4.5);
    private StateGraphLayout layout;
    private Animation running;

    /** An edge's nodes: its line, a wider invisible line to click, its arrowhead and its label. */
    private record EdgeShape(Group group, Polyline line, Polyline hit, Polygon arrow, Label label) {
        List<Node> all() {
            return List.of(group, label);
        }
    }

    public StateGraphView(StateGraphViewModel model) {
        this.model = model;
        setId("state-graph");
        getStyleClass().add("state-graph");
        setSpacing(4);
        setPadding(new Insets(4));
        StateGraph graph = model.graph();
        for (SessionState s : graph.nodes()) {
            Label l = new Label(s.name());
            l.setId("state-" + s.name());
            l.getStyleClass().add("graph-node");
            String tip = s.name() + ": " + s.description() + loopText(s);
            tips.add(() -> l.setTooltip(tooltip(tip)));
            nodes.put(s, l);
        }
        anyState.getStyleClass().addAll("graph-node", "any-state");
        tips.add(() -> anyState.setTooltip(tooltip("Some events can happen in any state: a 421 reply or a dropped"
                + " connection closes the session; a malformed reply breaks it.")));
        List<Node> lines = new ArrayList<>();
        List<Node> labels = new ArrayList<>();
        for (StateGraph.Edge e : graph.edges()) {
            EdgeShape shape = shape(e);
            edges.put(e, shape);
            lines.add(shape.group());
            labels.add(shape.label());
        }
        dot.getStyleClass().add("taken-dot");
        dot.setVisible(false);
        dot.setMouseTransparent(true);
        canvas.drawing.getChildren().addAll(lines);
        canvas.drawing.getChildren().addAll(nodes.values());
        canvas.drawing.getChildren().add(anyState);
        canvas.drawing.getChildren().addAll(labels);
        canvas.drawing.getChildren().add(dot);
        caption.getStyleClass().add("graph-caption");
        caption.setId("state-caption");
        // One line, so the graph keeps its room; the whole of it in the tooltip.
        Tooltip whole = tooltip("");
        whole.textProperty().bind(caption.textProperty());
        caption.setTooltip(whole);
        caption.setMinWidth(0);
        setVgrow(canvas, javafx.scene.layout.Priority.ALWAYS);
        getChildren().addAll(canvas, caption);

        // The nodes' and edges' tooltips (some 70, each a popup window of its own) are made a second after the graph
        // is first shown, or when the pointer first comes over it if that is sooner: making them took a tenth of
        // the time the window needed to its first frame, and made in the middle of a run they held up a pulse.
        addEventHandler(MouseEvent.MOUSE_ENTERED, e -> installTooltips());
        javafx.animation.PauseTransition idle = new javafx.animation.PauseTransition(Duration.seconds(1));
        idle.setOnFinished(e -> installTooltips());
        sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
                                javafx.scene.Scene was, javafx.scene.Scene now) {
                if (now != null) {
                    sceneProperty().removeListener(this);
                    idle.play();
                }
            }
        });
        model.snapshotProperty().addListener((o, a, b) -> highlight());
        model.takenProperty().addListener((o, a, b) -> animate(b.edges()));
        highlight();
    }

    /** Gives every node and edge its tooltip, once (later calls do nothing). */
    public void installTooltips() {
        tips.forEach(Runnable::run);
        tips.clear();
    }

    public StateGraphViewModel model() {
        return model;
    }

    /** The nodes drawing {@code edge}: its line's group and its label (tests click them). */
    public List<Node> nodesOf(StateGraph.Edge edge) {
        return edges.get(edge).all();
    }

    public Label nodeOf(SessionState state) {
        return nodes.get(state);
    }

    private static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(300));
        t.setWrapText(true);
        t.setMaxWidth(420);
        return t;
    }

    /** What keeps a state where it is, for its tooltip. */
    private String loopText(SessionState s) {
        return model.graph().edges().stream().filter(e -> e.isLoop() && e.from() == s).findFirst()
                .map(e -> "\n\nStays here on:\n" + e.details()).orElse("");
    }

    private EdgeShape shape(StateGraph.Edge e) {
        Polyline line = new Polyline();
        line.getStyleClass().add("edge-line");
        line.setFill(null);
        Polyline hit = new Polyline();
        hit.setFill(null);
        hit.setStroke(Color.TRANSPARENT);
        hit.setStrokeWidth(10);
        Polygon arrow = new Polygon();
        arrow.getStyleClass().add("edge-arrow");
        Group group = new Group(line, arrow, hit);
        Label label = new Label(e.isLoop() ? "\u21bb" : e.label());
        label.getStyleClass().add(e.isLoop() ? "loop-marker" : "edge-label");
        String id = "edge-" + (e.fromAnyState() ? "ANY" : e.from().name()) + "-" + e.to().name();
        group.setId(id);
        label.setId(id + "-label");
        for (Node n : List.of(group, label)) {
            n.getStyleClass().add("graph-edge");
            if (e.isAutomatic()) {
                n.getStyleClass().add("automatic");
            }
            n.addEventHandler(MouseEvent.MOUSE_CLICKED, ev -> {
                if (ev.getButton() == MouseButton.PRIMARY) {
                    clicked(e, n);
                    ev.consume();
                }
            });
        }
        tips.add(() -> {
            Tooltip.install(group, tooltip(e.details()));
            label.setTooltip(tooltip(e.details()));
        });
        return new EdgeShape(group, line, hit, arrow, label);
    }

    /** Takes the edge's step; with several, asks which. */
    private void clicked(StateGraph.Edge e, Node source) {
        List<Step> choices = model.choices(e);
        if (choices.size() == 1) {
            model.take(e, choices.get(0));
        } else if (choices.size() > 1) {
            ContextMenu menu = new ContextMenu();
            menu.setId("edge-menu");
            for (Step s : choices) {
                MenuItem item = new MenuItem(s.label());
                item.setId("edge-menu-" + s.name().toLowerCase());
                item.setOnAction(a -> model.take(e, s));
                menu.getItems().add(item);
            }
            menu.show(source, Side.BOTTOM, 0, 0);
        }
    }

    private void highlight() {
        SessionSnapshot s = model.snapshotProperty().get();
        Set<StateGraph.Edge> legal = model.legalProperty().get();
        StateGraph.Edge next = model.nextProperty().get();
        nodes.forEach((state, l) -> l.pseudoClassStateChanged(CURRENT, state == s.state()));
        edges.forEach((e, shape) -> {
            for (Node n : shape.all()) {
                n.pseudoClassStateChanged(LEGAL, legal.contains(e));
                n.pseudoClassStateChanged(NEXT, e.equals(next));
                n.setCursor(legal.contains(e) ? Cursor.HAND : null);
            }
            // The taken edge and the legal ones are drawn over the rest.
            if (legal.contains(e)) {
                shape.group().toFront();
                shape.label().toFront();
            }
        });
        dot.toFront();
        caption.setText(s.state().name() + ": " + s.state().description() + (s.legal().isEmpty() ? ""
                : ". Legal now: " + legalText(s.legal())));
    }

    /** The commands in session order, as they are written. */
    public static String legalText(Set<Verb> verbs) {
        return String.join(", ", verbs.stream().filter(v -> v.word() != null).sorted().map(Verb::word).toList());
    }

    /** Traces the edges the last step went along with a dot, one after another, each lit while the dot runs. */
    private void animate(List<StateGraph.Edge> taken) {
        if (running != null) {
            running.stop();
            edges.values().forEach(shape -> shape.all().forEach(n -> n.pseudoClassStateChanged(TAKEN, false)));
        }
        if (layout == null || taken.isEmpty()) {
            return;
        }
        SequentialTransition all = new SequentialTransition();
        for (StateGraph.Edge e : taken) {
            EdgeShape shape = edges.get(e);
            StateGraphLayout.Route route = route(e);
            Animation one;
            if (route == null || route.points().size() < 2) {
                one = new PauseTransition(STEP_TIME);
            } else {
                Path path = new Path();
                List<StateGraphLayout.Point> pts = route.points();
                path.getElements().add(new MoveTo(pts.get(0).x(), pts.get(0).y()));
                pts.subList(1, pts.size()).forEach(p -> path.getElements().add(new LineTo(p.x(), p.y())));
                one = new PathTransition(STEP_TIME, path, dot);
            }
            boolean moves = route != null && route.points().size() >= 2;
            one.statusProperty().addListener((o, was, is) -> {
                if (is == Animation.Status.RUNNING) {
                    shape.all().forEach(n -> n.pseudoClassStateChanged(TAKEN, true));
                    dot.setVisible(moves);
                }
            });
            all.getChildren().add(one);
        }
        PauseTransition linger = new PauseTransition(Duration.millis(600));
        all.getChildren().add(linger);
        all.setOnFinished(f -> {
            dot.setVisible(false);
            edges.values().forEach(shape -> shape.all().forEach(n -> n.pseudoClassStateChanged(TAKEN, false)));
        });
        running = all;
        all.play();
    }

    private StateGraphLayout.Route route(StateGraph.Edge e) {
        return layout.routes().stream().filter(r -> r.edge().equals(e)).findFirst().orElse(null);
    }

    /** Lays the graph out once the labels' sizes are known, then scales it to the space it is given. */
    private final class Canvas extends Pane {
        final Group drawing = new Group();
        private final Scale scale = new Scale(1, 1, 0, 0);
        private final Translate shift = new Translate();

        Canvas() {
            getStyleClass().add("graph-canvas");
            drawing.getTransforms().addAll(shift, scale);
            drawing.setManaged(false);
            drawing.setAutoSizeChildren(false);
            getChildren().add(drawing);
            Rectangle clip = new Rectangle();
            clip.widthProperty().bind(widthProperty());
            clip.heightProperty().bind(heightProperty());
            setClip(clip);
            setMinSize(0, 0);
        }

        @Override
        protected double computePrefWidth(double height) {
            return layout == null ? 340 : layout.width();
        }

        @Override
        protected double computePrefHeight(double width) {
            return layout == null ? 420 : layout.height();
        }

        @Override
        protected void layoutChildren() {
            if (layout == null) {
                place();
            }
            double s = Math.max(MIN_SCALE, Math.min(MAX_SCALE, Math.min(getWidth() / layout.width(),
                    getHeight() / layout.height())));
            scale.setX(s);
            scale.setY(s);
            shift.setX(Math.max(0, (getWidth() - layout.width() * s) / 2));
            shift.setY(Math.max(0, (getHeight() - layout.height() * s) / 2));
        }

        private void place() {
            nodes.values().forEach(Label::applyCss);
            edges.values().forEach(shape -> shape.label().applyCss());
            anyState.applyCss();
            double labelHeight = edges.values().stream().mapToDouble(shape -> shape.label().prefHeight(-1))
                    .max().orElse(14);
            layout = StateGraphLayout.of(model.graph(), s -> Math.ceil(nodes.get(s).prefWidth(-1)),
                    e -> Math.ceil(edges.get(e).label().prefWidth(-1)), labelHeight,
                    Math.ceil(anyState.prefWidth(-1)));
            layout.nodes().forEach((s, b) -> {
                Label l = nodes.get(s);
                l.resizeRelocate(b.x(), b.y(), b.width(), b.height());
            });
            StateGraphLayout.Box any = layout.anyState();
            anyState.setVisible(any != null);
            if (any != null) {
                anyState.resizeRelocate(any.x(), any.y(), any.width(), any.height());
            }
            for (StateGraphLayout.Route r : layout.routes()) {
                EdgeShape shape = edges.get(r.edge());
                StateGraphLayout.Box lb = r.label();
                shape.label().resizeRelocate(lb.x(), lb.y(), lb.width(), lb.height());
                List<Double> coords = new ArrayList<>();
                r.points().forEach(p -> {
                    coords.add(p.x());
                    coords.add(p.y());
                });
                shape.line().getPoints().setAll(coords);
                shape.hit().getPoints().setAll(coords);
                if (r.points().size() >= 2) {
                    shape.arrow().getPoints().setAll(arrowHead(r.points().get(r.points().size() - 2),
                            r.points().get(r.points().size() - 1)));
                }
            }
        }
    }

    /** A filled arrowhead ending at {@code tip}, pointing away from {@code from}. */
    static List<Double> arrowHead(StateGraphLayout.Point from, StateGraphLayout.Point tip) {
        double dx = tip.x() - from.x();
        double dy = tip.y() - from.y();
        double len = Math.max(1e-6, Math.hypot(dx, dy));
        double ux = dx / len;
        double uy = dy / len;
        double length = 7;
        double half = 3.5;
        double bx = tip.x() - ux * length;
        double by = tip.y() - uy * length;
        return List.of(tip.x(), tip.y(), bx - uy * half, by + ux * half, bx + uy * half, by - ux * half);
    }
}
