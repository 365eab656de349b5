package io.khidma.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.events.InvalidWebhookException;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.json.KhidmaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code khidma webhooks}: check webhook deliveries. */
@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        description = "Check webhook deliveries.",
        subcommands = WebhooksCommand.Verify.class)
final class WebhooksCommand {

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check a saved delivery's Standard Webhooks signature against the endpoint's secret.",
                "FILE is the HTTP request as received: request line, headers, an empty line, the body",
                "exactly as sent (what `nc -l 3001 > delivery.http` saves). Exit status 0 when it is",
                "verified, 4 when it is not."
            })
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The saved delivery.")
        Path file;

        @Option(
                names = "--secret-file",
                paramLabel = "FILE",
                description =
                        "A file holding the secret (whsec_...); else the environment variable KHIDMA_WEBHOOK_SECRET.")
        Path secretFile;

        @Option(
                names = "--max-age",
                defaultValue = "5m",
                paramLabel = "AGE",
                description = "How old the delivery may be, e.g. 5m, 2h, 30d (default ${DEFAULT-VALUE}).")
        String maxAge;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            var verifier = WebhookVerifier.of(WebhookSecret.parse(secret())).withTolerance(age(maxAge));
            var delivery = read(file);
            try {
                var message = verifier.verify(delivery.headers(), delivery.body());
                out.printf("verified: %s, %s, sent %s%n", message.id(), eventType(message.body()), message.timestamp());
                return 0;
            } catch (InvalidWebhookException e) {
                err.println("not verified: " + e.getMessage());
                return Khidma.NOT_VERIFIED;
            }
        }

        private String secret() {
            try {
                var secret = secretFile != null
                        ? Files.readString(secretFile, StandardCharsets.US_ASCII)
                        : System.getenv("KHIDMA_WEBHOOK_SECRET");
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException(
                            "no secret: give --secret-file or set KHIDMA_WEBHOOK_SECRET (never the secret itself"
                                    + " on the command line, where others can see it)");
                }
                return secret.trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + secretFile, e);
            }
        }

        private static String eventType(byte[] body) {
            try {
                JsonNode event = KhidmaJson.mapper().readTree(body);
                return event.path("type").asText("an event of no type");
            } catch (IOException e) {
                return "a body that is not JSON";
            }
        }
    }

    /** A delivery as saved: its headers (names in any case) and its body's exact bytes. */
    record Delivery(Map<String, List<String>> headers, byte[] body) {}

    static Delivery read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int end = -1;
        int separator = 0;
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
                end = i;
                separator = 2;
                break;
            }
            if (i + 3 < bytes.length
                    && bytes[i] == '\r'
                    && bytes[i + 1] == '\n'
                    && bytes[i + 2] == '\r'
                    && bytes[i + 3] == '\n') {
                end = i;
                separator = 4;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException(file + " is not an HTTP request: no empty line after its headers");
        }
        var head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n");
        var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        for (var line : Arrays.asList(head).subList(1, head.length)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        return new Delivery(headers, Arrays.copyOfRange(bytes, end + separator, bytes.length));
    }

    /** {@code 90s}, {@code 5m}, {@code 2h}, {@code 30d}, or ISO 8601 such as {@code PT5M}. */
    static Duration age(String text) {
        var matcher = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(text.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--max-age is like 5m, 2h or 30d, not " + text);
        }
    }
}
