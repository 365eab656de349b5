package io.khidma.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Builds {@code [<application id> ]khidma-java/<version> (<java version>; <os> <arch>)}. */
final class UserAgent {

    static final String SDK_VERSION = readVersion();

    private UserAgent() {}

    static String of(String applicationId) {
        var platform = "khidma-java/" + SDK_VERSION + " (" + System.getProperty("java.version") + "; "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
        return applicationId == null ? platform : applicationId + " " + platform;
    }

    private static String readVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream("/io/khidma/core/khidma.properties")) {
            if (in == null) {
                return "unknown";
            }
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
