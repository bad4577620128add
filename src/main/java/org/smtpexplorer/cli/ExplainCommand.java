package org.smtpexplorer.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.smtpexplorer.explain.Explanation;
import org.smtpexplorer.explain.KnowledgeBase;
import org.smtpexplorer.explain.TextFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** smtpx explain: what a command, reply code, enhanced status code, extension or parameter means, with its RFC. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain a command, reply code, enhanced status code, EHLO keyword, SASL mechanism or"
            + " MAIL/RCPT parameter, with its source.", "Examples: smtpx explain 5.7.1; smtpx explain CHUNKING;"
            + " smtpx explain 354; smtpx explain \"550 5.1.1 User unknown\""})
public final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "WHAT", description = "What to explain; several words are one query.")
    List<String> words;

    @Override
    public Integer call() {
        String query = String.join(" ", words);
        List<Explanation> matches = KnowledgeBase.load().explain(query);
        spec.commandLine().getOut().print(TextFormatter.formatAll(query, matches));
        spec.commandLine().getOut().flush();
        return matches.isEmpty() ? 1 : 0;
    }
}
