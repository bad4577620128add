package org.smtpexplorer.ui.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.smtpexplorer.engine.SessionState;

/**
 * Where the state graph's nodes, edges and labels go: a layered layout along the session's order, computed without
 * JavaFX so it can be tested. Each state sits on a rank, the longest run of forward moves from the first state
 * (a state only reached from "any state" goes last); the longest path through the ranks runs straight down the
 * middle and the other states of a rank sit beside it, right then left. An edge between neighbouring ranks, or one
 * with nothing in its way, is a straight line; any other runs out to a bus at the side (moves down on the left,
 * back up on the right) and in to its target, so no edge crosses a node. Labels go where they overlap neither a node
 * nor another label when there is such a place nearby.
 */
public final class StateGraphLayout {
    static final double NODE_HEIGHT = 20;
    static final double RANK_GAP = 22;
    static final double LANE_GAP = 18;
    static final double MARGIN = 6;
    static final double TRACK = 8;
    static final double PARALLEL = 5;
    static final double LOOP = 14;

    /** A point in the graph's own coordinates. */
    public record Point(double x, double y) {
    }

    /** A rectangle in the graph's own coordinates. */
    public record Box(double x, double y, double width, double height) {
        public double right() {
            return x + width;
        }

        public double bottom() {
            return y + height;
        }

        public double cx() {
            return x + width / 2;
        }

        public double cy() {
            return y + height / 2;
        }

        Box grow(double d) {
            return new Box(x - d, y - d, width + 2 * d, height + 2 * d);
        }

        Box moved(double dx, double dy) {
            return new Box(x + dx, y + dy, width, height);
        }

        boolean overlaps(Box o) {
            return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
        }

        boolean contains(Point p) {
            return p.x() >= x && p.x() <= right() && p.y() >= y && p.y() <= bottom();
        }

