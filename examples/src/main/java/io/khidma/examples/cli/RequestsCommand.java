package io.khidma.examples.cli;

import io.khidma.requests.InboxQuery;
import io.khidma.requests.RequestsClient;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.SlaState;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code khidma requests}: an agency officer's view of the inbox, as the agency's client. The
 * client's secret comes from the environment ({@code KHIDMA_CLIENT_SECRET}), never the command line,
 * where other users of the machine could read it.
 */
@Command(
        name = "requests",
        mixinStandardHelpOptions = true,
        description = "An agency's service requests: the inbox, one request with its timeline.",
        subcommands = {RequestsCommand.Inbox.class, RequestsCommand.Show.class})
final class RequestsCommand {

    @ParentCommand
    Khidma khidma;

    @Mixin
    ClientOptions credentials;

    private <T> T withClient(java.util.function.Function<RequestsClient, T> work) {
        try (var tokens = credentials.tokens(khidma.url);
                var requests = RequestsClient.builder()
                        .endpoint(khidma.url)
                        .credentials(tokens)
                        .build()) {
            return work.apply(requests);
        }
    }

    @Command(
            name = "inbox",
            mixinStandardHelpOptions = true,
            description = "What awaits the agency, soonest due first.")
    static final class Inbox implements Runnable {
        @ParentCommand
        RequestsCommand requests;

        @Spec
        CommandSpec spec;

        @Option(names = "--agency", description = "One of the agencies the client acts for; its own by default.")
        String agency;

        @Option(names = "--status", description = "Only this status, e.g. IN_REVIEW or COMPLETED.")
        RequestStatus status;

        @Option(names = "--sla", description = "on_track, due_soon or breached.", converter = SlaConverter.class)
        SlaState sla;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--output", defaultValue = "table", description = "table or csv (default ${DEFAULT-VALUE}).")
        DatasetsCommand.Output output;

        @Override
        public void run() {
            var query = InboxQuery.all().withAgency(agency).withStatus(status).withSla(sla);
            var found = requests.withClient(
                    client -> client.inbox(query).stream().limit(limit).toList());
            var table = new Table(List.of("number", "service", "status", "due", "sla", "officer", "payment"));
            for (var request : found) {
                table.add(
                        request.number(),
                        request.serviceCode(),
                        request.status(),
                        request.dueAt(),
                        request.slaState(),
                        request.assignedTo(),
                        request.awaitingPayment() ? "awaiting" : "");
            }
            table.print(spec.commandLine().getOut(), output);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One request, its data and its timeline.")
    static final class Show implements Runnable {
        @ParentCommand
        RequestsCommand requests;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NUMBER", description = "The request's number, e.g. MOHRE-2026-000042.")
        String number;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            var request = requests.withClient(client -> client.get(number));
            out.printf("%s  %s  %s%n", request.number(), request.serviceCode(), request.status());
            if (request.serviceTitle() != null) {
                out.printf(
                        "%s / %s%n",
                        request.serviceTitle().ar(), request.serviceTitle().en());
            }
            out.printf(
                    "citizen %s, channel %s, due %s (%s)%n",
                    request.citizen(), request.channel(), request.dueAt(), request.slaState());
            out.println("data: " + request.data());
            if (request.outputs() != null) {
                out.println("outputs: " + request.outputs());
            }
            for (var entry : request.timeline()) {
                out.printf(
                        "  %s  %-16s %-14s %s%s%n",
                        entry.at(),
                        entry.type(),
                        entry.status(),
                        entry.actor(),
                        entry.note() == null ? "" : "  " + entry.note());
            }
        }
    }

    /** {@code --sla due_soon}, as the API writes it. */
    static final class SlaConverter implements picocli.CommandLine.ITypeConverter<SlaState> {
        @Override
        public SlaState convert(String value) {
            return SlaState.of(value.toLowerCase(Locale.ROOT));
        }
    }
}
