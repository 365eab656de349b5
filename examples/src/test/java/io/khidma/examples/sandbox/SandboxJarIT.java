package io.khidma.examples.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built sandbox jar on a fresh data folder: in its journey-only mode, and as the README's
 * first command runs it (the journey, then the welcome with every address, then serving).
 */
class SandboxJarIT {

    @Test
    void theJourneyModeRunsEveryStepAndExitsZero(@TempDir Path data) throws IOException, InterruptedException {
        var jar = Path.of(System.getProperty("sandbox.jar", "target/khidma-sandbox.jar"));
        assertThat(jar).exists();
        var output = data.resolve("journey.txt");
        var process = startJar(jar, data, output, "--journey");

        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        var printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(finished)
                .as("the journey finished within 5 minutes:%n%s", printed)
                .isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed)
                .contains("1. ✓ A citizen logged in through the sandbox identity provider")
                .contains("2. ✓ Searched the catalogue in Arabic with a spelling variant and found the service")
                .contains("4. ✓ Created one payment for a basket of fees from two agencies")
                .contains("5. ✓ The citizen paid on the hosted payment page with a test card")
                .contains("6. ✓ The citizen got the bilingual receipt")
                .contains("7. ✓ The agency's endpoint received payment.captured and verified its signature")
                .contains("8. ✓ The citizen applied once to start a business with six agencies")
                .contains("9. ✓ Paid every agency's submission fee in one basket")
                .contains("10. ✓ The economy department asked for more information and the citizen answered")
                .contains("11. ✓ Each agency delivered its step from its inbox, in dependency order")
                .contains("12. ✓ The citizen followed one timeline across the agencies")
                .contains("13. ✓ The citizen rated the licence; the catalogue counts it as a verified rating")
                .contains("14. ✓ An elderly citizen booked a home visit in a place held for the elderly")
                .contains("15. ✓ The ministry dispatched a consultant and a vehicle")
                .contains("16. ✓ The ministry issued the attested contract, signed; it verifies offline")
                .contains(
                        "17. ✓ The citizen rated the visit; the transaction KPIs, computed from real requests, count it")
                .contains("18. ✓ The roads authority published a new version of its kiosks dataset")
                .contains("20. ✓ The third party downloaded the new version as CSV and the row count matches")
                .contains("All steps succeeded")
                .doesNotContain("✗");
    }

    @Test
    void theDefaultModeServesAndPrintsItsWelcomeAfterTheJourney(@TempDir Path data)
            throws IOException, InterruptedException {
        var jar = Path.of(System.getProperty("sandbox.jar", "target/khidma-sandbox.jar"));
        var output = data.resolve("sandbox.txt");
        var process = startJar(jar, data, output);
        try {
            // The welcome's last line, or the process ending without it.
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !process.isAlive()
                            || Files.readString(output, StandardCharsets.UTF_8).contains("Login (OIDC)"));
            var printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(printed)
                    .as("the welcome after the journey")
                    .contains("All steps succeeded", "Khidma sandbox is running", "/documents/verify/{code}")
                    .contains("Login (OIDC)")
                    .doesNotContain("Exception");
            assertThat(process.isAlive()).as("still serving:%n%s", printed).isTrue();
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the sandbox jar on a fresh data folder and a free port, its output into {@code output}. */
    private static Process startJar(Path jar, Path data, Path output, String... options) throws IOException {
        var command = new java.util.ArrayList<String>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                jar.toString(),
                "--port",
                "0",
                "--data",
                data.resolve("db").toString()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }
}
