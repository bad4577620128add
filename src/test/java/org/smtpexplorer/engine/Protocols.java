package org.smtpexplorer.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The engine tests' way into a session: a protocol greeted and past EHLO, and replies fed as text. */
final class Protocols {
    private Protocols() {
    }

    /** Feeds {@code s} (ISO-8859-1, so any byte can be written) as received bytes. */
    static List<Exchange> receive(ClientProtocol p, String s) {
        return p.receive(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The EHLO reply "250 mx" with {@code keywords}, one line each. */
    static String ehloReply(String... keywords) {
        StringBuilder sb = new StringBuilder("250").append(keywords.length == 0 ? " " : "-").append("mx\r\n");
        for (int i = 0; i < keywords.length; i++) {
            sb.append("250").append(i == keywords.length - 1 ? ' ' : '-').append(keywords[i]).append("\r\n");
        }
        return sb.toString();
    }

    /** The capabilities of an EHLO reply with {@code keywords}. */
    static Capabilities ehlo(String... keywords) {
        return Capabilities.parse(new ReplyParser().feed(ehloReply(keywords).getBytes(StandardCharsets.ISO_8859_1))
                .get(0));
    }

    /** A plain-text session greeted and past EHLO, the server offering {@code keywords}. */
    static ClientProtocol ready(String... keywords) {
        ClientProtocol p = new ClientProtocol();
        p.connectionOpened(false);
        receive(p, "220 mx ESMTP\r\n");
        p.send(SmtpCommand.ehlo("client.example"));
        receive(p, ehloReply(keywords));
        return p;
    }
}
