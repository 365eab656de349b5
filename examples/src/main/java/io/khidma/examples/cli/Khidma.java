package io.khidma.examples.cli;

import io.khidma.core.problem.KhidmaException;
import io.khidma.core.problem.NotFoundException;
import io.khidma.core.problem.TransportException;
import io.khidma.opendata.OpenDataClient;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code khidma}: Khidma's open data, an agency's requests and webhooks from a shell.
 *
 * <pre>
 * java -jar examples/target/khidma-cli.jar datasets search "مراكز الخدمة"
 * </pre>
 */
@Command(
        name = "khidma",
        mixinStandardHelpOptions = true,
        version = "khidma 0.1.0",
        description =
                "Search, query and download Khidma open data; work an agency's inbox; verify Khidma webhook deliveries"
                        + " and the audit trail.",
        subcommands = {
            DatasetsCommand.class,
            RequestsCommand.class,
            WebhooksCommand.class,
            AuditCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  done",
            "  1  the operation failed: the server refused it, the network or the disk failed",
            "  2  the command line is wrong",
            "  3  the dataset (or whatever was asked for) does not exist",
            "  4  a webhook delivery, or the audit trail, is not verified"
        })
public final class Khidma {

    static final int FAILED = 1;
    static final int NOT_FOUND = 3;
    static final int NOT_VERIFIED = 4;

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:KHIDMA_URL:-http://127.0.0.1:8080/}",
            description = "The Khidma server (env KHIDMA_URL; default ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--api-key",
            scope = ScopeType.INHERIT,
            defaultValue = "${env:KHIDMA_API_KEY}",
            description = "An open-data API key, for its higher rate limit (env KHIDMA_API_KEY).")
    String apiKey;

    OpenDataClient openData() {
        return OpenDataClient.builder().endpoint(url).apiKey(apiKey).build();
    }

    /** The command line, with Khidma's exit codes and plain messages for what goes wrong. */
    public static CommandLine commandLine() {
        var commandLine = new CommandLine(new Khidma());
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            var err = line.getErr();
            if (e instanceof NotFoundException notFound) {
                err.println("khidma: not found: " + notFound.getMessage());
                return NOT_FOUND;
            }
            if (e instanceof TransportException) {
                err.println("khidma: cannot reach "
                        + line.getCommandSpec().root().findOption("--url").getValue() + ": " + e.getMessage());
                return FAILED;
            }
            if (e instanceof KhidmaException
                    || e instanceof UncheckedIOException
                    || e instanceof IllegalArgumentException) {
                err.println("khidma: " + e.getMessage());
                return e instanceof IllegalArgumentException
                        ? line.getCommandSpec().exitCodeOnInvalidInput()
                        : FAILED;
            }
            throw e;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        var commandLine = commandLine();
        commandLine.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        System.exit(commandLine.execute(args));
    }
}
