package org.smtpexplorer.explain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.engine.SessionState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything a real server shows a learner must have a complete entry. */
class CoverageTest {

    private static final KnowledgeBase KB = KnowledgeBase.load();
    private static final Pattern RFC = Pattern.compile("RFC \\d+");

    /**
     * Keywords defined by a vendor or an expired draft, not by an RFC. Their entries must say so and cite the
     * vendor's documentation instead of an RFC.
     */
    private static final Set<String> NON_RFC_EXTENSIONS = Set.of("XCLIENT", "XFORWARD", "PIPECONNECT",
            "X_PIPE_CONNECT", "PRDR", "X-EXPS", "X-EXPS=", "X-LINK2STATE", "XEXCH50", "X-ANONYMOUSTLS", "AUTH=");
    private static final Set<String> NON_RFC_COMMANDS = Set.of("XCLIENT", "XFORWARD");
    private static final Set<String> NON_RFC_MECHANISMS = Set.of("LOGIN", "XOAUTH2", "NTLM");

    static final List<String> POSTFIX_37 = List.of("PIPELINING", "SIZE", "VRFY", "ETRN", "STARTTLS", "AUTH",
            "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING", "XCLIENT", "XFORWARD");
    static final List<String> EXIM_496 = List.of("SIZE", "8BITMIME", "PIPELINING", "PIPECONNECT", "CHUNKING",
            "PRDR", "DSN", "SMTPUTF8", "AUTH", "STARTTLS", "HELP", "X_PIPE_CONNECT");
    static final List<String> LAB_SERVER = List.of("SIZE", "8BITMIME", "BINARYMIME", "PIPELINING", "CHUNKING",
            "SMTPUTF8", "DSN", "ENHANCEDSTATUSCODES", "STARTTLS", "AUTH", "DELIVERBY", "ETRN", "ATRN",
            "NO-SOLICITING", "MTRK", "SUBMITTER", "REQUIRETLS", "LIMITS", "PRDR", "VRFY", "EXPN", "HELP", "X-EXPS",
            "XCLIENT", "XFORWARD", "PIPECONNECT", "BURL", "CONPERM", "CONNEG", "FUTURERELEASE", "MT-PRIORITY",
            "CHECKPOINT", "X-EXPS=LOGIN", "X-LINK2STATE", "XEXCH50", "X-ANONYMOUSTLS", "TURN", "AUTH=LOGIN PLAIN");
    static final List<String> COMMANDS = List.of("HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "VRFY",
            "EXPN", "HELP", "NOOP", "QUIT", "STARTTLS", "AUTH", "ETRN", "ATRN", "TURN", "BURL", "XCLIENT",
            "XFORWARD");
    static final List<Integer> REPLY_CODES = List.of(211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450,
            451, 452, 455, 500, 501, 502, 503, 504, 521, 530, 534, 535, 538, 550, 551, 552, 553, 554, 555, 556,
            432, 454);
    static final List<String> PARAMETERS = List.of("SIZE", "BODY", "SMTPUTF8", "RET", "ENVID", "NOTIFY", "ORCPT",
            "REQUIRETLS", "BY", "MT-PRIORITY", "AUTH", "HOLDFOR", "HOLDUNTIL", "MTRK", "RRVS", "CONPERM", "CONNEG");
    static final List<String> MECHANISMS = List.of("PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "SCRAM-SHA-1",
            "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS", "XOAUTH2", "OAUTHBEARER", "GSSAPI", "NTLM",
            "EXTERNAL", "ANONYMOUS");

    /** The detail codes enumerated in the tables of RFC 3463 §3.1 to §3.8 (as X.subject.detail). */
    static final List<String> RFC3463_DETAILS = List.of(
            "X.0.0",
            "X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6", "X.1.7", "X.1.8",
            "X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4",
            "X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4", "X.3.5",
            "X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6", "X.4.7",
            "X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5",
            "X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5",
            "X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6", "X.7.7");

    /** Later registrations in the IANA registry (RFC 5248 and the RFCs that added codes). */
    static final List<String> REGISTRY_ADDITIONS = List.of("X.1.9", "X.1.10", "X.3.6", "X.5.6", "X.6.6", "X.6.7",
            "X.6.8", "X.6.9", "X.6.10", "X.7.8", "X.7.9", "X.7.10", "X.7.11", "X.7.12", "X.7.13", "X.7.14",
            "X.7.15", "X.7.16", "X.7.17", "X.7.18", "X.7.19", "X.7.20", "X.7.21", "X.7.22", "X.7.23", "X.7.24",
            "X.7.25", "X.7.26", "X.7.27", "X.7.28", "X.7.29", "X.7.30");

    static Stream<String> allAdvertisedKeywords() {
        return Stream.of(POSTFIX_37, EXIM_496, LAB_SERVER).flatMap(List::stream).distinct();
    }

    static Stream<String> fullEnhancedCodes() {
        List<String> out = new ArrayList<>();
        for (String cls : List.of("2", "4", "5")) {
            for (String d : RFC3463_DETAILS) {
                out.add(cls + d.substring(1));
            }
            for (String d : REGISTRY_ADDITIONS) {
                out.add(cls + d.substring(1));
            }
        }
        return out.stream();
    }

