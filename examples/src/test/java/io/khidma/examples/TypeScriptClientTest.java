package io.khidma.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.khidma.examples.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TypeScript clients generated from the contracts (openapi-generator typescript-fetch, compiled
 * by the build with a pinned TypeScript) drive a started sandbox from Node's own test runner: a
 * token by client_secret_post, an Arabic search, a payment created and read, rows queried, and a
 * problem document as a typed error (src/test/typescript/sandbox.test.ts).
 */
class TypeScriptClientTest {

    private static final Path TESTS = Path.of("target/typescript-build/out/src/test/typescript");

    @Test
    void theNodeTestsPassAgainstTheSandbox(@TempDir Path data) throws Exception {
        assertThat(TESTS.resolve("sandbox.test.js"))
                .as("compiled by the build (scripts/build-typescript-clients)")
                .exists();
        try (var sandbox = Sandbox.start(data)) {
            var log = data.resolve("node-test.log");
            var node = new ProcessBuilder("node", "--test", TESTS.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            node.environment().put("KHIDMA_SANDBOX", sandbox.uri().toString());
            var process = node.start();
            boolean finished = process.waitFor(2, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            var output = read(log);
            assertThat(finished).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("# pass 6", "# fail 0");
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
