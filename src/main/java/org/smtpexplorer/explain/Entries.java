package org.smtpexplorer.explain;

import java.util.List;
import java.util.Map;

/** The shapes of the JSON resource files; Jackson binds them, KnowledgeBase turns them into Explanations. */
final class Entries {
    private Entries() {
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    record CommandFile(List<CommandInfo> commands) {
        CommandFile {
            commands = list(commands);
        }
    }

    /** A reply class ("2yz") or second-digit category ("x5z"). */
    record ReplyGroup(String key, String title, String summary, List<String> sources) {
        ReplyGroup {
            sources = list(sources);
        }
    }

    record Context(String text, List<String> sources) {
        Context {
            sources = list(sources);
        }
    }

    record ReplyCode(int code, String title, String summary, Map<String, Context> contexts, List<String> sources,
                     List<String> seeAlso) {
        ReplyCode {
            contexts = contexts == null ? Map.of() : Map.copyOf(contexts);
            sources = list(sources);
            seeAlso = list(seeAlso);
        }
    }

    record ReplyFile(List<ReplyGroup> classes, List<ReplyGroup> categories, List<ReplyCode> codes) {
        ReplyFile {
            classes = list(classes);
            categories = list(categories);
            codes = list(codes);
        }
    }

    record EnhancedClass(int code, String title, String summary, List<String> sources) {
        EnhancedClass {
            sources = list(sources);
        }
    }

    record EnhancedSubject(int subject, String title, String summary, List<String> sources) {
        EnhancedSubject {
            sources = list(sources);
        }
    }

    /** A detail code, keyed "X.subject.detail" because its meaning does not depend on the class. */
    record EnhancedDetail(String code, String title, String summary, List<Integer> replies, List<String> sources,
                          List<String> seeAlso) {
        EnhancedDetail {
            replies = list(replies);
            sources = list(sources);
            seeAlso = list(seeAlso);
        }
    }

    record EnhancedFile(List<EnhancedClass> classes, List<EnhancedSubject> subjects, List<EnhancedDetail> details) {
        EnhancedFile {
            classes = list(classes);
            subjects = list(subjects);
            details = list(details);
        }
    }

    record Extension(String keyword, String title, String summary, String syntax, String effect,
                     List<String> parameters, List<String> commands, String status, List<String> sources,
                     List<String> seeAlso) {
        Extension {
            parameters = list(parameters);
            commands = list(commands);
            sources = list(sources);
            seeAlso = list(seeAlso);
        }
    }

    record ExtensionFile(List<Extension> extensions) {
        ExtensionFile {
            extensions = list(extensions);
        }
    }

    record Mechanism(String name, String title, String summary, String exchange, boolean passwordOnWire,
                     String tls, String strength, String status, List<String> sources, List<String> seeAlso) {
        Mechanism {
            sources = list(sources);
            seeAlso = list(seeAlso);
        }
    }

    record MechanismFile(List<Mechanism> mechanisms) {
        MechanismFile {
            mechanisms = list(mechanisms);
        }
    }

    record Parameter(String name, String command, String syntax, String extension, String title, String summary,
                     List<String> sources, List<String> seeAlso) {
        Parameter {
            sources = list(sources);
            seeAlso = list(seeAlso);
        }
    }

    record ParameterFile(List<Parameter> parameters) {
        ParameterFile {
            parameters = list(parameters);
        }
    }

    record State(String name, String title, String summary, List<String> sources, List<String> seeAlso) {
        State {
            sources = list(sources);
            seeAlso = list(seeAlso);
        }
    }

    record StateFile(List<State> states) {
        StateFile {
            states = list(states);
        }
    }
}