        /** True when the segment from {@code a} to {@code b} passes through this box. */
        boolean crossedBy(Point a, Point b) {
            int steps = 64;
            for (int i = 0; i <= steps; i++) {
                double t = (double) i / steps;
                if (contains(new Point(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * How an edge is drawn.
     *
     * @param edge   the edge
     * @param points its polyline, from the source to the target (an arrow at the end); for a loop, empty
     * @param label  where its label goes (for a loop, the loop marker)
     */
    public record Route(StateGraph.Edge edge, List<Point> points, Box label) {
    }

    private final Map<SessionState, Box> nodes;
    private final Box anyState;
    private final List<Route> routes;
    private final double width;
    private final double height;

    private StateGraphLayout(Map<SessionState, Box> nodes, Box anyState, List<Route> routes, double width,
                             double height) {
        this.nodes = nodes;
        this.anyState = anyState;
        this.routes = routes;
        this.width = width;
        this.height = height;
    }

    public Map<SessionState, Box> nodes() {
        return nodes;
    }

    /** The "any state" box the edges of events that can happen anywhere come from; null when there are none. */
    public Box anyState() {
        return anyState;
    }

    public List<Route> routes() {
        return routes;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /**
     * Lays {@code graph} out.
     *
     * @param nodeWidth     the width a state's box needs for its name
     * @param labelWidth    the width an edge's label needs (for a loop, its marker)
     * @param labelHeight   the height of a label
     * @param anyStateWidth the width of the "any state" box
     */
    public static StateGraphLayout of(StateGraph graph, ToDoubleFunction<SessionState> nodeWidth,
                                      ToDoubleFunction<StateGraph.Edge> labelWidth, double labelHeight,
                                      double anyStateWidth) {
        List<SessionState> states = graph.nodes();
        List<StateGraph.Edge> drawn = graph.edges().stream().filter(e -> !e.fromAnyState() && !e.isLoop()).toList();
        Map<SessionState, Integer> rank = ranks(states, drawn);
        Map<SessionState, Integer> lane = lanes(states, drawn, rank);

        // Lanes: as wide as their widest node, side by side.
        int minLane = lane.values().stream().min(Integer::compare).orElse(0);
        int maxLane = lane.values().stream().max(Integer::compare).orElse(0);
        Map<Integer, Double> laneWidth = new HashMap<>();
        states.forEach(s -> laneWidth.merge(lane.get(s), nodeWidth.applyAsDouble(s), Math::max));
        Map<Integer, Double> laneX = new HashMap<>();
        double x = 0;
        for (int l = minLane; l <= maxLane; l++) {
            if (laneWidth.containsKey(l)) {
                laneX.put(l, x);
                x += laneWidth.get(l) + LANE_GAP;
            }
        }
        int lastRank = rank.values().stream().max(Integer::compare).orElse(0);
        // A gap between ranks where a label finds no free place grows by a line, and the graph is laid out again.
        double[] gaps = new double[lastRank + 1];
        java.util.Arrays.fill(gaps, RANK_GAP);
        for (int attempt = 0; ; attempt++) {
            List<Double> crowded = new ArrayList<>();
            StateGraphLayout l = build(graph, drawn, rank, lane, laneX, laneWidth, gaps, nodeWidth, labelWidth,
                    labelHeight, anyStateWidth, crowded);
            if (crowded.isEmpty() || attempt == 2 * gaps.length) {
                return l;
            }
            double[] top = tops(gaps);
            for (double y : crowded) {
                int nearest = 0;
                for (int r = 0; r < gaps.length; r++) {
                    double mid = top[r] + NODE_HEIGHT + gaps[r] / 2;
                    if (Math.abs(mid - y) < Math.abs(top[nearest] + NODE_HEIGHT + gaps[nearest] / 2 - y)) {
                        nearest = r;
                    }
                }
                gaps[nearest] += labelHeight / 2;
            }
        }
    }

    /** The top of each rank, with {@code gaps[r]} below rank r. */
    private static double[] tops(double[] gaps) {
        double[] top = new double[gaps.length + 1];
        for (int r = 1; r <= gaps.length; r++) {
            top[r] = top[r - 1] + NODE_HEIGHT + gaps[r - 1];
        }
        return top;
    }

    /** One layout with the given gaps; the places where a label found no room are added to {@code crowded}. */
    private static StateGraphLayout build(StateGraph graph, List<StateGraph.Edge> drawn, Map<SessionState, Integer> rank,
                                          Map<SessionState, Integer> lane, Map<Integer, Double> laneX,
                                          Map<Integer, Double> laneWidth, double[] gaps,
                                          ToDoubleFunction<SessionState> nodeWidth,
                                          ToDoubleFunction<StateGraph.Edge> labelWidth, double labelHeight,
                                          double anyStateWidth, List<Double> crowded) {
        List<SessionState> states = graph.nodes();
        double[] top = tops(gaps);
        int lastRank = gaps.length - 1;
        Map<SessionState, Box> box = new EnumMap<>(SessionState.class);
        for (SessionState s : states) {
            double w = nodeWidth.applyAsDouble(s);
            int l = lane.get(s);
            box.put(s, new Box(laneX.get(l) + (laneWidth.get(l) - w) / 2, top[rank.get(s)], w, NODE_HEIGHT));
        }
        double left = box.values().stream().mapToDouble(Box::x).min().orElse(0);
        double right = box.values().stream().mapToDouble(Box::right).max().orElse(0);

        Router router = new Router(box, rank, lane, left, right, top, gaps);
        Map<StateGraph.Edge, List<Point>> lines = new java.util.LinkedHashMap<>();
        for (StateGraph.Edge e : drawn) {
            lines.put(e, router.route(e, graph));
        }
        Box any = null;
        List<StateGraph.Edge> fromAny = graph.edges().stream().filter(StateGraph.Edge::fromAnyState).toList();
        if (!fromAny.isEmpty()) {
            double cx = fromAny.stream().mapToDouble(e -> box.get(e.to()).cx()).average().orElse(0);
            any = new Box(cx - anyStateWidth / 2, top[lastRank + 1], anyStateWidth, NODE_HEIGHT);
            for (StateGraph.Edge e : fromAny) {
                Box to = box.get(e.to());
                double sx = Math.max(any.x() + PARALLEL, Math.min(any.right() - PARALLEL, to.cx()));
                lines.put(e, List.of(new Point(sx, any.y()), new Point(to.cx(), to.bottom())));
            }
        }
        List<Route> routes = new ArrayList<>();
        List<Box> taken = new ArrayList<>(box.values());
        if (any != null) {
            taken.add(any);
        }
        // A loop is a marker on its state's corner; placed first, so no label covers it.
        for (StateGraph.Edge e : graph.edges()) {
            if (e.isLoop()) {
                Box b = box.get(e.from());
                double w = labelWidth.applyAsDouble(e);
                Box marker = new Box(b.right() - w / 2, b.y() - LOOP / 2, w, LOOP);
                taken.add(marker);
                routes.add(new Route(e, List.of(), marker));
            }
        }
        Labeller labeller = new Labeller(taken, lines.values(), crowded);
        // Down lines of a side-by-side pair are moved left, so their labels go on the left first.
        lines.forEach((e, points) -> routes.add(new Route(e, points, labeller.place(points,
                labelWidth.applyAsDouble(e), labelHeight, !e.fromAnyState() && router.hasOpposite(e, graph)
                        && rank.get(e.to()) > rank.get(e.from())))));
        return translated(box, any, routes, taken);
    }

    /** Everything moved so the drawing starts at the margin, and the size that holds it all. */
    private static StateGraphLayout translated(Map<SessionState, Box> box, Box any, List<Route> routes,
                                               List<Box> taken) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        List<Box> all = new ArrayList<>(taken);
        routes.forEach(r -> all.add(r.label()));
        for (Route r : routes) {
            for (Point p : r.points()) {
                all.add(new Box(p.x(), p.y(), 0, 0));
            }
        }
        for (Box b : all) {
            minX = Math.min(minX, b.x());
            minY = Math.min(minY, b.y());
            maxX = Math.max(maxX, b.right());
            maxY = Math.max(maxY, b.bottom());
        }
        double dx = MARGIN - minX;
        double dy = MARGIN - minY;
        Map<SessionState, Box> nodes = new EnumMap<>(SessionState.class);
        box.forEach((s, b) -> nodes.put(s, b.moved(dx, dy)));
        List<Route> moved = routes.stream().map(r -> new Route(r.edge(),
                r.points().stream().map(p -> new Point(p.x() + dx, p.y() + dy)).toList(), r.label().moved(dx, dy)))
                .toList();
        return new StateGraphLayout(nodes, any == null ? null : any.moved(dx, dy), moved,
                maxX - minX + 2 * MARGIN, maxY - minY + 2 * MARGIN);
    }

    /** The longest run of forward moves (to a later state) from the first state; unreached states go last. */
    private static Map<SessionState, Integer> ranks(List<SessionState> states, List<StateGraph.Edge> drawn) {
        Map<SessionState, Integer> rank = new EnumMap<>(SessionState.class);
        List<SessionState> unreached = new ArrayList<>();
        for (SessionState s : states) {
            int r = -1;
            for (StateGraph.Edge e : drawn) {
                if (e.to() == s && e.from().ordinal() < s.ordinal()) {
                    r = Math.max(r, rank.getOrDefault(e.from(), 0) + 1);
                }
            }
            if (r < 0 && s != states.get(0)) {
                unreached.add(s);
            } else {
                rank.put(s, Math.max(r, 0));
            }
        }
        int last = rank.values().stream().max(Integer::compare).orElse(0);
        unreached.forEach(s -> rank.put(s, last));
        return rank;
    }

    /** The longest path in the middle lane; the other states of a rank beside it, right, left, further right... */
    private static Map<SessionState, Integer> lanes(List<SessionState> states, List<StateGraph.Edge> drawn,
                                                    Map<SessionState, Integer> rank) {
        Map<SessionState, Integer> lane = new EnumMap<>(SessionState.class);
        int last = rank.values().stream().max(Integer::compare).orElse(0);
        SessionState at = states.stream().filter(s -> rank.get(s) == last
                && drawn.stream().anyMatch(e -> e.to() == s)).findFirst().orElse(states.get(states.size() - 1));
        lane.put(at, 0);
        while (rank.get(at) > 0) {
            SessionState here = at;
            SessionState before = drawn.stream().filter(e -> e.to() == here && e.from().ordinal() < here.ordinal()
                    && rank.get(e.from()) == rank.get(here) - 1).map(StateGraph.Edge::from)
                    .min(Enum::compareTo).orElse(null);
            if (before == null) {
                break;
            }
            lane.put(before, 0);
            at = before;
        }
        for (int r = 0; r <= last; r++) {
            boolean middleTaken = false;
            for (SessionState s : states) {
                if (rank.get(s) == r && lane.containsKey(s)) {
                    middleTaken = true;
                }
            }
            int n = 0;
            for (SessionState s : states) {
                if (rank.get(s) == r && !lane.containsKey(s)) {
                    if (!middleTaken) {
                        lane.put(s, 0);
                        middleTaken = true;
                        continue;
                    }
                    n++;
                    lane.put(s, n % 2 == 1 ? (n + 1) / 2 : -(n / 2));
                }
            }
        }
        return lane;
    }

    /**
     * Puts labels beside their lines: never over a state or another label, and over as few other lines as can be;
     * near the middle of a line first, on the side the line was moved to when it runs beside its opposite.
     */
    private static final class Labeller {
        private static final double[] ALONG = {0.5, 0.35, 0.65, 0.2, 0.8};
        private final List<Box> taken;
        private final java.util.Collection<List<Point>> lines;
        private final List<Double> crowded;

        Labeller(List<Box> taken, java.util.Collection<List<Point>> lines, List<Double> crowded) {
            this.taken = taken;
            this.lines = lines;
            this.crowded = crowded;
        }

        Box place(List<Point> points, double w, double h, boolean leftFirst) {
            List<Box> candidates = candidates(points, w, h, leftFirst);
            Box best = null;
            int bestCrossings = Integer.MAX_VALUE;
            for (Box c : candidates) {
                if (taken.stream().anyMatch(t -> t.grow(1).overlaps(c))) {
                    continue;
                }
                int crossings = 0;
                for (List<Point> other : lines) {
                    if (other != points && crosses(c, other)) {
                        crossings++;
                    }
                }
                if (crossings < bestCrossings) {
                    best = c;
                    bestCrossings = crossings;
                }
                if (crossings == 0) {
                    break;
                }
            }
            if (best == null) {
                best = candidates.get(0);
                crowded.add(best.cy());
            }
            taken.add(best);
            return best;
        }

        private static boolean crosses(Box b, List<Point> line) {
            for (int i = 0; i + 1 < line.size(); i++) {
                if (b.crossedBy(line.get(i), line.get(i + 1))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Places beside each segment: a straight line's middle first; for a line out to a bus, its level segments
         * (the way out first), so that its label stays among the states rather than beyond the bus.
         */
        private static List<Box> candidates(List<Point> points, double w, double h, boolean leftFirst) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i + 1 < points.size(); i++) {
                order.add(i);
            }
            if (points.size() > 2) {
                order.sort(Comparator.comparingInt((Integer i) -> level(points, i) ? 0 : 1)
                        .thenComparingInt(i -> i == 0 || i == 1 && !level(points, 0) ? 0 : 1)
                        .thenComparingDouble(i -> -length(points, i)));
            }
            List<Box> out = new ArrayList<>();
            for (int i : order) {
                Point a = points.get(i);
                Point b = points.get(i + 1);
                boolean vertical = Math.abs(b.y() - a.y()) > Math.abs(b.x() - a.x());
                // Down lines of a side-by-side pair are moved left, up lines right: label on that side.
                for (double t : ALONG) {
                    double x = a.x() + (b.x() - a.x()) * t;
                    double y = a.y() + (b.y() - a.y()) * t;
                    Box right = new Box(x + 3, y - h / 2, w, h);
                    Box left = new Box(x - 3 - w, y - h / 2, w, h);
                    Box above = new Box(x - w / 2, y - h - 1, w, h);
                    Box below = new Box(x - w / 2, y + 1, w, h);
                    if (vertical) {
                        out.addAll(leftFirst ? List.of(left, right) : List.of(right, left));
                    } else {
                        out.addAll(List.of(above, below));
                    }
                }
            }
            return out;
        }

        private static boolean level(List<Point> points, int i) {
            return points.get(i).y() == points.get(i + 1).y();
        }

        private static double length(List<Point> points, int i) {
            return Math.hypot(points.get(i + 1).x() - points.get(i).x(), points.get(i + 1).y() - points.get(i).y());
        }
    }

    /** Routes the drawn edges between the node boxes. */
    private static final class Router {
        private final Map<SessionState, Box> box;
        private final Map<SessionState, Integer> rank;
        private final Map<SessionState, Integer> lane;
        private final double left;
        private final double right;
        private final double[] top;
        private final double[] gaps;
        /** The bus track each target has on each side, allocated outwards. */
        private final Map<String, Integer> tracks = new HashMap<>();
        private int leftTracks;
        private int rightTracks;

        Router(Map<SessionState, Box> box, Map<SessionState, Integer> rank, Map<SessionState, Integer> lane,
               double left, double right, double[] top, double[] gaps) {
            this.top = top;
            this.gaps = gaps;
            this.box = box;
            this.rank = rank;
            this.lane = lane;
            this.left = left;
            this.right = right;
        }

        boolean hasOpposite(StateGraph.Edge e, StateGraph graph) {
            return graph.edges().stream().anyMatch(o -> o.from() == e.to() && o.to() == e.from());
        }

        List<Point> route(StateGraph.Edge e, StateGraph graph) {
            Box from = box.get(e.from());
            Box to = box.get(e.to());
            boolean down = rank.get(e.to()) > rank.get(e.from());
            boolean reverseToo = hasOpposite(e, graph);
            // A pair of opposite edges is drawn side by side: down on the left, up on the right.
            double shift = reverseToo ? (down ? -PARALLEL : PARALLEL) : 0;
            Point a = down ? new Point(from.cx() + shift, from.bottom()) : new Point(from.cx() + shift, from.y());
            Point b = down ? new Point(to.cx() + shift, to.y()) : new Point(to.cx() + shift, to.bottom());
            if (rank.get(e.to()).equals(rank.get(e.from()))) {
                boolean rightwards = to.cx() > from.cx();
                a = new Point(rightwards ? from.right() : from.x(), from.cy() + shift);
                b = new Point(rightwards ? to.x() : to.right(), to.cy() + shift);
            }
            int span = Math.abs(rank.get(e.to()) - rank.get(e.from()));
            if (span <= 1 || !blocked(a, b, e)) {
                return List.of(a, b);
            }
            return viaBus(e, from, to, down);
        }

        private boolean blocked(Point a, Point b, StateGraph.Edge e) {
            for (Map.Entry<SessionState, Box> n : box.entrySet()) {
                if (n.getKey() != e.from() && n.getKey() != e.to() && n.getValue().grow(4).crossedBy(a, b)) {
                    return true;
                }
            }
            return false;
        }

        private List<Point> viaBus(StateGraph.Edge e, Box from, Box to, boolean down) {
            int sum = lane.get(e.from()) + lane.get(e.to());
            boolean onLeft = sum < 0 || (sum == 0 && down);
            String key = (onLeft ? "L" : "R") + e.to();
            int track = tracks.computeIfAbsent(key, k -> onLeft ? leftTracks++ : rightTracks++);
            double busX = onLeft ? left - (track + 1) * TRACK : right + (track + 1) * TRACK;
            List<Point> points = new ArrayList<>();
            // Out of the source: straight to the side when nothing is beside it, else through the gap between ranks.
            if (sideFree(e.from(), onLeft)) {
                double sx = onLeft ? from.x() : from.right();
                points.add(new Point(sx, from.cy()));
                points.add(new Point(busX, from.cy()));
            } else {
                double sx = from.cx() + (onLeft ? -2 : 2) * PARALLEL;
                double gap = down ? gapBelow(rank.get(e.from())) : gapBelow(rank.get(e.from()) - 1);
                points.add(new Point(sx, down ? from.bottom() : from.y()));
                points.add(new Point(sx, gap));
                points.add(new Point(busX, gap));
            }
            if (sideFree(e.to(), onLeft)) {
                double tx = onLeft ? to.x() : to.right();
                points.add(new Point(busX, to.cy()));
                points.add(new Point(tx, to.cy()));
            } else {
                double tx = to.cx() + (onLeft ? -2 : 2) * PARALLEL;
                double gap = down ? gapBelow(rank.get(e.to()) - 1) : gapBelow(rank.get(e.to()));
                points.add(new Point(busX, gap));
                points.add(new Point(tx, gap));
                points.add(new Point(tx, down ? to.y() : to.bottom()));
            }
            return points;
        }

        /** The middle of the gap below rank {@code r}. */
        private double gapBelow(int r) {
            return top[r] + NODE_HEIGHT + gaps[r] / 2;
        }

        /** True when no state of the same rank sits between {@code s} and the bus on that side. */
        private boolean sideFree(SessionState s, boolean onLeft) {
            for (SessionState o : box.keySet()) {
                if (o != s && rank.get(o).equals(rank.get(s))
                        && (onLeft ? lane.get(o) < lane.get(s) : lane.get(o) > lane.get(s))) {
                    return false;
                }
            }
            return true;
        }
    }
}
