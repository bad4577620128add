package org.smtpexplorer.probe;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.smtpexplorer.engine.Addresses;
import org.smtpexplorer.engine.FailureClass;
import org.smtpexplorer.engine.SmtpException;
import org.smtpexplorer.transcript.Transcript;
import org.smtpexplorer.transcript.TranscriptExport;
import org.smtpexplorer.transport.SendRequest;
import org.smtpexplorer.transport.SendResult;
import org.smtpexplorer.transport.Session;
import org.smtpexplorer.transport.Step;
import org.smtpexplorer.transport.UnframedReplies;

/**
 * The SMTP smuggling probe: one session per variant, each with the request's connection, security and AUTH, then
 * MAIL and RCPT as usual, DATA, and the variant's unframed bytes ({@link SmugglingPayload}) through
 * {@link Session#sendUnframedDataThenQuit}; {@link SmugglingJudge} reads the verdict from the replies. A session per
 * variant, so that one that confuses the server cannot colour the next. The control runs first: a failure before
 * DATA (no connection, TLS, AUTH, a refused sender or recipient) would be the same for every variant, so the probe
 * stops at the first one.
 *
 * <p>Only for a server the user controls: a target that is not on loopback is refused unless the user confirmed it
 * ({@link ProbeTarget}). Blocking; {@link #cancel()} may be called from any thread.
 */
public final class SmugglingProbe {
    private final SendRequest request;
    private final List<SmugglingVariant> variants;
    private final String marker;
    private final boolean controlConfirmed;
    private volatile Session current;
    private volatile boolean cancelled;

    /**
     * @param request          connection, security, EHLO name, AUTH, sender and the one recipient
     * @param variants         what to try; the control is run first whether listed or not
     * @param marker           the run's marker, in every subject and Message-ID (see {@link #newMarker()})
     * @param controlConfirmed the user confirmed they control a server that is not on loopback
     * @throws SmtpException refused locally when the sender or the recipient is empty, malformed or not ASCII
     */
    public SmugglingProbe(SendRequest request, List<SmugglingVariant> variants, String marker,
                          boolean controlConfirmed) {
        if (request.to().size() != 1) {
            throw new IllegalArgumentException("the probe needs exactly one recipient, not " + request.to().size());
        }
        Addresses.checkPath("sender", request.from(), false);
        Addresses.checkPath("recipient", request.to().get(0), false);
        for (String address : List.of(request.from(), request.to().get(0))) {
            if (!address.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw SmtpException.refused("the probe needs plain ASCII addresses (its smuggled MAIL and RCPT are"
                        + " written byte by byte, without SMTPUTF8), not <" + address + ">");
            }
        }
        if (!marker.matches("[0-9a-z]{1,32}")) {
            throw new IllegalArgumentException("the marker must be 1 to 32 lower-case letters and digits");
        }
        this.request = request.with(b -> b.quitAfter(SendRequest.Stop.RCPT).transfer(SendRequest.Transfer.DATA)
                .message(null).messageFactory(null));
        List<SmugglingVariant> ordered = new ArrayList<>(List.of(SmugglingVariant.CONTROL));
        variants.stream().filter(v -> !v.isControl() && !ordered.contains(v)).forEach(ordered::add);
        this.variants = List.copyOf(ordered);
        this.marker = marker;
        this.controlConfirmed = controlConfirmed;
    }

    /** A new marker: 8 random hex digits, to find this run's messages in the mailbox. */
    public static String newMarker() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The variants in the order they run, the control first. */
    public List<SmugglingVariant> variants() {
        return variants;
    }

    public String marker() {
        return marker;
    }

    /** Stops the run from any thread: the session under way ends at once and no further one starts. */
    public void cancel() {
        cancelled = true;
        Session s = current;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * Runs every variant, telling {@code onResult} each result as it comes.
     *
     * @throws SmtpException refused locally, before connecting, when the target is not on loopback and the user
     *                       did not confirm they control it
     */
    public ProbeReport run(Consumer<VariantResult> onResult) {
        String host = request.connection().host();
        ProbeTarget target = ProbeTarget.of(host);
        if (!target.isLoopback() && !controlConfirmed) {
            throw SmtpException.refused(target.refusal("--i-control-this-server"));
        }
        Instant started = Instant.now();
        List<VariantResult> results = new ArrayList<>();
        SmtpException stoppedBy = null;
        for (SmugglingVariant v : variants) {
            if (cancelled) {
                stoppedBy = new SmtpException(FailureClass.IO, "cancelled");
                break;
            }
            VariantResult r = probe(v);
            results.add(r);
            onResult.accept(r);
            if (r.failure() != null) {
                stoppedBy = r.failure();
                break;
            }
        }
        List<SmugglingVariant> notRun = variants.subList(results.size(), variants.size());
        return new ProbeReport(host + ":" + request.connection().port(), request.from(), request.to().get(0),
                marker, started, Duration.between(started, Instant.now()), results, stoppedBy, notRun);
    }

    private VariantResult probe(SmugglingVariant variant) {
        Transcript transcript = new Transcript();
        transcript.note("SMTP smuggling probe " + marker + ": " + variant.notation() + " (" + variant.id() + "), "
                + variant.escaped());
        Session session = new Session(request, transcript);
        current = session;
        try {
            SendResult setup = session.runToStop();
            if (setup.failure() != null) {
                return failed(variant, setup.failure(), transcript);
            }
            if (setup.acceptedCount() == 0) {
                SendResult.RecipientResult refused = setup.recipients().get(0);
                SmtpException e = new SmtpException(FailureClass.REJECTED, "the server refused the recipient "
                        + refused.address() + ": " + refused.reply().summary() + "; the probe needs one it accepts",
                        refused.reply());
                quitQuietly(session);
                return failed(variant, e, transcript);
            }
            UnframedReplies read = session.sendUnframedDataThenQuit(SmugglingPayload.build(variant, marker,
                    request.from(), request.to().get(0)));
            SmugglingJudge.Judgement j = SmugglingJudge.judge(read);
            transcript.note("Verdict for " + variant.notation() + ": " + j.verdict().label() + ": " + j.evidence());
            return new VariantResult(variant, j.verdict(), j.evidence(), j.codes(), read.replies(),
                    text(transcript), null);
        } catch (SmtpException e) {
            return failed(variant, e, transcript);
        } finally {
            current = null;
        }
    }

    private static void quitQuietly(Session session) {
        try {
            session.perform(Step.QUIT);
        } catch (SmtpException e) {
            // The probe stops on the refusal anyway; it is in the transcript.
        }
    }

    private static VariantResult failed(SmugglingVariant variant, SmtpException e, Transcript transcript) {
        return new VariantResult(variant, Verdict.INCONCLUSIVE, "the session failed before the look-alike was sent: "
                + e.getMessage(), "none; " + e.failureClass().summary(), List.of(), text(transcript), e);
    }

    private static String text(Transcript transcript) {
        return TranscriptExport.toText(transcript.entries(), false);
    }
}
