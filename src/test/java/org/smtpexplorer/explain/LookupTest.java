package org.smtpexplorer.explain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LookupTest {

    private static final KnowledgeBase KB = KnowledgeBase.load();

    @Test
    void loadIsCached() {
        assertThat(KnowledgeBase.load()).isSameAs(KB);
    }

    @ParameterizedTest
    @CsvSource({
            "5.7.8, enhanced, 5.7.8",
            "354, reply, 354",
            "chunking, extension, CHUNKING",
            "NOTIFY=, parameter, NOTIFY",
            "RCPT, command, RCPT",
            "rcpt, command, RCPT",
            "SCRAM-SHA-256, mechanism, SCRAM-SHA-256",
            "scram-sha-256-plus, mechanism, SCRAM-SHA-256-PLUS",
            "'notify=success,failure', parameter, NOTIFY",
            "Body=8BITMIME, parameter, BODY",
            "x.7.1, enhanced, X.7.1",
            "5.x.x, enhanced, 5.X.X",
            "4.7.x, enhanced, 4.7.X",
            "data_body, state, DATA_BODY",
            "2YZ, reply, 2yz",
            "auth=, parameter, AUTH",
            "starttls, command, STARTTLS",
            "x_pipe_connect, extension, X_PIPE_CONNECT"
    })
    void explainPutsTheRightEntryFirst(String query, String kind, String key) {
        List<Explanation> found = KB.explain(query);
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).kind()).isEqualTo(kind);
        assertThat(found.get(0).key()).isEqualTo(key);
    }

    @Test
    void explainReturnsEveryKindThatMatches() {
        assertThat(KB.explain("AUTH")).extracting(Explanation::kind)
                .containsExactly("command", "extension", "parameter");
        assertThat(KB.explain("AUTH=")).extracting(Explanation::kind).containsExactly("parameter", "extension");
        assertThat(KB.explain("SIZE")).extracting(Explanation::kind).containsExactly("extension", "parameter");
        assertThat(KB.explain("MAIL")).extracting(Explanation::kind).containsExactly("command", "state");
        assertThat(KB.explain("STARTTLS")).extracting(Explanation::kind).containsExactly("command", "extension");
    }

    @Test
    void lookupsIgnoreCase() {
        assertThat(KB.command("ehlo")).isEqualTo(KB.command("EHLO")).isPresent();
        assertThat(KB.extension("Smtputf8")).isEqualTo(KB.extension("SMTPUTF8")).isPresent();
        assertThat(KB.mechanism("cram-md5")).isEqualTo(KB.mechanism("CRAM-MD5")).isPresent();
        assertThat(KB.parameter("orcpt")).isEqualTo(KB.parameter("ORCPT=")).isPresent();
        assertThat(KB.enhancedStatus("x.7.1")).isEqualTo(KB.enhancedStatus("X.7.1")).isPresent();
        assertThat(KB.state("ready")).isEqualTo(KB.state("READY")).isPresent();
        assertThat(KB.explain("x5z")).isEqualTo(KB.explain("X5Z")).isNotEmpty();
    }

    @Test
    void commandLinesFindTheirVerb() {
        assertThat(KB.command("mail from:<a@example.org>")).get().extracting(Explanation::key).isEqualTo("MAIL");
        assertThat(KB.command("  Rcpt TO:<b@example.org> ")).get().extracting(Explanation::key).isEqualTo("RCPT");
    }

    @Test
    void enhancedCodesComposeClassSubjectAndDetail() {
        Explanation e = KB.enhancedStatus("4.7.1").orElseThrow();
        assertThat(e.key()).isEqualTo("4.7.1");
        assertThat(e.title()).contains("Delivery not authorized, message refused")
                .contains("persistent transient failure");
        assertThat(e.text()).contains("Class 4 (Persistent Transient Failure)")
                .contains("Subject 7 (Security or Policy Status)")
                .contains("Detail X.7.1 (Delivery not authorized, message refused)");
        assertThat(e.sources()).contains("RFC 3463 §2", "RFC 3463 §3.8");

        Explanation ok = KB.enhancedStatus("2.1.5").orElseThrow();
        assertThat(ok.text()).contains("Class 2 (Success)").contains("Destination address valid");

        // The same detail means the same thing whatever the class.
        String detail5 = KB.enhancedStatus("5.2.2").orElseThrow().text().lines()
                .filter(l -> l.startsWith("Detail")).findFirst().orElseThrow();
        String detail4 = KB.enhancedStatus("4.2.2").orElseThrow().text().lines()
                .filter(l -> l.startsWith("Detail")).findFirst().orElseThrow();
        assertThat(detail4).isEqualTo(detail5).contains("Mailbox full");
    }

    @Test
    void registryAdditionsHaveTheirTitlesAndRfcs() {
        assertThat(KB.enhancedStatus("5.7.8").orElseThrow().title()).contains("Authentication credentials invalid");
        assertThat(KB.enhancedStatus("5.7.10").orElseThrow().title()).contains("Encryption Needed");
        assertThat(KB.enhancedStatus("5.7.11").orElseThrow().sources()).contains("RFC 4954 §6");
        assertThat(KB.enhancedStatus("5.7.9").orElseThrow().title()).contains("too weak");
        assertThat(KB.enhancedStatus("5.7.13").orElseThrow().title()).contains("User Account Disabled");
        assertThat(KB.enhancedStatus("5.7.14").orElseThrow().title()).contains("Trust relationship required");
        assertThat(KB.enhancedStatus("5.7.23").orElseThrow().title()).contains("SPF validation failed");
        assertThat(KB.enhancedStatus("5.7.25").orElseThrow().title()).contains("Reverse DNS");
        assertThat(KB.enhancedStatus("5.7.26").orElseThrow().title()).contains("Multiple authentication checks");
        assertThat(KB.enhancedStatus("5.7.27").orElseThrow().title()).contains("null MX");
        assertThat(KB.enhancedStatus("5.7.30").orElseThrow().sources()).contains("RFC 8689");
        assertThat(KB.enhancedStatus("4.7.0").orElseThrow().text()).contains("temporary authentication failure");
    }

    @Test
    void unknownDetailUnderAKnownSubjectIsExplainedFromItsParts() {
        Explanation e = KB.enhancedStatus("5.7.99").orElseThrow();
        assertThat(e.key()).isEqualTo("5.7.99");
        assertThat(e.text()).contains("Class 5").contains("Subject 7").contains("not in our knowledge base");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"9.9.9", "abc.def", "5.8.1", "3.1.1", "5.7", "5.7.1.2", "5..1", "X.X.X", "X.X.1",
            "5.1234.1", "-5.7.1", "   ", "5.7.1x"})
    void malformedEnhancedCodesAreEmpty(String code) {
        assertThat(KB.enhancedStatus(code)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"9.9.9", "abc.def", "NOSUCHTHING", "999", "000", "699", "=", "==", "X-NOPE", "\t\n"})
    void unknownQueriesGiveNoMatch(String query) {
        assertThat(KB.explain(query)).isEmpty();
    }

    @Test
    void unknownKeywordsAreEmptyNotErrors() {
        assertThat(KB.command("FOO")).isEmpty();
        assertThat(KB.command(null)).isEmpty();
        assertThat(KB.extension("X-NOT-A-THING")).isEmpty();
        assertThat(KB.extension(null)).isEmpty();
        assertThat(KB.mechanism("SCRAM-SHA-512")).isEmpty();
        assertThat(KB.mechanism(null)).isEmpty();
        assertThat(KB.parameter("NOPE=1")).isEmpty();
        assertThat(KB.parameter("=SIZE")).isEmpty();
        assertThat(KB.parameter(null)).isEmpty();
        assertThat(KB.state("WAITING")).isEmpty();
        assertThat(KB.replyCode(999)).isEmpty();
        assertThat(KB.replyCode(-1)).isEmpty();
        assertThat(KB.replyCode(265)).isEmpty();
        assertThat(KB.replyCode(250, null)).isEqualTo(KB.replyCode(250));
    }

    @Test
    void unlistedButWellFormedReplyCodesAreReadDigitByDigit() {
        Explanation e = KB.replyCode(427).orElseThrow();
        assertThat(e.title()).contains("not in our knowledge base");
        assertThat(e.text()).contains("Transient Negative Completion").contains("Connections");
    }

    @Test
    void repliesHaveMeaningsPerCommand() {
        assertThat(KB.replyCode(354, "DATA").orElseThrow().title()).contains("after DATA");
        assertThat(KB.replyCode(354, "data").orElseThrow().text()).contains("only a dot");

        Explanation ehlo = KB.replyCode(250, "EHLO").orElseThrow();
        Explanation dot = KB.replyCode(250, ".").orElseThrow();
        assertThat(ehlo.text()).contains("extension keyword");
        assertThat(dot.text()).contains("responsibility");
        assertThat(dot.title()).contains("end of the message data");
        // The engine may name the end of data by the command that started it.
        assertThat(KB.replyCode(250, "DATA")).contains(dot);
        assertThat(KB.replyCode(250, "EOM")).contains(dot);

        assertThat(KB.replyCode(535, "AUTH").orElseThrow().text()).contains("Wrong credentials");
        assertThat(KB.replyCode(454, "STARTTLS").orElseThrow().text()).contains("TLS not available");
        assertThat(KB.replyCode(454, "AUTH").orElseThrow().text()).contains("Temporary authentication failure");
        assertThat(KB.replyCode(220, "greeting").orElseThrow().title()).contains("as the greeting");
        assertThat(KB.replyCode(554, "CONNECT").orElseThrow().text()).contains("No SMTP service here");
        assertThat(KB.replyCode(554, "DATA").orElseThrow().text()).contains("No valid recipients");
        // No meaning for that command: generic meaning.
        assertThat(KB.replyCode(221, "RCPT")).isEqualTo(KB.replyCode(221));
    }

    @Test
    void wholeSmtpLinesAreTakenApart() {
        assertThat(KB.explain("550 5.7.1 Relaying denied")).extracting(Explanation::key)
                .containsExactly("550", "5.7.1");
        assertThat(KB.explain("250-PIPELINING")).extracting(Explanation::key).containsExactly("PIPELINING", "250");
        assertThat(KB.explain("250-SIZE 35882577")).extracting(Explanation::key).containsExactly("SIZE", "250");
        assertThat(KB.explain("MAIL FROM:<a@example.org> SIZE=100 BODY=8BITMIME")).extracting(Explanation::key)
                .containsExactly("MAIL", "SIZE", "BODY");
        assertThat(KB.explain("RCPT TO:<b@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.org"))
                .extracting(Explanation::kind, Explanation::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("command", "RCPT"),
                        org.assertj.core.groups.Tuple.tuple("parameter", "NOTIFY"),
                        org.assertj.core.groups.Tuple.tuple("parameter", "ORCPT"));
        assertThat(KB.explain("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).extracting(Explanation::key)
                .containsExactly("AUTH", "PLAIN");
        assertThat(KB.explain("5.1.1 user unknown")).extracting(Explanation::key).containsExactly("5.1.1");
    }

    @Test
    void statesKnowWhichCommandsAreLegal() {
        CommandInfo data = KB.commandInfo("DATA").orElseThrow();
        assertThat(data.legalIn("RCPT")).isTrue();
        assertThat(data.legalIn("rcpt")).isTrue();
        assertThat(data.legalIn("MAIL")).isFalse();
        assertThat(KB.commandInfo("RCPT").orElseThrow().legalIn()).containsExactly("MAIL", "RCPT");
        assertThat(KB.commandInfo("BDAT").orElseThrow().legalIn()).contains("BDAT_CHUNKS");
        assertThat(KB.commandInfo("AUTH").orElseThrow().legalIn()).containsExactly("READY");
        assertThat(KB.state("DATA_BODY").orElseThrow().text()).contains("Commands a client may send here: none");
        assertThat(KB.state("AUTHENTICATING").orElseThrow().text())
                .contains("Commands a client may send here: none");
        assertThat(KB.state("READY").orElseThrow().text()).contains("MAIL", "STARTTLS", "AUTH");
        for (CommandInfo c : KB.commandVerbs().stream().map(v -> KB.commandInfo(v).orElseThrow()).toList()) {
            assertThat(c.legalIn()).as(c.verb()).doesNotContain("CLOSED", "DATA_BODY", "AUTHENTICATING",
                    "CONNECTED");
        }
    }

    @Test
    void turnExplainsWhyItIsObsolete() {
        Explanation turn = KB.command("TURN").orElseThrow();
        assertThat(turn.text()).contains("obsolete").contains("ETRN").contains("ATRN");
        assertThat(turn.sources()).contains("RFC 5321 Appendix F.1");
    }

    @Test
    void mechanismsSayWhetherThePasswordCrossesTheWire() {
        assertThat(KB.mechanism("PLAIN").orElseThrow().text()).contains("Password crosses the wire: yes");
        assertThat(KB.mechanism("LOGIN").orElseThrow().text()).contains("Password crosses the wire: yes");
        assertThat(KB.mechanism("SCRAM-SHA-256").orElseThrow().text()).contains("Password crosses the wire: no");
        assertThat(KB.mechanism("CRAM-MD5").orElseThrow().text()).contains("Password crosses the wire: no");
        assertThat(KB.mechanism("DIGEST-MD5").orElseThrow().sources()).contains("RFC 6331");
        assertThat(KB.mechanism("AUTH SCRAM-SHA-1")).isEqualTo(KB.mechanism("SCRAM-SHA-1"));
    }

    @Test
    void everySeeAlsoLeadsSomewhere() {
        for (String kind : List.of("command", "reply", "enhanced", "extension", "mechanism", "parameter",
                "state")) {
            List<Explanation> all = KB.all(kind);
            assertThat(all).as(kind).isNotEmpty().allSatisfy(e -> assertThat(e.kind()).isEqualTo(kind));
            for (Explanation e : all) {
                for (String target : e.seeAlso()) {
                    assertThat(KB.explain(target)).as(kind + " " + e.key() + " -> " + target).isNotEmpty();
                }
            }
        }
        assertThat(KB.all("nonsense")).isEmpty();
        assertThat(KB.all(null)).isEmpty();
    }

    @Test
    void allExplanationsAreImmutable() {
        Explanation e = KB.command("QUIT").orElseThrow();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.sources().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KB.commandVerbs().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void replyGroupSummariesOnlyCiteCodesThatBelongToTheGroup() {
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("\\b([1-5])(\\d)\\d\\b");
        for (Explanation g : KB.all(Explanation.REPLY)) {
            if (!g.key().matches("[1-5]yz|x[0-5]z")) {
                continue;
            }
            var m = code.matcher(g.text());
            while (m.find()) {
                if (g.key().endsWith("yz")) {
                    assertThat(m.group(1)).as(g.key() + " mentions " + m.group()).isEqualTo(g.key().substring(0, 1));
                } else {
                    assertThat(m.group(2)).as(g.key() + " mentions " + m.group()).isEqualTo(g.key().substring(1, 2));
                }
            }
        }
    }

    @Test
    void repliesNamedByCommandsAndStatusCodesAreInTheKnowledgeBase() {
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("(?<![.\\d])[2-5]\\d\\d(?![.\\d])");
        for (String verb : KB.commandVerbs()) {
            for (String reply : KB.commandInfo(verb).orElseThrow().replies()) {
                var m = code.matcher(reply);
                while (m.find()) {
                    assertThat(KB.replyCodes()).as(verb + ": " + reply).contains(Integer.valueOf(m.group()));
                }
            }
        }
        for (Explanation e : KB.all(Explanation.ENHANCED)) {
            var m = java.util.regex.Pattern.compile("basic reply codes: ([0-9, ]+)").matcher(e.text());
            if (m.find()) {
                for (String c : m.group(1).split(",\\s*")) {
                    assertThat(KB.replyCodes()).as(e.key()).contains(Integer.valueOf(c.strip()));
                }
            }
        }
    }
}
