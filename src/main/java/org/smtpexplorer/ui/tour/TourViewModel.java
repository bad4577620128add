package org.smtpexplorer.ui.tour;

import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.smtpexplorer.compose.Draft;
import org.smtpexplorer.compose.MessageComposer;
import org.smtpexplorer.engine.auth.Credentials;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.transport.SecurityMode;
import org.smtpexplorer.ui.connection.ConnectionViewModel;
import org.smtpexplorer.ui.lab.LabViewModel;
import org.smtpexplorer.ui.session.SessionViewModel;

/** Walks the tour: sets the lab scenario and the form for the current step, and runs it. */
public final class TourViewModel {
    private final List<TourStep> steps;
    private final LabViewModel lab;
    private final ConnectionViewModel connection;
    private final SessionViewModel session;
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<TourStep> current = new ReadOnlyObjectWrapper<>();

    public TourViewModel(List<TourStep> steps, LabViewModel lab, ConnectionViewModel connection,
                         SessionViewModel session) {
        this.steps = List.copyOf(steps);
        this.lab = lab;
        this.connection = connection;
        this.session = session;
        current.set(this.steps.get(0));
    }

    public List<TourStep> steps() {
        return steps;
    }

    public ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TourStep> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public void go(int i) {
        index.set(Math.max(0, Math.min(steps.size() - 1, i)));
        current.set(steps.get(index.get()));
    }

    public void next() {
        go(index.get() + 1);
    }

    public void previous() {
        go(index.get() - 1);
    }

    /**
     * Points the lab and the connection form at this step, then runs the step's session to its end with a message
     * of its own: the user's draft (From, To, Subject, the text) is never touched.
     */
    public void run() {
        TourStep s = current.get();
        lab.scenarioProperty().set(Scenario.fromId(s.scenario()));
        var server = lab.server();
        if (server == null) {
            return;
        }
        connection.target("127.0.0.1", server.port(), SecurityMode.parse(s.security(), server.port()),
                server.certificatePath());
        String text = s.bodyBytes() > 0 ? "x".repeat(70).concat("\n").repeat(s.bodyBytes() / 71 + 1)
                : "A message from the guided tour.\n";
        Draft draft = Draft.empty().withFrom("alice@lab.example").withTo(String.join(", ", s.to()))
                .withSubject("Tour: " + s.title()).withText(text);
        boolean auth = !ConnectionViewModel.NO_AUTH.equals(s.auth());
        session.runToEndWith(() -> connection.prepare().with(b -> b.authMechanism(auth ? s.auth() : null)
                .credentials(auth ? new Credentials("alice", "wonderland".toCharArray()) : null)
                .chunkSize(s.chunkSize())
                .messageFactory(new MessageComposer().factoryFor(draft))));
    }
}
