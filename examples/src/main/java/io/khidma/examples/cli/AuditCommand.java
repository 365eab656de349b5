package io.khidma.examples.cli;

import io.khidma.core.audit.AuditClient;
import io.khidma.core.audit.AuditQuery;
import io.khidma.core.audit.AuditVerifier;
import io.khidma.core.audit.model.AuditEntry;
import io.khidma.core.json.KhidmaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code khidma audit}: download and verify the platform's audit trail. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The audit trail of privileged writes: verify it offline, export it.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand {

    @ParentCommand
    Khidma khidma;

    @Mixin
    ClientOptions credentials;

    private <T> T withClient(Function<AuditClient, T> work) {
        try (var tokens = credentials.tokens(khidma.url);
                var audit = AuditClient.builder()
                        .endpoint(khidma.url)
                        .credentials(tokens)
                        .build()) {
            return work.apply(audit);
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Download every entry and checkpoint, then check offline that no entry is missing, out of",
                "place or changed (the hash chain), that every checkpoint is signed by the pinned key, and",
                "that each checkpoint's Merkle root is that of the entries it covers. Exit status 0 when",
                "all holds, 4 when something does not (the first failure is printed with its position)."
            })
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--key",
                paramLabel = "VERIFIER_KEY",
                description = "The checkpoints' verifier key, pinned out of band (name+id+key). Without it, the"
                        + " server's own is used and said so: that proves consistency, not authenticity.")
        String pinnedKey;

        @Option(
                names = "--save",
                paramLabel = "FILE",
                description = "Also keep the entries downloaded, as JSON lines, for a later comparison.")
        Path save;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            return audit.withClient(client -> {
                var checkpoints = client.checkpoints();
                var key = pinnedKey;
                if (key == null) {
                    key = checkpoints.verifierKey();
                    err.println("warning: no --key given; checking against the server's own key " + key);
                } else if (!key.equals(checkpoints.verifierKey())) {
                    err.println("warning: the server now names another key: " + checkpoints.verifierKey());
                }
                var entries = new ArrayList<AuditEntry>();
                client.entries(AuditQuery.all()).forEach(entries::add);
                if (save != null) {
                    writeLines(save, entries);
                }
                var report = AuditVerifier.verify(entries, checkpoints.items(), key);
                if (report.ok()) {
                    out.printf(
                            "verified: %d entries, %d checkpoint%s (latest at %d entries)%n",
                            report.entries(),
                            report.checkpoints(),
                            report.checkpoints() == 1 ? "" : "s",
                            checkpoints.items().isEmpty()
                                    ? 0
                                    : checkpoints
                                            .items()
                                            .get(checkpoints.items().size() - 1)
                                            .size());
                    return 0;
                }
                err.println("not verified: " + report.failure().orElseThrow());
                return Khidma.NOT_VERIFIED;
            });
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Save the entries the client may read as CSV.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Spec
        CommandSpec spec;

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the CSV.")
        Path output;

        @Option(names = "--action", description = "Only this action, e.g. payment.refund.")
        String action;

        @Override
        public Integer call() {
            var file =
                    audit.withClient(client -> client.exportCsv(AuditQuery.all().withAction(action), output));
            spec.commandLine().getOut().println("saved " + file);
            return 0;
        }
    }

    /** Entries as JSON lines. */
    private static void writeLines(Path file, List<AuditEntry> entries) {
        try (var writer = Files.newBufferedWriter(file)) {
            for (var entry : entries) {
                writer.write(KhidmaJson.mapper().writeValueAsString(entry));
                writer.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
