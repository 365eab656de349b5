package io.khidma.examples.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        var java = ProcessHandle.current().info().command().orElse("java");
        var output = data.resolve("journey.txt");
        var process = new ProcessBuilder(
                        java,
                        "-jar",
                        jar.toString(),
                        "--journey",
                        "--port",
                        "0",
                        "--data",
                        data.resolve("db").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

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
        var java = ProcessHandle.current().info().command().orElse("java");
        var output = data.resolve("sandbox.txt");
        var process = new ProcessBuilder(
                        java,
                        "-jar",
                        jar.toString(),
                        "--port",
                        "0",
                        "--data",
                        data.resolve("db").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            String printed = "";
            while (System.nanoTime() < deadline && process.isAlive() && !printed.contains("Login (OIDC)")) {
                Thread.sleep(500);
                printed = Files.readString(output, StandardCharsets.UTF_8);
            }
            Thread.sleep(500);
            printed = Files.readString(output, StandardCharsets.UTF_8);
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
}
