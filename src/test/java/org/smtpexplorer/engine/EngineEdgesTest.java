package org.smtpexplorer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtpexplorer.engine.Protocols.ehlo;
import static org.smtpexplorer.engine.Protocols.receive;
import static org.smtpexplorer.engine.Protocols.ready;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The engine's edges, found by mutation testing: limits at exactly the limit and one past it, flight numbers,
 * what a failure clears, what a refused EHLO, RCPT or HELO leaves behind.
 */
class EngineEdgesTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ----------------------------------------------------------------------------------------- enhanced codes

    @Test
    void enhancedCodesAtTheirLimits() {
        assertThat(EnhancedStatus.parse("5.0.0")).contains(new EnhancedStatus(5, 0, 0));
        assertThat(EnhancedStatus.parse("2.999.999")).contains(new EnhancedStatus(2, 999, 999));
        assertThat(EnhancedStatus.parse("5.1000.1")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1.1000")).isEmpty();
        assertThat(EnhancedStatus.parse("5..1")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1.")).isEmpty();
        assertThat(EnhancedStatus.parse("3.1.1")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1.1 and text")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1")).isEmpty();
        assertThat(EnhancedStatus.parse("5./.1")).isEmpty();
        assertThat(EnhancedStatus.parse("5.:.1")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1./")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1.:")).isEmpty();
        assertThat(EnhancedStatus.parsePrefix("4.7.1 Greylisted")).hasValueSatisfying(p -> {
            assertThat(p.status()).isEqualTo(new EnhancedStatus(4, 7, 1));
            assertThat(p.textStart()).isEqualTo(6);
        });
        assertThat(EnhancedStatus.parsePrefix("4.7.1")).hasValueSatisfying(p -> assertThat(p.textStart()).isEqualTo(5));
        assertThat(EnhancedStatus.parsePrefix("4.7.1x")).isEmpty();
        assertThat(EnhancedStatus.parsePrefix("4.7")).isEmpty();
        assertThat(EnhancedStatus.parsePrefix("4x7.1")).isEmpty();
        assertThat(EnhancedStatus.parsePrefix("5.123.4 x")).hasValueSatisfying(p -> assertThat(p.status().subject())
                .isEqualTo(123));
        assertThatThrownBy(() -> new EnhancedStatus(5, 1000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnhancedStatus(5, 0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnhancedStatus(5, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnhancedStatus(5, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnhancedStatus(3, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------- capabilities

    @Test
    void capabilitiesAtTheirEdges() {
        assertThat(ehlo("SIZE 999999999999999999").sizeLimit()).hasValue(999_999_999_999_999_999L);
        assertThat(ehlo("SIZE 9999999999999999999").sizeLimit()).hasValue(Long.MAX_VALUE);
        assertThat(ehlo("SIZE").sizeLimit()).isEmpty();
        assertThat(ehlo("PIPELINING").enhancedStatusCodes()).isFalse();
        assertThat(ehlo("ENHANCEDSTATUSCODES").enhancedStatusCodes()).isTrue();
        assertThat(ehlo("PIPELINING").deliverBy()).isEqualTo(OptionalLong.empty());
        assertThat(ehlo("DELIVERBY").deliverBy()).hasValue(0);
        assertThat(ehlo("DELIVERBY 240").deliverBy()).hasValue(240);
        assertThat(ehlo("DELIVERBY soon").deliverBy()).isEmpty();
        Capabilities odd = ehlo("=WEIRD", "AUTH=LOGIN PLAIN", "X-A=B C");
        assertThat(odd.has("=WEIRD")).isTrue();
        assertThat(odd.authMechanisms()).contains("LOGIN", "PLAIN");
        assertThat(odd.has("X-A=")).isTrue();
        Capabilities.Limits limits = ehlo("LIMITS RCPTMAX=20 MAILMAX=5 RCPTDOMAINMAX=x =7").limits();
        assertThat(limits.rcptMax()).hasValue(20);
        assertThat(limits.mailMax()).hasValue(5);
        assertThat(limits.rcptDomainMax()).isEmpty();
    }

    // -------------------------------------------------------------------------------------------- reply parser

    @Test
    void aReplyOfExactlyTheByteLimitIsKeptAndOneMoreIsRefused() {
        String line = "250-" + "x".repeat(4000 - 6) + "\r\n";
        int fullLines = ReplyParser.MAX_REPLY_BYTES / 4000;
        StringBuilder exact = new StringBuilder(line.repeat(fullLines));
        int left = ReplyParser.MAX_REPLY_BYTES - exact.length();
        exact.append("250 ").append("y".repeat(left - 6)).append("\r\n");
        assertThat(exact.length()).isEqualTo(ReplyParser.MAX_REPLY_BYTES);
        assertThat(new ReplyParser().feed(ascii(exact.toString()))).hasSize(1);
        String over = exact.substring(0, exact.length() - 2) + "z\r\n";
        assertThatThrownBy(() -> new ReplyParser().feed(ascii(over))).hasMessageContaining("reply longer than");
    }

    @Test
    void aReplyOfExactlyTheLineLimitIsKeptAndOneMoreIsRefused() {
        String exact = "250-a\r\n".repeat(ReplyParser.MAX_REPLY_LINES - 1) + "250 z\r\n";
        assertThat(new ReplyParser().feed(ascii(exact)).get(0).lines()).hasSize(ReplyParser.MAX_REPLY_LINES);
        String over = "250-a\r\n".repeat(ReplyParser.MAX_REPLY_LINES) + "250 z\r\n";
        assertThatThrownBy(() -> new ReplyParser().feed(ascii(over))).hasMessageContaining("more than "
                + ReplyParser.MAX_REPLY_LINES + " lines");
    }

    @Test
    void aLineOfExactlyTheLimitIsKept() {
        String exact = "250 " + "x".repeat(ReplyParser.MAX_LINE_BYTES - 6) + "\r\n";
        assertThat(exact.length()).isEqualTo(ReplyParser.MAX_LINE_BYTES);
        assertThat(new ReplyParser().feed(ascii(exact))).hasSize(1);
        String over = "250 " + "x".repeat(ReplyParser.MAX_LINE_BYTES - 5) + "\r\n";
        assertThatThrownBy(() -> new ReplyParser().feed(ascii(over))).hasMessageContaining("reply line longer than");
    }

    @Test
    void everyDigitOfTheCodeIsChecked() {
        for (String bad : List.of("1", "6", "2/", "2:", "20/", "20:", "/0", ":0")) {
            String code = (bad + "00").substring(0, 3);
            assertThatThrownBy(() -> new ReplyParser().feed(ascii(code + " x\r\n"))).as(code)
                    .hasMessageContaining("does not start with a code 200-599");
        }
        assertThat(new ReplyParser().feed(ascii("200 x\r\n599 y\r\n"))).extracting(SmtpReply::code)
                .containsExactly(200, 599);
    }

    @Test
    void theSeparatorIsShownPrintablyInTheError() {
        assertThatThrownBy(() -> new ReplyParser().feed(ascii("250~x\r\n"))).hasMessageContaining("'~' after the code");
        assertThatThrownBy(() -> new ReplyParser().feed(ascii("250\u007fx\r\n")))
                .hasMessageContaining("'\\x7f' after the code");
        assertThatThrownBy(() -> new ReplyParser().feed(ascii("250\u001fx\r\n")))
                .hasMessageContaining("'\\x1f' after the code");
        String longLine = "250x" + "a".repeat(100) + "\r\n";
        assertThatThrownBy(() -> new ReplyParser().feed(ascii(longLine)))
                .hasMessageContaining("\"250x" + "a".repeat(56) + "...\"");
        String shortLine = "250x" + "a".repeat(56) + "\r\n";
        assertThatThrownBy(() -> new ReplyParser().feed(ascii(shortLine)))
                .hasMessageContaining("\"250x" + "a".repeat(56) + "\"");
    }

    @Test
    void thePartialReplyIsWhatArrived() {
        ReplyParser parser = new ReplyParser();
        assertThat(parser.isMidReply()).isFalse();
        assertThat(parser.partialReply()).isEmpty();
        parser.feed(ascii("250-one\r\n250 tw"));
        assertThat(parser.isMidReply()).isTrue();
        assertThat(parser.partialReply()).isEqualTo(ascii("250-one\r\n250 tw"));
    }

    // ------------------------------------------------------------------------------------------------- replies

    @Test
    void replyClassesAndRawLines() {
        SmtpReply r354 = new ReplyParser().feed(ascii("354 go\r\n")).get(0);
        SmtpReply r400 = new ReplyParser().feed(ascii("400 later\r\n")).get(0);
        SmtpReply r550 = new ReplyParser().feed(ascii("550-5.1.1 no\r\n550 5.1.1 such user\n")).get(0);
        assertThat(r354.isIntermediate()).isTrue();
        assertThat(r354.isFailure()).isFalse();
        assertThat(r400.isFailure()).isTrue();
        assertThat(r400.isIntermediate()).isFalse();
        assertThat(r400.isPermanentFailure()).isFalse();
        assertThat(r550.isPermanentFailure()).isTrue();
        assertThat(r550.rawLines()).extracting(b -> new String(b, StandardCharsets.US_ASCII))
                .containsExactly("550-5.1.1 no\r\n", "550 5.1.1 such user\n");
        assertThat(r550.bareLf()).isTrue();
        SmtpReply same = new ReplyParser().feed(ascii("550-5.1.1 no\r\n550 5.1.1 such user\n")).get(0);
        assertThat(r550).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(r400)
                .hasToString("SmtpReply[550 5.1.1 no such user]");
        assertThat(r550).isNotEqualTo(new ReplyParser().feed(ascii("550-5.1.1 no\r\n550 5.1.1 such user\r\n"))
                .get(0));
    }

    // ------------------------------------------------------------------------------------------------ protocol

    @Test
    void everyFlightHasItsOwnNumberAndTheEndOfDataToo() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        assertThat(receive(p, "220 mx\r\n").get(0).flight()).isEqualTo(1);
        p.send(SmtpCommand.ehlo("c.example"));
        assertThat(receive(p, "250-mx\r\n250 PIPELINING\r\n").get(0).flight()).isEqualTo(2);
        ClientProtocol.Flight f = p.sendFlight(List.of(SmtpCommand.mail("a@example.com"),
                SmtpCommand.rcpt("b@example.com"), SmtpCommand.data()), false);
        assertThat(f.number()).isEqualTo(3);
        assertThat(new String(f.bytes(), StandardCharsets.US_ASCII))
                .isEqualTo("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n");
        List<Exchange> x = receive(p, "250 ok\r\n");
        assertThat(p.projectedState()).as("still counting on the rest of the flight").isEqualTo(SessionState.DATA_BODY);
        x = receive(p, "250 ok\r\n354 go\r\n");
        assertThat(x).extracting(Exchange::flight).containsOnly(3);
        assertThat(p.acceptedRecipients()).isEqualTo(1);
        p.endData(p.beginData());
        assertThat(receive(p, "250 queued\r\n").get(0).flight()).isEqualTo(4);
        assertThat(p.send(SmtpCommand.noop())).isEqualTo(ascii("NOOP\r\n"));
        assertThat(receive(p, "250 ok\r\n").get(0).flight()).isEqualTo(5);
    }

    @Test
    void aRefusedEhloOrHeloLeavesTheCapabilitiesAlone() {
        ClientProtocol p = ready("PIPELINING");
        p.send(SmtpCommand.ehlo("again.example"));
        receive(p, "550 no\r\n");
        assertThat(p.capabilities().pipelining()).isTrue();
        assertThat(p.capabilityHistory()).hasSize(1);
        p.send(SmtpCommand.helo("again.example"));
        receive(p, "550 no\r\n");
        assertThat(p.capabilities().pipelining()).isTrue();
        assertThat(p.capabilityHistory()).hasSize(1);
        p.send(SmtpCommand.helo("again.example"));
        receive(p, "250 hi\r\n");
        assertThat(p.capabilities().pipelining()).isFalse();
        assertThat(p.capabilityHistory()).extracting(CapabilitySnapshot::phase)
                .containsExactly("before TLS", "before TLS (HELO)");
    }

    @Test
    void onlyAcceptedRecipientsAreCounted() {
        ClientProtocol p = ready("PIPELINING");
        p.sendFlight(List.of(SmtpCommand.mail("a@example.com"), SmtpCommand.rcpt("b@example.com"),
                SmtpCommand.rcpt("c@example.com"), SmtpCommand.rcpt("d@example.com")), false);
        receive(p, "250 ok\r\n550 no\r\n250 ok\r\n451 later\r\n");
        assertThat(p.acceptedRecipients()).isEqualTo(1);
        p.send(SmtpCommand.rset());
        receive(p, "250 ok\r\n");
        p.send(SmtpCommand.mail("a@example.com"));
        receive(p, "250 ok\r\n");
        assertThat(p.acceptedRecipients()).as("a new transaction starts from none").isZero();
    }

    @Test
    void failingAndClosingClearWhatWasExpected() {
        ClientProtocol p = ready("PIPELINING");
        p.sendFlight(List.of(SmtpCommand.mail("a@example.com"), SmtpCommand.rcpt("b@example.com")), false);
        assertThat(p.pendingReplies()).isEqualTo(2);
        p.fail();
        assertThat(p.pendingReplies()).isZero();
        assertThat(p.state()).isEqualTo(SessionState.ERROR);
        p.connectionClosed();
        assertThat(p.state()).as("a broken session stays broken when closed").isEqualTo(SessionState.ERROR);
        ClientProtocol q = ready();
        q.send(SmtpCommand.noop());
        q.connectionClosed();
        assertThat(q.state()).isEqualTo(SessionState.CLOSED);
        assertThat(q.projectedState()).isEqualTo(SessionState.CLOSED);
        assertThat(q.pendingReplies()).isZero();
    }

    @Test
    void whyAuthIsNotOfferedDependsOnTls() {
        ClientProtocol p = ready();
        assertThat(p.problems(SmtpCommand.auth("PLAIN", null))).singleElement().asString()
                .isEqualTo("the server offers no AUTH here (many servers offer it only after STARTTLS)");
        ClientProtocol tls = new ClientProtocol();
        tls.connectionOpened(true);
        receive(tls, "220 mx\r\n");
        tls.send(SmtpCommand.ehlo("c.example"));
        receive(tls, "250 mx\r\n");
        assertThat(tls.problems(SmtpCommand.auth("PLAIN", null))).singleElement().asString()
                .isEqualTo("the server offers no AUTH here");
    }

    @Test
    void theHintListsWhatIsLegalNowAndNothingWhenNothingIs() {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        receive(p, "220 mx\r\n");
        assertThat(p.problems(SmtpCommand.mail("a@example.com"))).singleElement().asString()
                .isEqualTo("MAIL is not legal now: the session is greeted; say EHLO or HELO (legal now: EHLO, HELO,"
                        + " HELP, NOOP, QUIT, RSET, VRFY)");
        ClientProtocol body = ready();
        body.send(SmtpCommand.mail("a@example.com"));
        receive(body, "250 ok\r\n");
        body.send(SmtpCommand.rcpt("b@example.com"));
        receive(body, "250 ok\r\n");
        body.send(SmtpCommand.data());
        receive(body, "354 go\r\n");
        assertThat(body.problems(SmtpCommand.noop())).singleElement().asString()
                .isEqualTo("NOOP is not legal now: the session is sending the message body after 354");
    }

    @Test
    void envelopeChecksOnTypedAndRawCommands() {
        ClientProtocol p = ready("SIZE 100", "SMTPUTF8");
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM:<a@example.com> SIZE=100"))).isEmpty();
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM:<a@example.com> SIZE=101"))).singleElement().asString()
                .contains("larger than the server's SIZE limit (100 bytes)");
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM:<a@example.com> SIZE=lots"))).singleElement().asString()
                .contains("SIZE=lots is not a number");
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM:<\u7528@example.com>"))).singleElement().asString()
                .contains("MAIL needs the SMTPUTF8 parameter");
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM:<\u7528@example.com> SMTPUTF8"))).isEmpty();
        ClientProtocol ascii = ready("PIPELINING");
        ascii.send(SmtpCommand.mail("a@example.com"));
        receive(ascii, "250 ok\r\n");
        assertThat(ascii.problems(SmtpCommand.raw("RCPT TO:<\u7528@example.com>"))).singleElement().asString()
                .contains("did not advertise SMTPUTF8");
        assertThat(ascii.problems(SmtpCommand.raw("RCPT TO:<b@example.com> NOTIFY=NEVER"))).singleElement()
                .asString().contains("NOTIFY needs the DSN extension");
        assertThat(ascii.problems(SmtpCommand.raw("RCPT TO:<b@example.com>"))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ commands

    @Test
    void commandsThatAreNotBdatHaveNoChunk() {
        assertThat(SmtpCommand.noop().bdatLast()).isFalse();
        assertThat(SmtpCommand.noop().bdatSize()).isEqualTo(-1);
        assertThat(SmtpCommand.raw("NOOP").bdatSize()).isEqualTo(-1);
        assertThat(SmtpCommand.raw("BDAT 10").bdatLast()).isFalse();
        assertThat(SmtpCommand.vrfy("postmaster").line()).isEqualTo("VRFY postmaster");
        assertThat(SmtpCommand.expn("staff").line()).isEqualTo("EXPN staff");
        assertThat(SmtpCommand.etrn("@example.com").line()).isEqualTo("ETRN @example.com");
        assertThatThrownBy(() -> SmtpCommand.vrfy(" ")).hasMessageContaining("VRFY argument is empty");
        assertThatThrownBy(() -> SmtpCommand.raw("NOOP\0")).hasMessageContaining("NUL");
    }

    // ---------------------------------------------------------------------- found by the 2026-11-30 measurement

    @Test
    void aReplyWhoseTextIsATruncatedEnhancedCodeKeepsItAsText() {
        // "2.123" ends inside what could be an enhanced code: not one, and not a reason to fail.
        SmtpReply r = new ReplyParser().feed(ascii("250 2.123\r\n")).get(0);

        assertThat(r.enhanced()).isNull();
        assertThat(r.lines()).containsExactly("2.123");
        assertThat(EnhancedStatus.parse("2.123")).isEmpty();
        assertThat(EnhancedStatus.parse("2.1.123")).contains(new EnhancedStatus(2, 1, 123));
    }

    @Test
    void thePartialReplyIsWhatArrivedBeforeTheFirstLineEnds() {
        ReplyParser parser = new ReplyParser();

        parser.feed(ascii("25"));

        assertThat(parser.isMidReply()).isTrue();
        assertThat(parser.partialReply()).isEqualTo(ascii("25"));
    }

    @Test
    void aBuiltReplyGoesOnTheWireInCanonicalFormAndParsesBackToItself() {
        SmtpReply built = SmtpReply.of(250, new EnhancedStatus(2, 1, 0), "first", "second");
        SmtpReply plain = SmtpReply.of(221, "bye");

        assertThat(new String(built.raw(), StandardCharsets.US_ASCII))
                .isEqualTo("250-2.1.0 first\r\n250 2.1.0 second\r\n");
        assertThat(new String(plain.raw(), StandardCharsets.US_ASCII)).isEqualTo("221 bye\r\n");
        assertThat(new ReplyParser().feed(built.raw())).containsExactly(built);
        assertThat(new ReplyParser().feed(plain.raw())).containsExactly(plain);
    }

    @Test
    void extensionsThatAreNotAdvertisedAreNotAssumed() {
        Capabilities none = ehlo("PIPELINING");
        Capabilities all = ehlo("BINARYMIME", "8BITMIME", "DSN", "REQUIRETLS");

        assertThat(List.of(none.binaryMime(), none.eightBitMime(), none.dsn(), none.requireTls()))
                .containsOnly(false);
        assertThat(List.of(all.binaryMime(), all.eightBitMime(), all.dsn(), all.requireTls())).containsOnly(true);
    }

    @Test
    void theHintLeavesOutWhatThisServerRulesOut() {
        ClientProtocol plain = ready("PIPELINING");
        ClientProtocol offering = ready("STARTTLS", "AUTH PLAIN", "ETRN");

        assertThat(plain.problems(SmtpCommand.data())).singleElement().asString()
                .endsWith("(legal now: EHLO, EXPN, HELO, HELP, MAIL, NOOP, QUIT, RSET, VRFY)");
        assertThat(offering.problems(SmtpCommand.data())).singleElement().asString()
                .endsWith("(legal now: AUTH, EHLO, ETRN, EXPN, HELO, HELP, MAIL, NOOP, QUIT, RSET, STARTTLS, VRFY)");
    }

    @Test
    void aTypedLineThatSpellsAWellFormedCommandIsCheckedAsThatCommand() {
        ClientProtocol p = ready("PIPELINING");

        assertThat(p.problems(SmtpCommand.mail("a@example.com"))).isEmpty();
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM:<a@example.com>"))).isEmpty();
        assertThat(p.problems(SmtpCommand.raw("MAIL FROM: a@example.com"))).singleElement().asString()
                .isEqualTo("\"MAIL FROM: a@example.com\" is not a well-formed MAIL command: MAIL FROM:<address>"
                        + " [parameters] (RFC 5321 §4.1.1.2)");
        // RFC 5321 §4.1.1.9 lets NOOP carry a string; only MAIL, RCPT and AUTH are read for their arguments.
        assertThat(p.problems(SmtpCommand.raw("NOOP keepalive"))).isEmpty();
    }

    @Test
    void everyCommandShowsItsLineExceptTheSecrets() {
        for (SmtpCommand c : List.of(SmtpCommand.ehlo("c.example"), SmtpCommand.helo("c.example"),
                SmtpCommand.mail("a@example.com", MailParameters.builder().size(5).build()),
                SmtpCommand.rcpt("b@example.com"), SmtpCommand.bdat(10, false), SmtpCommand.data(),
                SmtpCommand.quit(), SmtpCommand.help(""), SmtpCommand.vrfy("postmaster"))) {
            assertThat(c).hasToString(c.line());
        }
        assertThat(SmtpCommand.auth("PLAIN", "c2VjcmV0")).hasToString("AUTH PLAIN <redacted>");
        assertThat(SmtpCommand.authResponse("c2VjcmV0").toString()).doesNotContain("c2VjcmV0");
    }

    @Test
    void anEmptyLastChunkEndsAChunkedMessage() {
        // RFC 3030 §2: "BDAT 0 LAST" ends a message whose chunks have all been sent.
        assertThat(SmtpCommand.bdat(0, true).line()).isEqualTo("BDAT 0 LAST");
        assertThatThrownBy(() -> SmtpCommand.bdat(-1, true)).hasMessageContaining("must not be negative");
    }

    @Test
    void anAuthResponseCannotSmuggleACommand() {
        assertThatThrownBy(() -> SmtpCommand.authResponse("c2VjcmV0\r\nMAIL FROM:<eve@example.com>"))
                .isInstanceOf(SmtpException.class).hasMessageContaining("AUTH response contains CR at position 8");
        assertThatThrownBy(() -> SmtpCommand.authResponse("x\ny")).hasMessageContaining("LF at position 1");
    }
}
