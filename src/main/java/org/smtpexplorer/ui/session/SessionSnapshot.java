package org.smtpexplorer.ui.session;

import java.util.List;
import java.util.Set;
import org.smtpexplorer.engine.ClientProtocol;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.transport.TlsInfo;

/**
 * What the window shows about the session, read on the worker thread after each step and handed to the FX thread
 * whole, so no UI property is ever written from the worker and the engine is never read from the FX thread.
 *
 * @param state        the engine's state
 * @param enabled      the steps legal now
 * @param capabilities EHLO results so far, by phase
 * @param tls          TLS details, or null
 * @param busy         a step is running
 */
public record SessionSnapshot(SessionState state, Set<Step> enabled,
                             List<ClientProtocol.CapabilitySnapshot> capabilities, TlsInfo tls, boolean busy) {

    public static SessionSnapshot disconnected() {
        return new SessionSnapshot(SessionState.DISCONNECTED, Set.of(Step.CONNECT), List.of(), null, false);
    }

    public SessionSnapshot asBusy() {
        return new SessionSnapshot(state, Set.of(), capabilities, tls, true);
    }
}
