package org.smtpexplorer.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine stays sans-IO: no JavaFX, no sockets, no threads of its own; the UI never opens sockets. */
@AnalyzeClasses(packages = "org.smtpexplorer", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    @ArchTest
    static final ArchRule engineHasNoJavaFx = noClasses().that().resideInAPackage("org.smtpexplorer.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");

    @ArchTest
    static final ArchRule engineHasNoNetworking = noClasses().that().resideInAPackage("org.smtpexplorer.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("java.net..", "javax.net..", "java.nio.channels..");

    @ArchTest
    static final ArchRule engineStartsNoThreads = noClasses().that().resideInAPackage("org.smtpexplorer.engine..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
            .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..");

    @ArchTest
    static final ArchRule engineDependsOnNoOtherLayer = noClasses().that().resideInAPackage("org.smtpexplorer.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("org.smtpexplorer.transport..",
                    "org.smtpexplorer.transcript..", "org.smtpexplorer.cli..", "org.smtpexplorer.ui..",
                    "org.smtpexplorer.lab..");

    @ArchTest
    static final ArchRule uiOpensNoSockets = noClasses().that().resideInAPackage("org.smtpexplorer.ui..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule transcriptAndTransportHaveNoJavaFx = noClasses().that()
            .resideInAnyPackage("org.smtpexplorer.transport..", "org.smtpexplorer.transcript..",
                    "org.smtpexplorer.cli..", "org.smtpexplorer.lab..", "org.smtpexplorer.probe..",
                    "org.smtpexplorer.tlscheck..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");

    /**
     * One front door: the window, smtpx and the probes drive a session only through transport.Session; they neither
     * touch the protocol object or the connection, nor build commands (least of all out of strings).
     */
    @ArchTest
    static final ArchRule uiAndCliGoThroughTheSession = noClasses().that()
            .resideInAnyPackage("org.smtpexplorer.ui..", "org.smtpexplorer.cli..", "org.smtpexplorer.probe..",
                    "org.smtpexplorer.tlscheck..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.smtpexplorer.engine.ClientProtocol")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.smtpexplorer.transport.SmtpConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.smtpexplorer.engine.SmtpCommand")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.smtpexplorer.engine.ReplyParser");

    /** ViewModels are plain objects: their timers (progress polling, saving a draft) are injected, not owned. */
    @ArchTest
    static final ArchRule viewModelsOwnNoJavaFxTimers = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAPackage("javafx.animation..");

    /** The MIME model is what the message view shows, and knows nothing of it, nor of sessions. */
    @ArchTest
    static final ArchRule mimeIsAPlainModel = noClasses().that().resideInAPackage("org.smtpexplorer.mime..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.smtpexplorer.ui..",
                    "org.smtpexplorer.transport..", "org.smtpexplorer.engine..");
}
