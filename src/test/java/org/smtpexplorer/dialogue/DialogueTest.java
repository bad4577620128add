package org.smtpexplorer.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpexplorer.testing.ScriptedServer;
import org.smtpexplorer.testing.Smtpx;
import org.smtpexplorer.testing.TestCerts;
import picocli.CommandLine;

/**
 * Runs every dialogue in src/test/resources/dialogues through `smtpx send` against a scripted server, with the
 * server's replies delivered whole, line by line and byte by byte. The server asserts every client byte.
 * Header lines: "#! args ...", "#! exit N", "#! out-contains TEXT", "#! err-contains TEXT", "#! out-lacks TEXT",
 * "#! err-lacks TEXT", "#! once TEXT" (stdout and stderr together hold TEXT exactly once), "#! tls trusted",
 * "#! no-connect", "#! modes WHOLE,LINE". In args, "@msg/NAME" is a message file and
 * "@secret/VALUE" a password file.
 */
class DialogueTest {
    private static final Path DIR = dir();

    private static Path dir() {
        try {
            return Path.of(DialogueTest.class.getResource("/dialogues").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> dialogues() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                String modes = Files.readAllLines(f).stream().filter(l -> l.startsWith("#! modes "))
                        .map(l -> l.substring(9)).findFirst().orElse("WHOLE,LINE,BYTE");
                for (String m : modes.split(",")) {
                    out.add(Arguments.of(f.getFileName().toString(), ScriptedServer.Mode.valueOf(m.strip())));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("dialogues")
    void dialogue(String name, ScriptedServer.Mode mode, @TempDir Path tmp) throws Exception {
        List<String> lines = Files.readAllLines(DIR.resolve(name), StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        int exit = 0;
        List<String> outContains = new ArrayList<>();
        List<String> outLacks = new ArrayList<>();
        List<String> errContains = new ArrayList<>();
        List<String> errLacks = new ArrayList<>();
        List<String> once = new ArrayList<>();
        String tls = null;
        boolean connects = true;
        for (String l : lines) {
            if (!l.startsWith("#! ")) {
                continue;
            }
            String[] kv = l.substring(3).split(" ", 2);
            String v = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "args" -> {
                    for (String a : CommandLine.Help.Ansi.OFF.string(v).split(" (?=--)")) {
                        String[] opt = a.split(" ", 2);
                        args.add(opt[0]);
                        if (opt.length > 1) {
                            args.add(argument(opt[1], tmp));
                        }
                    }
                }
                case "exit" -> exit = Integer.parseInt(v);
                case "out-contains" -> outContains.add(v);
                case "out-lacks" -> outLacks.add(v);
                case "err-contains" -> errContains.add(v);
                case "err-lacks" -> errLacks.add(v);
                case "once" -> once.add(v);
                case "tls" -> tls = v;
                case "no-connect" -> connects = false;
                case "modes" -> {
                    // Read when the cases are listed.
                }
                default -> throw new IllegalArgumentException("unknown header " + l);
            }
        }
        TestCerts.Issued ca = TestCerts.ca("Dialogue Test CA");
        TestCerts.Issued cert = TestCerts.server(ca, "localhost", "127.0.0.1");
        if ("trusted".equals(tls)) {
            args.add("--trust-cert");
            args.add(ca.writePem(tmp, "ca.pem").toString());
        }
        try (ScriptedServer server = new ScriptedServer(lines.stream().filter(l -> !l.startsWith("#")).toList(),
                mode, cert.serverContext())) {
            args.add("--server");
            args.add("127.0.0.1:" + server.port());
            args.add("--timeout");
            args.add("10");
            Smtpx.Run run = Smtpx.run(List.of(prepend("send", args)));
            String out = run.out();
            String err = run.err();
            int code = run.exit();
            String description = "stdout:\n" + out + "\nstderr:\n" + err;
            if (connects) {
                assertThat(server.await()).as(description).isEmpty();
            }
            assertThat(code).as(description).isEqualTo(exit);
            for (String s : outContains) {
                assertThat(out).as(description).contains(s);
            }
            for (String s : outLacks) {
                assertThat(out).as(description).doesNotContain(s);
            }
            for (String s : errContains) {
                assertThat(err).as(description).contains(s);
            }
            for (String s : errLacks) {
                assertThat(err).as(description).doesNotContain(s);
            }
            String both = out + "\n" + err;
            for (String s : once) {
                assertThat(both.split(java.util.regex.Pattern.quote(s), -1)).as(description + "\n(once: " + s + ")")
                        .hasSize(2);
            }
        }
    }

    /** "@msg/NAME" is a message file; "@secret/VALUE" a temporary password file holding VALUE. */
    private static String argument(String value, Path tmp) throws IOException {
        if (value.startsWith("@msg/")) {
            return DIR.resolve("msg").resolve(value.substring(5)).toString();
        }
        if (value.startsWith("@secret/")) {
            return Files.writeString(Files.createTempFile(tmp, "secret", ".txt"), value.substring(8)).toString();
        }
        return new String(ScriptedServer.unescape(value), StandardCharsets.UTF_8);
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }
}
