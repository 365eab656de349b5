package io.khidma.examples.sandbox;

import io.khidma.core.server.KhidmaServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How the sandbox was asked to run: from the command line first, then the environment, then defaults.
 *
 * @param host the interface to listen on ({@code --host}, {@code KHIDMA_HOST}; default {@code 127.0.0.1})
 * @param port the port ({@code --port}, {@code KHIDMA_PORT}; default 8080, 0 for any free port)
 * @param data where the embedded database keeps its files ({@code --data}, {@code KHIDMA_DATA};
 *     default {@code ./khidma-data})
 * @param help whether {@code --help} was asked for
 * @param journeyOnly whether to run the demo journey and exit ({@code --journey}) instead of serving
 * @param publicUrl the base of every absolute link, the identity issuer included ({@code
 *     --public-url}, {@code KHIDMA_PUBLIC_URL}); {@code null} for the address the sandbox listens on
 */
record SandboxOptions(String host, int port, Path data, boolean help, boolean journeyOnly, URI publicUrl) {

    static final String USAGE = """
            Usage: java -jar examples/target/khidma-sandbox.jar [options]

            Starts every Khidma API on one server with an embedded PostgreSQL, runs the demo journey
            against it over HTTP, and serves until stopped.

            Options (each also settable by the environment variable in brackets):
              --port N      port to listen on; 0 picks a free one (KHIDMA_PORT, default 8080)
              --host HOST   interface to listen on (KHIDMA_HOST, default 127.0.0.1)
              --data DIR    folder of the embedded database, kept across restarts
                            (KHIDMA_DATA, default ./khidma-data)
              --public-url URL
                            the address clients use, behind a reverse proxy: every absolute
                            link and the identity issuer start with it (KHIDMA_PUBLIC_URL)
              --journey     run the demo journey, then stop; the exit status is 0 only when
                            every step succeeded
              --help        show this text

            KHIDMA_DB_URL, KHIDMA_DB_USER and KHIDMA_DB_PASSWORD point the sandbox at an existing
            PostgreSQL 14+ instead of the embedded one.
            """;

    SandboxOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(data, "data");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
    }

    static SandboxOptions parse(String[] args, Map<String, String> environment) {
        var host = environment.getOrDefault("KHIDMA_HOST", "127.0.0.1");
        var port = environment.getOrDefault("KHIDMA_PORT", "8080");
        var data = environment.getOrDefault("KHIDMA_DATA", "khidma-data");
        var publicUrl = environment.get(KhidmaServer.PUBLIC_URL_VARIABLE);
        boolean help = false;
        boolean journeyOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> help = true;
                case "--journey" -> journeyOnly = true;
                case "--port" -> port = value(args, ++i, "--port");
                case "--host" -> host = value(args, ++i, "--host");
                case "--data" -> data = value(args, ++i, "--data");
                case "--public-url" -> publicUrl = value(args, ++i, "--public-url");
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number, was '" + port + "'", e);
        }
        URI url = null;
        if (publicUrl != null && !publicUrl.isBlank()) {
            try {
                url = new URI(publicUrl.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the public URL is not a URL: '" + publicUrl + "'", e);
            }
        }
        return new SandboxOptions(host, portNumber, Path.of(data), help, journeyOnly, url);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
