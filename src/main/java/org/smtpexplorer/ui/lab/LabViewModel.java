package org.smtpexplorer.ui.lab;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.ui.common.Tasks;

/**
 * The embedded lab server as the app sees it: started on a free loopback port when the window opens, its scenario
 * switchable at any time (new sessions use it), and the explanation of the scenario chosen.
 */
public final class LabViewModel {
    /**
     * Where the lab is, for the connection form.
     *
     * @param port    the STARTTLS port
     * @param tlsPort the implicit-TLS port
     */
    public record Target(int port, int tlsPort, Path certificate) {
    }

    private final Tasks tasks;
    private final LabConfig config;
    private final ObjectProperty<Scenario> scenario = new SimpleObjectProperty<>(Scenario.MODERN);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Starting the lab server...");
    private volatile LabServer server;

    public LabViewModel(Tasks tasks, LabConfig config) {
        this.tasks = tasks;
        this.config = config;
        scenario.addListener((o, a, b) -> {
            LabServer s = server;
            if (s != null && b != null) {
                s.setScenario(b);
            }
        });
    }

    public ObjectProperty<Scenario> scenarioProperty() {
        return scenario;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public LabServer server() {
        return server;
    }

    /** Starts the lab off the FX thread; {@code ready} runs on the FX thread with its address. */
    public void start(Consumer<Target> ready) {
        tasks.run(() -> LabServer.start(config.toBuilder().scenario(scenario.get()).build()), s -> {
            server = s;
            s.setScenario(scenario.get());
            status.set("Lab server on " + s.listeningOn() + " (loopback only): port " + s.port() + " STARTTLS, port "
                    + s.tlsPort() + " implicit TLS. Users: alice / wonderland, bob / builder. Its certificate is"
                    + " trusted below." + s.notes().stream().map(n -> "\n" + n).collect(Collectors.joining()));
            ready.accept(new Target(s.port(), s.tlsPort(), s.certificatePath()));
        }, t -> status.set("The lab server could not start: " + t.getMessage()));
    }

    public void stop() {
        LabServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
