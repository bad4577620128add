package org.smtpexplorer.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.engine.ClientProtocol;
import org.smtpexplorer.engine.SessionRules;
import org.smtpexplorer.engine.SessionState;
import org.smtpexplorer.engine.SmtpCommand;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.engine.Verb;

/**
 * The state table is the one source: the knowledge base's "legal in", every state's entry, and the engine's list
 * of what is allowed now (which the step buttons and the state diagram show) all agree with it, in every state.
 */
class OneStateTableTest {
    private static final KnowledgeBase KB = KnowledgeBase.load();

    @Test
    void everyStateIsExplained() {
        for (SessionState s : SessionState.values()) {
            assertThat(KB.state(s.name())).as(s.name()).isPresent();
        }
    }

    @Test
    void legalInIsTheStateTable() {
        for (Verb v : Verb.values()) {
            if (v.word() == null) {
                continue;
            }
            CommandInfo info = KB.commandInfo(v.name()).orElseThrow(() -> new AssertionError("no entry for " + v));
            for (SessionState s : SessionState.values()) {
                assertThat(info.legalIn(s.name())).as(v + " in " + s)
                        .isEqualTo(SessionRules.legal(s).contains(v));
            }
        }
    }

    private static void feed(ClientProtocol p, String s) {
        p.receive(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Ways to bring a protocol into each state (with the capabilities that matter there). */
    private static Map<SessionState, List<Consumer<ClientProtocol>>> paths() {
        Map<SessionState, List<Consumer<ClientProtocol>>> out = new EnumMap<>(SessionState.class);
        Consumer<ClientProtocol> greeted = p -> {
            p.connectionOpened(false);
            feed(p, "220 mx\r\n");
        };
        Consumer<ClientProtocol> ready = greeted.andThen(p -> {
            p.send(SmtpCommand.ehlo("c.example"));
            feed(p, "250-mx\r\n250-STARTTLS\r\n250-CHUNKING\r\n250-ETRN\r\n250 AUTH PLAIN\r\n");
        });
        Consumer<ClientProtocol> readyBare = greeted.andThen(p -> {
            p.send(SmtpCommand.ehlo("c.example"));
            feed(p, "250 mx\r\n");
        });
        Consumer<ClientProtocol> authenticated = ready.andThen(p -> {
            p.send(SmtpCommand.auth("PLAIN", "AGEAYg=="));
            feed(p, "235 ok\r\n");
        });
        Consumer<ClientProtocol> mail = ready.andThen(p -> {
            p.send(SmtpCommand.mail("a@example.com"));
            feed(p, "250 ok\r\n");
        });
        Consumer<ClientProtocol> rcpt = mail.andThen(p -> {
            p.send(SmtpCommand.rcpt("b@example.com"));
            feed(p, "250 ok\r\n");
        });
        out.put(SessionState.DISCONNECTED, List.of(p -> { }));
        out.put(SessionState.CONNECTED, List.of(p -> p.connectionOpened(false)));
        out.put(SessionState.GREETED, List.of(greeted));
        out.put(SessionState.REFUSED, List.of(p -> {
            p.connectionOpened(false);
            feed(p, "554 go away\r\n");
        }));
        out.put(SessionState.READY, List.of(ready, readyBare, authenticated));
        out.put(SessionState.TLS_HANDSHAKE, List.of(ready.andThen(p -> {
            p.send(SmtpCommand.starttls());
            feed(p, "220 go\r\n");
        })));
        out.put(SessionState.AUTHENTICATING, List.of(ready.andThen(p -> {
            p.send(SmtpCommand.auth("PLAIN", null));
            feed(p, "334 \r\n");
        })));
        out.put(SessionState.MAIL, List.of(mail));
        out.put(SessionState.RCPT, List.of(rcpt));
        out.put(SessionState.DATA_BODY, List.of(rcpt.andThen(p -> {
            p.send(SmtpCommand.data());
            feed(p, "354 go\r\n");
        })));
        out.put(SessionState.BDAT_CHUNKS, List.of(rcpt.andThen(p -> {
            p.send(SmtpCommand.bdat(1, false));
            feed(p, "250 ok\r\n");
        })));
        out.put(SessionState.CLOSED, List.of(ready.andThen(p -> {
            p.send(SmtpCommand.quit());
            feed(p, "221 bye\r\n");
        })));
        out.put(SessionState.ERROR, List.of(ready.andThen(p -> {
            p.send(SmtpCommand.noop());
            try {
                feed(p, "2x0 what\r\n");
            } catch (SmtpException expected) {
                // The broken reply is the point: the session is now in ERROR.
            }
        })));
        return out;
    }

    private static SmtpCommand probe(Verb v) {
        return switch (v) {
            case EHLO -> SmtpCommand.ehlo("c.example");
            case HELO -> SmtpCommand.helo("c.example");
            case MAIL -> SmtpCommand.mail("a@example.com");
            case RCPT -> SmtpCommand.rcpt("b@example.com");
            case DATA -> SmtpCommand.data();
            case BDAT -> SmtpCommand.bdat(1, true);
            case RSET -> SmtpCommand.rset();
            case VRFY -> SmtpCommand.vrfy("postmaster");
            case EXPN -> SmtpCommand.expn("list");
            case HELP -> SmtpCommand.help("");
            case NOOP -> SmtpCommand.noop();
            case QUIT -> SmtpCommand.quit();
            case STARTTLS -> SmtpCommand.starttls();
            case AUTH -> SmtpCommand.auth("PLAIN", "AGEAYg==");
            case AUTH_RESPONSE -> SmtpCommand.authResponse("AGEAYg==");
            case ETRN -> SmtpCommand.etrn("example.com");
            default -> null;
        };
    }

    @Test
    void whatIsAllowedNowIsTheTableNarrowedAndAgreesWithTheRefusals() {
        List<String> seen = new ArrayList<>();
        for (var e : paths().entrySet()) {
            for (Consumer<ClientProtocol> path : e.getValue()) {
                ClientProtocol p = new ClientProtocol();
                path.accept(p);
                assertThat(p.state()).isEqualTo(e.getKey());
                seen.add(e.getKey().name());
                assertThat(SessionRules.legal(p.state())).containsAll(p.allowedNow());
                for (Verb v : Verb.values()) {
                    SmtpCommand c = probe(v);
                    if (c == null) {
                        continue;
                    }
                    boolean refused;
                    try {
                        refused = !p.problems(c).isEmpty();
                    } catch (SmtpException ex) {
                        refused = true;
                    }
                    boolean live = p.state() != SessionState.CLOSED && p.state() != SessionState.ERROR
                            && p.state() != SessionState.DISCONNECTED;
                    assertThat(live && !refused).as(v + " in " + e.getKey()).isEqualTo(p.allowedNow().contains(v));
                }
            }
        }
        assertThat(seen).containsAll(java.util.Arrays.stream(SessionState.values()).map(Enum::name).toList());
    }

    @Test
    void startTlsAndAuthAreNotAllowedTwice() {
        ClientProtocol p = new ClientProtocol();
        paths().get(SessionState.READY).get(2).accept(p);
        assertThat(p.isAuthenticated()).isTrue();
        assertThat(p.allowedNow()).doesNotContain(Verb.AUTH).contains(Verb.MAIL, Verb.STARTTLS);
        ClientProtocol bare = new ClientProtocol();
        paths().get(SessionState.READY).get(1).accept(bare);
        assertThat(bare.allowedNow()).doesNotContain(Verb.AUTH, Verb.STARTTLS, Verb.BDAT, Verb.ETRN)
                .contains(Verb.MAIL, Verb.EHLO);
    }
}
