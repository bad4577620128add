package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpexplorer.lab.LabConfig;
import org.smtpexplorer.lab.LabServer;
import org.smtpexplorer.lab.ReceivedMessage;
import org.smtpexplorer.lab.Scenario;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.Smtpx.Run;

/**
 * smtpx export: scripts made from lab sessions, run with the real swaks, python3 and openssl against the same lab,
 * deliver the same message again (the lab's bytes compared), and hostile saved values stay values.
 */
class ExportCommandTest {
    private static final String PASSWORD = "wonderland";
    /** Leading dots, a line that is only a dot, UTF-8, and no final line end: everything a transfer can get wrong. */
    private static final byte[] MESSAGE = ("From: alice@lab.example\r\nTo: bob@lab.example\r\nSubject: Grüße\r\n"
            + "\r\n.one dot\r\n..two dots\r\n.\r\nGrüße aus 例子.中国\r\n%DATE% stays\r\nlast line")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    LabServer lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** A session sent by smtpx to a fresh lab, saved with --json; returns the saved file. */
    private Path saved(Scenario scenario, String... options) throws IOException {
        lab = LabServer.start(LabConfig.builder().dataDir(dir.resolve("lab")).scenario(scenario).build());
        Path password = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        Path eml = Files.write(dir.resolve("original.eml"), MESSAGE);
        Path json = dir.resolve("session.json");
        List<String> args = new ArrayList<>(List.of("--trust-cert", lab.certificatePath().toString(),
                "--password-file", password.toString(), "--helo", "client.example", "--from", "alice@lab.example",
                "--to", "bob@lab.example", "--eml", eml.toString(), "--json", json.toString()));
        args.addAll(List.of(options));
        Run send = Smtpx.send(lab.port(), args.toArray(String[]::new));
        assertThat(send.exit()).as(send.describe()).isZero();
        assertThat(lab.messages()).hasSize(1);
        return json;
    }

    private Run export(String as, Path json, String... more) {
        List<String> args = new ArrayList<>(List.of("export", "--as", as, json.toString()));
        args.addAll(List.of(more));
        return Smtpx.run(args);
    }

    private record Ran(int exit, String output) {
    }

