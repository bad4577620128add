package org.smtpexplorer.ui.session;

import java.util.List;
import java.util.Set;
import org.smtpexplorer.engine.CapabilitySnapshot;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.Transition;
import org.smtpexplorer.engine.Verb;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.transport.TlsInfo;

/**
 * What the window shows about the session, read on the worker thread after each step and handed to the FX thread
 * whole, so no UI property is ever written from the worker and the engine is never read from the FX thread.
 *
 * @param state        the engine's state
 * @param enabled      the steps that make sense now (the step buttons)
 * @param legal        the commands that may be sent now (the state diagram's "legal now"), from the same source
 * @param capabilities EHLO results so far, by phase
 * @param tls          TLS details, or null
 * @param busy         a step is running
 * @param open         a session is connected and usable
 * @param next         the step "Run to end" would take next (highlighted; F6 takes it), or null
 * @param moved        the state moves the session made since the snapshot before, oldest first (the last few only):
 *                     the state graph animates them
 */
public record SessionSnapshot(SessionState state, Set<Step> enabled, Set<Verb> legal,
                             List<CapabilitySnapshot> capabilities, TlsInfo tls, boolean busy, boolean open,
                             Step next, List<Transition> moved) {

    public SessionSnapshot {
        enabled = Set.copyOf(enabled);
        legal = Set.copyOf(legal);
        capabilities = List.copyOf(capabilities);
        moved = List.copyOf(moved);
    }

    public static SessionSnapshot disconnected() {
        return new SessionSnapshot(SessionState.DISCONNECTED, Set.of(Step.CONNECT), Set.of(), List.of(), null, false,
                false, Step.CONNECT, List.of());
    }

    public SessionSnapshot asBusy() {
        return new SessionSnapshot(state, Set.of(), Set.of(), capabilities, tls, true, open, null, List.of());
    }

    /** Busy, as a run held at a breakpoint is, with where it stands and the moves that brought it there. */
    public SessionSnapshot asBusyAfterMoves() {
        return new SessionSnapshot(state, Set.of(), Set.of(), capabilities, tls, true, open, null, moved);
    }
}
