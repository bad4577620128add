package org.smtpexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;
import org.smtpexplorer.testing.FuzzTries;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * QuickSend against picocli, the parser it stands in for: wherever QuickSend accepts an argument list, picocli
 * accepts it too and sets every option of SendCommand alike; and the plain forms are accepted.
 */
@AddLifecycleHook(FuzzTries.class)
class QuickSendTest {
    private static final Path READABLE = tempFile();
    private static final Map<String, OptionField> OPTIONS = options();
    private static final List<String> NOT_OPTIONS = List.of("--servers", "--Server", "-server", "--to-", "--no-insecure",
            "-h", "--help", "-V", "--version", "-hV", "--", "--server=127.0.0.1", "--to=b@y.test", "@args", "send",
            "bogus", "");
    private static final List<String> VALUES = List.of("x", "", "a@x.test", "127.0.0.1:2525", "[::1]:25", "0", "25",
            "007", "+5", "1e3", "0x10", "2147483648", "auto", "data", "a b", "ü", "-1", "-x", "--to", "--help", "-h",
            "-hx", "@file", "@@x", "x=y", "--server=y", "send", READABLE.toString(), "/nonexistent/file", "a\u0000b");

    /** An option's field, on send itself or on one of its mixins. */
    private record OptionField(Field mixin, Field field) {
        Object get(SendCommand command) throws IllegalAccessException {
            return field.get(mixin == null ? command : mixin.get(command));
        }

        Class<?> type() {
            return field.getType();
        }

        String name() {
            return (mixin == null ? "" : mixin.getName() + ".") + field.getName();
        }
    }

    /**
     * Every option of send, by each of its names, with its field (on send or on a mixin): read from the annotations,
     * as picocli reads them.
     */
    private static Map<String, OptionField> options() {
        Map<String, OptionField> all = new LinkedHashMap<>();
        for (Field f : SendCommand.class.getDeclaredFields()) {
            if (f.getAnnotation(CommandLine.Mixin.class) != null) {
                for (Field m : f.getType().getDeclaredFields()) {
                    add(all, f, m);
                }
            } else {
                add(all, null, f);
            }
        }
        return all;
    }

    private static void add(Map<String, OptionField> all, Field mixin, Field f) {
        Option o = f.getAnnotation(Option.class);
        if (o != null) {
            for (String name : o.names()) {
                all.put(name, new OptionField(mixin, f));
            }
        }
    }

    private static Path tempFile() {
        try {
            Path p = Files.createTempFile("quicksend-", ".eml");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theQuickTableKnowsEveryOptionWithItsKind() {
        assertThat(OPTIONS).hasSizeGreaterThan(30);
        OPTIONS.forEach((name, field) -> {
            SendCommand.Kind expected = field.type() == boolean.class ? SendCommand.Kind.FLAG
                    : List.class.isAssignableFrom(field.type()) ? SendCommand.Kind.REPEATABLE
                    : SendCommand.Kind.SINGLE;
            assertThat(SendCommand.quickKind(name)).as(name).isEqualTo(expected);
        });
        NOT_OPTIONS.forEach(name -> assertThat(SendCommand.quickKind(name)).as(name).isNull());
    }

    @Property(tries = 3000, seed = "14")
    void whereQuickSendAcceptsPicocliAgrees(@ForAll("anyArguments") List<String> args) throws Exception {
        Statistics.collect(QuickSend.parse(args.toArray(String[]::new)).isPresent() ? "accepted" : "declined");
        assertAgreesWithPicocli(args);
    }

    @Property(tries = 1000, seed = "15")
    void plainArgumentsAreAcceptedAndReadAsPicocliReadsThem(@ForAll("plainArguments") List<String> args)
            throws Exception {
        assertThat(QuickSend.parse(args.toArray(String[]::new))).as(String.join(" ", args)).isPresent();
        assertAgreesWithPicocli(args);
    }

    private static void assertAgreesWithPicocli(List<String> args) throws IllegalAccessException {
        Optional<SendCommand> quick = QuickSend.parse(args.toArray(String[]::new));
        if (quick.isEmpty()) {
            return;
        }
        SendCommand viaPicocli = new SendCommand();
        try {
            new CommandLine(viaPicocli).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("QuickSend accepted what picocli rejects (" + e.getMessage() + "): " + args);
        }
        for (OptionField f : OPTIONS.values()) {
            assertThat(f.get(quick.get())).as(f.name() + " after " + args).isEqualTo(f.get(viaPicocli));
        }
    }

    /** "send", then names and values in any order, mostly with a --server somewhere. */
    @Provide
    Arbitrary<List<String>> anyArguments() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(new ArrayList<>(OPTIONS.keySet()))),
                Tuple.of(1, Arbitraries.of(NOT_OPTIONS)),
                Tuple.of(3, Arbitraries.of(VALUES)));
        return Combinators.combine(token.list().ofMaxSize(10), Arbitraries.of(true, true, false))
                .as((tokens, server) -> {
                    List<String> args = new ArrayList<>(List.of("send"));
                    if (server) {
                        args.addAll(List.of("--server", "127.0.0.1:2525"));
                    }
                    args.addAll(tokens);
                    return args;
                });
    }

    /** "send --server HOST", then options in their plain forms, each single-value option and flag at most once. */
    @Provide
    Arbitrary<List<String>> plainArguments() {
        List<String> names = new ArrayList<>(OPTIONS.keySet());
        names.remove("--server");
        Arbitrary<List<String>> option = Arbitraries.of(names).flatMap(name -> switch (SendCommand.quickKind(name)) {
            case FLAG -> Arbitraries.just(List.of(name));
            case SINGLE, REPEATABLE -> plainValue(name).map(v -> List.of(name, v));
        });
        return option.list().ofMaxSize(12).map(options -> {
            List<String> args = new ArrayList<>(List.of("send", "--server", "mx.example:587"));
            List<String> seen = new ArrayList<>();
            for (List<String> o : options) {
                if (SendCommand.quickKind(o.get(0)) == SendCommand.Kind.REPEATABLE || !seen.contains(o.get(0))) {
                    seen.add(o.get(0));
                    args.addAll(o);
                }
            }
            return args;
        });
    }

    private static Arbitrary<String> plainValue(String name) {
        OptionField f = OPTIONS.get(name);
        if (f.type() == int.class) {
            return Arbitraries.integers().between(0, 1_000_000).map(String::valueOf);
        }
        if (name.equals("--eml")) {
            return Arbitraries.just(READABLE.toString());
        }
        if (f.type() == Path.class || name.equals("--trust-cert") || name.equals("--attach")) {
            return Arbitraries.of("a.pem", "dir/file.txt", "/tmp/x", READABLE.toString());
        }
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20)
                .filter(v -> !v.startsWith("-") && !v.startsWith("@"));
    }
}
