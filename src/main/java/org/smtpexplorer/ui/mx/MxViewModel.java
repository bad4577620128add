package org.smtpexplorer.ui.mx;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.smtpexplorer.dns.MxLookup;
import org.smtpexplorer.ui.common.Tasks;

/** Runs MX lookups off the FX thread and exposes the hosts found, or a plain error. */
public final class MxViewModel {
    private final MxLookup lookup;
    private final Tasks tasks;
    private final Consumer<String> useHost;
    private final StringProperty domain = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableList<MxLookup.MxHost> hosts = FXCollections.observableArrayList();

    public MxViewModel(MxLookup lookup, Tasks tasks, Consumer<String> useHost) {
        this.lookup = lookup;
        this.tasks = tasks;
        this.useHost = useHost;
    }

    public StringProperty domainProperty() {
        return domain;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<MxLookup.MxHost> hosts() {
        return hosts;
    }

    public void lookUp() {
        String d = domain.get();
        hosts.clear();
        message.set("Looking up MX for " + d + "...");
        tasks.run(() -> {
            try {
                return lookup.lookup(d);
            } catch (MxLookup.MxException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, r -> {
            hosts.setAll(r.hosts());
            message.set(r.implicit() ? r.domain() + " has no MX: mail goes to the domain itself (RFC 5321 §5.1)"
                    : r.hosts().size() + " MX host(s) for " + r.domain() + "; pick one to connect on port 25");
        }, t -> message.set(t.getMessage()));
    }

    public void use(MxLookup.MxHost host) {
        if (host != null) {
            useHost.accept(host.host());
        }
    }

    /** How a host is listed. */
    public static String describe(MxLookup.MxHost h) {
        return h.preference() + "  " + h.host() + (h.addresses().isEmpty() ? "  (no address!)"
                : "  " + String.join(", ", h.addresses()));
    }
}
