package org.smtpexplorer.engine;

/** One EHLO (or HELO) result and when it was taken: "before TLS", "after TLS", "after AUTH", ... */
public record CapabilitySnapshot(String phase, Capabilities capabilities) {
}