    private Ran run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Ran(p.exitValue(), out);
    }

    private Path script(String as, Path json) throws IOException {
        Run r = export(as, json);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).doesNotContain(PASSWORD);
        return Files.writeString(dir.resolve("replay." + as), r.out());
    }

    private static boolean installed(String tool) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The message the script delivered is the one the saved session delivered, byte for byte, same envelope. */
    private void deliveredAgain() {
        List<ReceivedMessage> got = lab.messages();
        assertThat(got).hasSize(2);
        assertThat(got.get(1).content()).isEqualTo(got.get(0).content());
        assertThat(got.get(1).envelope().mailFrom()).isEqualTo(got.get(0).envelope().mailFrom());
        assertThat(got.get(1).envelope().recipients()).isEqualTo(got.get(0).envelope().recipients());
    }

    @Test
    void theMessageIsWrittenBesideTheSavedSessionAndNeverOverAnotherFile() throws IOException {
        Path json = saved(Scenario.MODERN, "--security", "starttls", "--auth", "PLAIN", "--user", "alice");
        Run r = export("python", json);
        assertThat(r.exit()).as(r.describe()).isZero();
        Path eml = dir.resolve("session.eml");
        assertThat(Files.readAllBytes(eml)).isEqualTo(MESSAGE);
        assertThat(r.err()).contains("the message is in " + eml + " (" + MESSAGE.length + " bytes)");
        assertThat(r.out()).contains("MESSAGE_FILE = '" + eml.toAbsolutePath() + "'");
        assertThat(export("swaks", json).exit()).as("the same bytes already there are used again").isZero();
        Files.writeString(eml, "something else");
        Run refused = export("swaks", json);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("exists and is not the saved message", "--eml-out");
        assertThat(Files.readString(eml)).isEqualTo("something else");
        Run elsewhere = export("swaks", json, "--eml-out", dir.resolve("other.eml").toString());
        assertThat(elsewhere.exit()).as(elsewhere.describe()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("other.eml"))).isEqualTo(MESSAGE);
    }

    @Test
    void theSwaksExportOfAStartTlsScramBdatSessionDeliversTheSameMessage() throws Exception {
        assumeTrue(installed("swaks"), "swaks is not installed");
        Path json = saved(Scenario.MODERN, "--security", "starttls", "--auth", "SCRAM-SHA-256", "--user", "alice");
        Path script = script("swaks", json);
        assertThat(Files.readString(script)).contains(
                "# The password: from the environment variable SMTPX_PASSWORD",
                "#   - swaks has no SCRAM-SHA-256: it uses CRAM-MD5 instead",
                "#   - swaks has no BDAT (CHUNKING): the message goes by DATA instead",
                "#   - swaks cannot add MAIL or RCPT parameters, so SIZE=" + MESSAGE.length + " BODY=8BITMIME SMTPUTF8"
                        + " are not sent (without SMTPUTF8, a server may refuse a non-ASCII address)",
                "--tls \\", "--tls-verify \\", "--ehlo='client.example' \\", "--auth=CRAM-MD5 \\",
                "--auth-user='alice' \\", "--pipeline \\", "--no-data-fixup");
        Ran ran = run(Map.of("SMTPX_PASSWORD", PASSWORD), "sh", script.toString());
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output()).doesNotContain(PASSWORD).contains("235 2.7.0 Authentication successful");
        // BDAT sent the message as it is; DATA must end it with a line end, and the script says so.
        assertThat(Files.readString(script)).contains("the server gets the same bytes, with a CRLF after the last"
                + " line (a message sent by DATA ends with a line end; by BDAT it did not)");
        List<ReceivedMessage> got = lab.messages();
        assertThat(got).hasSize(2);
        byte[] withLineEnd = (new String(MESSAGE, StandardCharsets.UTF_8) + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(got.get(0).content()).isEqualTo(MESSAGE);
        assertThat(got.get(1).content()).isEqualTo(withLineEnd);
        assertThat(lab.messages().get(1).session().authUser()).isEqualTo("alice");
        assertThat(lab.messages().get(1).session().tls()).isTrue();
    }

    @Test
    void theSwaksExportOfAPlainDataSessionDeliversTheSameMessage() throws Exception {
        assumeTrue(installed("swaks"), "swaks is not installed");
        Path json = saved(Scenario.NO_TLS, "--security", "none", "--transfer", "data", "--pipelining", "off");
        Path script = script("swaks", json);
        assertThat(Files.readString(script)).doesNotContain("--tls", "--auth", "--pipeline", "SWAKS_OPT");
        Ran ran = run(Map.of(), "sh", script.toString());
        assertThat(ran.exit()).as(ran.output()).isZero();
        deliveredAgain();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"})
    void thePythonExportRepeatsTheSessionStepByStepWithTheSameMechanism(String mechanism) throws Exception {
        assumeTrue(installed("python3"), "python3 is not installed");
        Path json = saved(Scenario.MODERN, "--security", "starttls", "--auth", mechanism, "--user", "alice",
                "--transfer", "bdat", "--chunk-size", "50", "--dsn-notify", "SUCCESS,FAILURE", "--dsn-ret", "HDRS",
                "--envid", "id+1");
        Path script = script("python", json);
        Ran ran = run(Map.of("SMTPX_PASSWORD", PASSWORD), "python3", script.toString());
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output()).doesNotContain(PASSWORD).contains("C: AUTH " + mechanism,
                "235 2.7.0 Authentication successful", "C: BDAT 50\n", " LAST\n", "S: 221 ");
        deliveredAgain();
        ReceivedMessage again = lab.messages().get(1);
        assertThat(again.chunkSizes()).isEqualTo(lab.messages().get(0).chunkSizes());
        assertThat(again.envelope().mailParameters()).isEqualTo(lab.messages().get(0).envelope().mailParameters());
        assertThat(again.envelope().envid()).isEqualTo("id+1");
        assertThat(again.session().authUser()).isEqualTo("alice");
    }

    @Test
    void thePythonExportOfAPipelinedDataSessionDeliversTheSameMessage() throws Exception {
        assumeTrue(installed("python3"), "python3 is not installed");
        Path json = saved(Scenario.NO_CHUNKING, "--security", "starttls");
        Path script = script("python", json);
        assertThat(Files.readString(script)).contains("flight(['MAIL FROM:<alice@lab.example> SIZE=" + MESSAGE.length
                + " BODY=8BITMIME SMTPUTF8', 'RCPT TO:<bob@lab.example>', 'DATA'], [250, 250, 354])", "message(250)");
        Ran ran = run(Map.of(), "python3", script.toString());
        assertThat(ran.exit()).as(ran.output()).isZero();
        deliveredAgain();
    }

    @Test
    void thePythonExportStopsWhereTheServerAnswersOtherwise() throws Exception {
        assumeTrue(installed("python3"), "python3 is not installed");
        Path json = saved(Scenario.MODERN, "--security", "starttls");
        Path script = script("python", json);
        lab.setScenario(Scenario.GREYLIST);
        Ran ran = run(Map.of(), "python3", script.toString());
        assertThat(ran.exit()).as(ran.output()).isEqualTo(1);
        assertThat(ran.output()).contains("S: 451 4.7.1", "! stopped: the saved session got 250 here", "C: QUIT");
        assertThat(lab.messages()).hasSize(1);
        Ran anyway = run(Map.of(), "python3", script.toString(), "--keep-going");
        assertThat(anyway.exit()).as(anyway.output()).isZero();
        deliveredAgain();
    }

    @Test
    void theOpensslExportTypesTheSessionIntoSClient() throws Exception {
        assumeTrue(installed("openssl") && installed("perl"), "openssl or perl is not installed");
        Path json = saved(Scenario.MODERN, "--security", "starttls", "--auth", "SCRAM-SHA-256", "--user", "alice",
                "--transfer", "data");
        Path script = script("openssl", json);
        assertThat(Files.readString(script)).contains("AUTH SCRAM-SHA-256 answers the server's challenge",
                "AUTH PLAIN instead", "-starttls smtp -name 'client.example'", "-verify_return_error");
        Ran ran = run(Map.of("SMTPX_PASSWORD", PASSWORD, "SMTPX_PAUSE", "0.4"), "sh", script.toString());
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output()).doesNotContain(PASSWORD).contains("235 2.7.0", "221 2.0.0");
        deliveredAgain();
    }

    @Test
    void hostileSavedValuesStayValuesInTheShell() throws Exception {
        // A saved session is a file anyone could have written: addresses and names with quotes and substitutions.
        String json = """
                {"schema": "smtp-explorer-transcript/2",
                 "request": {"host": "mx.example", "port": 25, "security": "none", "user": "u'$(touch PWNED)",
                             "to": ["x"]},
                 "entries": [
                  {"kind": "CONNECT", "seq": 0, "time": "2026-01-01T00:00:00Z", "text": "c", "host": "mx.example",
                   "address": "192.0.2.1", "port": 25},
                  {"kind": "SERVER", "seq": 1, "time": "2026-01-01T00:00:00Z", "text": "220 hi", "code": 220,
                   "flight": 1, "bareLf": false},
                  {"kind": "CLIENT", "seq": 2, "time": "2026-01-01T00:00:00Z", "text": "EHLO `touch PWNED`'\\"",
                   "secretFrom": -1, "flight": 2, "verb": "EHLO"},
                  {"kind": "SERVER", "seq": 3, "time": "2026-01-01T00:00:00Z", "text": "250 ok", "code": 250,
                   "flight": 2, "bareLf": false},
                  {"kind": "CLIENT", "seq": 4, "time": "2026-01-01T00:00:00Z", "text": "AUTH PLAIN <redacted>",
                   "secretFrom": 11, "flight": 3, "verb": "AUTH"},
                  {"kind": "SERVER", "seq": 5, "time": "2026-01-01T00:00:00Z", "text": "235 ok", "code": 235,
                   "flight": 3, "bareLf": false},
                  {"kind": "CLIENT", "seq": 6, "time": "2026-01-01T00:00:00Z",
                   "text": "MAIL FROM:<\\"$(touch PWNED);'\\"@example.com>", "secretFrom": -1, "flight": 4,
                   "verb": "MAIL"},
                  {"kind": "SERVER", "seq": 7, "time": "2026-01-01T00:00:00Z", "text": "250 ok", "code": 250,
                   "flight": 4, "bareLf": false},
                  {"kind": "CLIENT", "seq": 8, "time": "2026-01-01T00:00:00Z", "text": "RCPT TO:<-x@example.com>",
                   "secretFrom": -1, "flight": 5, "verb": "RCPT"},
                  {"kind": "SERVER", "seq": 9, "time": "2026-01-01T00:00:00Z", "text": "250 ok", "code": 250,
                   "flight": 5, "bareLf": false}]}""";
        Path file = Files.writeString(dir.resolve("hostile.json"), json);
        Run r = export("swaks", file);
        assertThat(r.exit()).as(r.describe()).isZero();
        // A stand-in swaks that prints its arguments one per line: what the shell really passed.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = Files.writeString(bin.resolve("swaks"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n"
                + "printf 'password=%s\\n' \"$SWAKS_OPT_auth_password\"\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        Path script = Files.writeString(dir.resolve("hostile.sh"), r.out());
        Ran ran = run(Map.of("PATH", bin + ":" + System.getenv("PATH"), "SMTPX_PASSWORD", "p'$(x)"), "sh",
                script.toString());
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output().lines().toList()).contains("--ehlo=`touch PWNED`'\"",
                "--auth-user=u'$(touch PWNED)", "--from=\"$(touch PWNED);'\"@example.com", "--to=-x@example.com",
                "password=p'$(x)");
        assertThat(dir.resolve("PWNED")).doesNotExist();
        Run python = export("python", file);
        assertThat(python.out()).contains("USER = 'u\\'$(touch PWNED)'",
                "command('EHLO `touch PWNED`\\'\"', 250)");
    }

    @Test
    void aControlCharacterOrAHostThatIsNoHostIsRefusedNotExported() throws IOException {
        String base = """
                {"schema": "smtp-explorer-transcript/2", "request": {"host": "HOST", "port": 25, "security": "none"},
                 "entries": [{"kind": "CONNECT", "seq": 0, "time": "2026-01-01T00:00:00Z", "text": "c",
                   "host": "mx.example", "address": "192.0.2.1", "port": 25},
                  {"kind": "CLIENT", "seq": 1, "time": "2026-01-01T00:00:00Z", "text": "EHLO NAME",
                   "secretFrom": -1, "flight": 2, "verb": "EHLO"}]}""";
        Path badHost = Files.writeString(dir.resolve("host.json"), base.replace("HOST", "a b;c").replace("NAME", "x"));
        Run r = export("swaks", badHost);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not a host name or an address");
        Path badName = Files.writeString(dir.resolve("name.json"), base.replace("HOST", "mx.example")
                .replace("NAME", "x\\u001b[2Jy"));
        Run n = export("swaks", badName);
        assertThat(n.exit()).isEqualTo(2);
        assertThat(n.err()).contains("holds a control character (U+001B)");
    }

    @Test
    void aMessageTheFileDoesNotHoldMustBeGiven() throws IOException {
        Path json = saved(Scenario.MODERN, "--security", "starttls");
        String withoutMessage = Files.readString(json).replaceAll(",\\s*\"message\" : \"[^\"]*\"", "");
        Path bare = Files.writeString(dir.resolve("bare.json"), withoutMessage);
        Run r = export("python", bare);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("(" + MESSAGE.length + " bytes) is not in", "give it with --eml FILE");
        Run given = export("python", bare, "--eml", dir.resolve("original.eml").toString());
        assertThat(given.exit()).as(given.describe()).isZero();
        assertThat(given.out()).contains("MESSAGE_FILE = '" + dir.resolve("original.eml").toAbsolutePath() + "'");
    }
}
