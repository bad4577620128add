package org.smtpexplorer.engine;

import java.util.Set;

/**
 * One move of the state table, or one a session made: in {@code from}, the reply to {@code verb} (or the
 * {@code event}) leads to {@code to}.
 *
 * @param from      the state before
 * @param verb      the command answered (CONNECT: the greeting; END_OF_DATA: the final dot), or null for an event
 * @param lastChunk for BDAT, whether it is the LAST chunk; null for every other command and for events
 * @param replies   the reply codes that make this move: in the table, one of each kind of reply the table tells
 *                  apart ({@link SessionRules#REPLY_KINDS}); in a move a session made, the code it got. Empty for an
 *                  event
 * @param event     the event, or null for a reply
 * @param to        the state after
 */
public record Transition(SessionState from, Verb verb, Boolean lastChunk, Set<Integer> replies, SessionEvent event,
                         SessionState to) {

    public Transition {
        replies = Set.copyOf(replies);
        if ((verb == null) == (event == null)) {
            throw new IllegalArgumentException("a transition is made by a reply or by an event, not both or neither");
        }
    }

    public static Transition reply(SessionState from, Verb verb, Boolean lastChunk, Set<Integer> replies,
                                   SessionState to) {
        return new Transition(from, verb, lastChunk, replies, null, to);
    }

    public static Transition event(SessionState from, SessionEvent event, SessionState to) {
        return new Transition(from, null, null, Set.of(), event, to);
    }

    public boolean isEvent() {
        return event != null;
    }

    public boolean isLoop() {
        return from == to;
    }

    /** True when this is where the command goes when it gets the reply it hopes for, or for an event. */
    public boolean onSuccess() {
        return isEvent() || replies.stream().anyMatch(c -> SessionRules.kindOf(c)
                == SessionRules.kindOf(SessionRules.success(verb)));
    }
}
