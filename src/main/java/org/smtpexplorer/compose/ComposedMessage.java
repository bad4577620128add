package org.smtpexplorer.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.smtpexplorer.engine.BodyType;
import org.smtpexplorer.transport.MessageSource;
import org.smtpexplorer.transport.SendRequest;

/**
 * A message written by {@link MessageComposer}: the file, the envelope to send it with, and what the user should
 * know before sending. Compose again with the capabilities of the server it is sent to.
 *
 * @param file     the message, exactly as it will be sent
 * @param source   the file as a message source (size and traits already scanned)
 * @param envelope MAIL FROM and RCPT TO
 * @param problems decisions, warnings and blocking problems; check {@link Problems#blocksSending()}
 * @param options  the draft's sending options
 * @param binary   parts are unencoded and need BODY=BINARYMIME
 */
public record ComposedMessage(Path file, MessageSource source, Envelope envelope, Problems problems,
                              Draft.Options options, boolean binary) {

    public long size() {
        return source.size();
    }

    /**
     * A copy of {@code request} with the envelope, the message and the sending options filled in; connection,
     * AUTH and HELO stay the caller's. Problems are not checked here: the caller shows them and decides.
     */
    public SendRequest applyTo(SendRequest request) {
        return request.with(b -> b.from(envelope.mailFrom()).to(envelope.recipients()).message(source)
                .transfer(options.transfer()).chunkSize(options.chunkSize()).smtpUtf8(options.smtpUtf8())
                .body(binary ? SendRequest.Body.BINARY_MIME : SendRequest.Body.AUTO)
                .dsnNotify(blankToNull(options.dsnNotify())).dsnRet(blankToNull(options.dsnRet()))
                .envid(blankToNull(options.envid())).requireTls(options.requireTls()));
    }

    /** What the message needs, for display: BINARYMIME for binary parts, 8BITMIME for any 8-bit byte, else 7BIT. */
    public BodyType bodyType() {
        if (binary) {
            return BodyType.BINARY_MIME;
        }
        return source.traits().eightBit() ? BodyType.EIGHT_BIT_MIME : BodyType.SEVEN_BIT;
    }

    /** Exports the message as an .eml file, byte for byte. */
    public void exportTo(Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