    private static void assertComplete(Optional<Explanation> found, String what, boolean rfcRequired) {
        assertThat(found).as(what).isPresent();
        Explanation e = found.get();
        assertThat(e.title()).as(what + " title").isNotBlank();
        assertThat(e.text()).as(what + " text").isNotBlank();
        assertThat(e.sources()).as(what + " sources").isNotEmpty().allSatisfy(s -> assertThat(s).isNotBlank());
        if (rfcRequired) {
            assertThat(e.sources()).as(what + " cites an RFC")
                    .anySatisfy(s -> assertThat(RFC.matcher(s).find()).isTrue());
        }
    }

    @ParameterizedTest
    @MethodSource("allAdvertisedKeywords")
    void everyAdvertisedKeywordHasAnEntry(String keyword) {
        Optional<Explanation> e = KB.extension(keyword);
        boolean vendor = e.isPresent() && NON_RFC_EXTENSIONS.contains(e.get().key());
        assertComplete(e, "extension " + keyword, !vendor);
        if (vendor) {
            assertThat(e.get().text()).as("a non-RFC keyword says so").containsAnyOf("vendor-specific",
                    "Internet-Draft");
        }
    }

    @Test
    void keywordListsResolveToTheRightEntries() {
        assertThat(KB.extension("X-EXPS=LOGIN")).get().extracting(Explanation::key).isEqualTo("X-EXPS=");
        assertThat(KB.extension("AUTH=LOGIN PLAIN")).get().extracting(Explanation::key).isEqualTo("AUTH=");
        assertThat(KB.extension("AUTH LOGIN PLAIN")).get().extracting(Explanation::key).isEqualTo("AUTH");
        assertThat(KB.extensionKeywords()).containsAll(POSTFIX_37).containsAll(EXIM_496);
    }

    @ParameterizedTest
    @MethodSource("org.smtpexplorer.explain.CoverageTest#commandList")
    void everyCommandHasAnEntry(String verb) {
        assertComplete(KB.command(verb), "command " + verb, !NON_RFC_COMMANDS.contains(verb));
        CommandInfo info = KB.commandInfo(verb).orElseThrow();
        assertThat(info.syntax()).isNotBlank();
        assertThat(info.legalIn()).as(verb + " is legal somewhere").isNotEmpty();
        assertThat(info.replies()).as(verb + " lists replies").isNotEmpty();
        assertThat(KB.command(verb).get().text()).contains("Syntax:", "Legal in states:", "Common replies:");
    }

    static Stream<String> commandList() {
        return COMMANDS.stream();
    }

    @Test
    void commandVerbsAreExactlyTheBriefsList() {
        assertThat(KB.commandVerbs()).containsExactlyInAnyOrderElementsOf(COMMANDS);
    }

    @ParameterizedTest
    @MethodSource("fullEnhancedCodes")
    void everyEnhancedCodeComposesForEveryClass(String code) {
        Optional<Explanation> e = KB.enhancedStatus(code);
        assertComplete(e, "enhanced " + code, true);
        assertThat(e.get().key()).isEqualTo(code);
        assertThat(e.get().text()).contains("Class " + code.charAt(0)).contains("Detail X.")
                .doesNotContain("not in our knowledge base");
    }

    @Test
    void everyRfc3463DetailAndRegistryAdditionIsKnown() {
        assertThat(KB.enhancedDetailCodes()).containsAll(RFC3463_DETAILS).containsAll(REGISTRY_ADDITIONS);
    }

    @ParameterizedTest
    @MethodSource("org.smtpexplorer.explain.CoverageTest#replyList")
    void everyReplyCodeHasAnEntry(int code) {
        Optional<Explanation> e = KB.replyCode(code);
        assertComplete(e, "reply " + code, true);
        assertThat(e.get().title()).startsWith(String.valueOf(code)).doesNotContain("not in our knowledge base");
        assertThat(KB.replyCodes()).contains(code);
    }

    static Stream<Integer> replyList() {
        return REPLY_CODES.stream();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1yz", "2yz", "3yz", "4yz", "5yz", "x0z", "x1z", "x2z", "x3z", "x4z", "x5z"})
    void replyClassesAndCategoriesAreExplained(String group) {
        List<Explanation> found = KB.explain(group);
        assertThat(found).isNotEmpty();
        assertThat(found.get(0).key()).isEqualTo(group);
        assertThat(found.get(0).sources()).contains("RFC 5321 §4.2.1");
    }

    @ParameterizedTest
    @MethodSource("org.smtpexplorer.explain.CoverageTest#parameterList")
    void everyParameterHasAnEntry(String name) {
        assertComplete(KB.parameter(name), "parameter " + name, true);
        assertComplete(KB.parameter(name + "="), "parameter " + name + "=", true);
    }

    static Stream<String> parameterList() {
        return PARAMETERS.stream();
    }

    @ParameterizedTest
    @MethodSource("org.smtpexplorer.explain.CoverageTest#mechanismList")
    void everyMechanismHasAnEntry(String name) {
        assertComplete(KB.mechanism(name), "mechanism " + name, !NON_RFC_MECHANISMS.contains(name));
        assertThat(KB.mechanism(name).get().text()).contains("Exchange:", "Password crosses the wire:", "TLS:");
    }

    static Stream<String> mechanismList() {
        return MECHANISMS.stream();
    }

    @ParameterizedTest
    @EnumSource(SessionState.class)
    void everyEngineStateHasAnEntry(SessionState engineState) {
        String state = engineState.name();
        assertComplete(KB.state(state), "state " + state, true);
    }
}
