package org.smtpexplorer.profiles;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A saved connection. There is deliberately no password field: passwords are never written to disk.
 *
 * @param name               shown in the profile list
 * @param host               server host
 * @param port               server port
 * @param security           none, starttls, starttls-if-available or implicit
 * @param helo               EHLO name
 * @param authMechanism      "(none)", "auto" or a mechanism name
 * @param user               user name for AUTH
 * @param trustPem           a PEM file to trust, or empty
 * @param insecure           accept any certificate
 * @param allowPlaintextAuth allow PLAIN/LOGIN without TLS
 * @param builtIn            an example that ships with the app (not saved, cannot be deleted)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Profile(String name, String host, int port, String security, String helo, String authMechanism,
                      String user, String trustPem, boolean insecure, boolean allowPlaintextAuth, boolean builtIn) {
}
