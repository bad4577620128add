package org.smtpexplorer.ui.composer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;
import org.smtpexplorer.compose.AddressAnalysis;
import org.smtpexplorer.compose.Draft;
import org.smtpexplorer.compose.DraftStore;
import org.smtpexplorer.compose.ImportedMessage;
import org.smtpexplorer.compose.InvalidDraftException;
import org.smtpexplorer.compose.MessageComposer;
import org.smtpexplorer.compose.Problem;
import org.smtpexplorer.compose.TransferEncoding;
import org.smtpexplorer.engine.Capabilities;
import org.smtpexplorer.transport.MessageFactory;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.ui.common.Debounce;
import org.smtpexplorer.ui.connection.ConnectionViewModel;

/**
 * The composer's state. From, To, Subject and the text are the connection form's own properties (one message, one
 * place); the rest lives here. Every change is analysed (addresses, problems) and saved as a draft after a short
 * pause, so nothing typed is lost.
 */
public final class ComposerViewModel {
    private final ConnectionViewModel form;
    private final DraftStore drafts;
    private final MessageComposer composer = new MessageComposer();
    private final StringProperty cc = new SimpleStringProperty("");
    private final StringProperty bcc = new SimpleStringProperty("");
    private final StringProperty replyTo = new SimpleStringProperty("");
    private final StringProperty html = new SimpleStringProperty("");
    private final ObservableList<Path> attachments = FXCollections.observableArrayList();
    private final ObjectProperty<TransferEncoding> encoding = new SimpleObjectProperty<>(TransferEncoding.AUTO);
    private final ObjectProperty<SendRequest.Toggle> smtpUtf8 = new SimpleObjectProperty<>(SendRequest.Toggle.AUTO);
    private final StringProperty dsnNotify = new SimpleStringProperty("");
    private final StringProperty dsnRet = new SimpleStringProperty("");
    private final StringProperty envid = new SimpleStringProperty("");
    private final BooleanProperty requireTls = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper addresses = new ReadOnlyStringWrapper("");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper draftStatus = new ReadOnlyStringWrapper("");
    /** What the connected server offers (its last EHLO), or null when no server is known yet. */
    private final ObjectProperty<Capabilities> server = new SimpleObjectProperty<>();
    private final Debounce saveLater;
    private String draftId;

    public ComposerViewModel(ConnectionViewModel form, DraftStore drafts) {
        this(form, drafts, Debounce.fx(Duration.millis(800)));
    }

    /** With {@code debounce} deciding when the draft is saved after a change: a plain JUnit test passes its own. */
    public ComposerViewModel(ConnectionViewModel form, DraftStore drafts, Function<Runnable, Debounce> debounce) {
        this.form = form;
        this.drafts = drafts;
        this.saveLater = debounce.apply(this::saveDraft);
        Observable[] watched = {form.fromProperty(), form.toProperty(), form.subjectProperty(), form.bodyProperty(),
            cc, bcc, replyTo, html, attachments, encoding, smtpUtf8, dsnNotify, dsnRet, envid, requireTls};
        for (Observable o : watched) {
            o.addListener(x -> changed());
        }
        server.addListener(x -> analyse());
        analyse();
    }

    /**
     * The capabilities of the server the message will go to (its last EHLO), or null while none is known: the
     * problems list checks the draft against them, as the session will when it composes the message.
     */
    public ObjectProperty<Capabilities> serverCapabilitiesProperty() {
        return server;
    }

    public StringProperty ccProperty() {
        return cc;
    }

    public StringProperty bccProperty() {
        return bcc;
    }

    public StringProperty replyToProperty() {
        return replyTo;
    }

    public StringProperty htmlProperty() {
        return html;
    }

    public ObservableList<Path> attachments() {
        return attachments;
    }

    public ObjectProperty<TransferEncoding> encodingProperty() {
        return encoding;
    }

    public ObjectProperty<SendRequest.Toggle> smtpUtf8Property() {
        return smtpUtf8;
    }

    public StringProperty dsnNotifyProperty() {
        return dsnNotify;
    }

    public StringProperty dsnRetProperty() {
        return dsnRet;
    }

    public StringProperty envidProperty() {
        return envid;
    }

    public BooleanProperty requireTlsProperty() {
        return requireTls;
    }

    /** One line per address: what kind it is and what it needs (ASCII, IDN domain, non-ASCII local part). */
    public ReadOnlyStringProperty addressesProperty() {
        return addresses.getReadOnlyProperty();
    }

    public ObservableList<String> problems() {
        return problems;
    }

    public ReadOnlyStringProperty draftStatusProperty() {
        return draftStatus.getReadOnlyProperty();
    }

    private void changed() {
        analyse();
        saveLater.restart();
    }

    private void analyse() {
        StringBuilder sb = new StringBuilder();
        for (String list : new String[] {form.toProperty().get(), cc.get(), bcc.get()}) {
            if (list != null && !list.isBlank()) {
                AddressAnalysis.parseList(list).forEach(a -> sb.append(a.address()).append(": ").append(a.describe())
                        .append('\n'));
            }
        }
        addresses.set(sb.toString().strip());
        problems.setAll(composer.check(draft(), server.get()).all().stream().map(Problem::toString).toList());
    }

    /** The composer's content as a draft. */
    public Draft draft() {
        return Draft.empty().withFrom(form.fromProperty().get()).withTo(form.toProperty().get()).withCc(cc.get())
                .withBcc(bcc.get()).withReplyTo(replyTo.get()).withSubject(form.subjectProperty().get())
                .withText(form.bodyProperty().get()).withHtml(html.get())
                .withAttachments(attachments.stream().map(Draft.Attachment::of).toList())
                .withOptions(Draft.Options.defaults().withTransferEncoding(encoding.get())
                        .withSmtpUtf8(smtpUtf8.get()).withDsn(dsnNotify.get(), dsnRet.get(), envid.get())
                        .withRequireTls(requireTls.get()));
    }

    /** Fills every field from a draft. */
    public void load(Draft d) {
        form.fromProperty().set(d.from());
        form.toProperty().set(d.to());
        form.subjectProperty().set(d.subject());
        form.bodyProperty().set(d.text());
        cc.set(d.cc());
        bcc.set(d.bcc());
        replyTo.set(d.replyTo());
        html.set(d.html());
        attachments.setAll(d.attachments().stream().map(Draft.Attachment::path).toList());
        encoding.set(d.options().transferEncoding());
        smtpUtf8.set(d.options().smtpUtf8());
        dsnNotify.set(nullToEmpty(d.options().dsnNotify()));
        dsnRet.set(nullToEmpty(d.options().dsnRet()));
        envid.set(nullToEmpty(d.options().envid()));
        requireTls.set(d.options().requireTls());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Restores the newest saved draft, if any; a draft that cannot be read is reported, never deleted. */
    public void restoreLatest() {
        try {
            DraftStore.Listing listing = drafts.list();
            Optional<org.smtpexplorer.compose.StoredDraft> latest = listing.latest();
            latest.ifPresent(s -> {
                draftId = s.id();
                load(s.draft());
                draftStatus.set("Draft restored from " + s.savedAt());
            });
            if (!listing.setAside().isEmpty()) {
                draftStatus.set(listing.setAside().get(0).getMessage());
            }
        } catch (IOException e) {
            draftStatus.set("Drafts cannot be read: " + e.getMessage());
        }
    }

    private void saveDraft() {
        try {
            draftId = drafts.save(draftId, draft()).id();
            draftStatus.set("Draft saved");
        } catch (IOException e) {
            draftStatus.set("Draft NOT saved: " + e.getMessage());
        }
    }

    /**
     * Takes the draft as it is now (FX thread) and returns the factory that composes it into a request on the
     * session's worker, once the server's capabilities are known: composing a big attachment takes time the FX
     * thread must not spend, and SMTPUTF8, 8-bit parts and A-labels depend on the server. A blocking problem
     * refuses the message (nothing is sent), naming every such problem.
     */
    public MessageFactory snapshotForSend() {
        return composer.factoryFor(draft());
    }

    /** Reads an .eml file into the composer (attachments extracted next to the drafts). */
    public void importEml(Path file, Path attachmentFolder) throws IOException {
        load(ImportedMessage.read(file).toDraft(attachmentFolder));
    }

    /** Writes the composed message to {@code target}. */
    public void exportEml(Path target) throws IOException {
        try {
            composer.compose(draft(), null, target);
        } catch (InvalidDraftException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The composed message's first bytes, for the raw source view. */
    public String rawPreview() throws IOException {
        Path file = Files.createTempFile("smtp-explorer-preview-", ".eml");
        try {
            exportEml(file);
            var p = org.smtpexplorer.compose.RawSource.preview(file, org.smtpexplorer.compose.RawSource
                    .DEFAULT_PREVIEW_BYTES);
            return p.text() + (p.truncated() ? "\n[... " + (p.totalBytes() - p.shownBytes()) + " more bytes ...]" : "");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The attachments to add from a drop or a chooser; directories and unreadable files are left out. */
    public List<Path> addAttachments(List<Path> files) {
        List<Path> ok = files.stream().filter(Files::isRegularFile).filter(Files::isReadable).toList();
        attachments.addAll(ok);
        return ok;
    }
}
