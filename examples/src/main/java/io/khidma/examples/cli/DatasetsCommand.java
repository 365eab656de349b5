package io.khidma.examples.cli;

import io.khidma.opendata.AggregateQuery;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.RowQuery;
import io.khidma.opendata.model.AggregateColumn;
import io.khidma.opendata.model.Dataset;
import io.khidma.opendata.model.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code khidma datasets}: find, read and download open data. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = "Find, query and download open datasets.",
        subcommands = {
            DatasetsCommand.Search.class,
            DatasetsCommand.Show.class,
            DatasetsCommand.Rows.class,
            DatasetsCommand.Aggregate.class,
            DatasetsCommand.DownloadCommand.class
        })
final class DatasetsCommand {

    @ParentCommand
    Khidma khidma;

    /** How rows and lists are printed. */
    enum Output {
        table,
        csv
    }

    @Command(name = "search", mixinStandardHelpOptions = true, description = "Search datasets, in Arabic or English.")
    static final class Search implements Runnable {
        @ParentCommand
        DatasetsCommand datasets;

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "TEXT", description = "Words to look for; every dataset when absent.")
        String text;

        @Option(names = "--publisher", description = "Only this agency's datasets, e.g. rta.")
        String publisher;

        @Option(names = "--theme", description = "Only this EU data theme, e.g. TRAN.")
        String theme;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--output", defaultValue = "table", description = "table or csv (default ${DEFAULT-VALUE}).")
        Output output;

        @Override
        public void run() {
            var query = DatasetQuery.text(text).publisher(publisher).theme(theme);
            try (var openData = datasets.khidma.openData()) {
                var found = openData.search(query).stream().limit(limit).toList();
                var table = new Table(List.of("id", "title", "العنوان", "publisher", "version", "modified"));
                for (var dataset : found) {
                    table.add(
                            dataset.id(),
                            dataset.title().en(),
                            dataset.title().ar(),
                            dataset.publisher(),
                            dataset.latestVersion(),
                            dataset.modified());
                }
                table.print(spec.commandLine().getOut(), output);
            }
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "A dataset's metadata, versions and columns.")
    static final class Show implements Runnable {
        @ParentCommand
        DatasetsCommand datasets;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The dataset's id.")
        UUID id;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            try (var openData = datasets.khidma.openData()) {
                Dataset dataset = openData.get(id);
                out.println(dataset.title().en());
                out.println(dataset.title().ar());
                out.println();
                line(out, "id", dataset.id());
                line(out, "publisher", dataset.publisher());
                line(out, "themes", String.join(", ", dataset.themes()));
                line(out, "keywords", String.join(", ", dataset.keywords()));
                line(out, "licence", dataset.licence());
                line(out, "updated", dataset.updateFrequency());
                line(out, "modified", dataset.modified());
                out.println();
                out.println(dataset.description().en());
                out.println(dataset.description().ar());
                out.println();
                var versions = new Table(List.of("version", "rows", "bytes", "created"));
                openData.versions(id)
                        .forEach(version -> versions.add(
                                version.number(), version.rowCount(), version.bytes(), version.createdAt()));
                versions.print(out, Output.table);
                if (dataset.tableSchema() != null) {
                    out.println();
                    var columns = new Table(List.of("column", "type", "title"));
                    for (Field field : dataset.tableSchema().fields()) {
                        columns.add(
                                field.name(), field.type().name().toLowerCase(java.util.Locale.ROOT), field.title());
                    }
                    columns.print(out, Output.table);
                }
            }
        }

        private static void line(java.io.PrintWriter out, String label, Object value) {
            out.printf("%-10s %s%n", label, value == null ? "" : value);
        }
    }

    /** Row filters as a shell user writes them. */
    static final class Filters {
        @Option(
                names = {"-w", "--where"},
                paramLabel = "CONDITION",
                description = {
                    "A condition on a column, repeatable, all must hold: field=value, field>=value,",
                    "field<=value, field>value, field<value, field^=prefix, or the API's field:op:value",
                    "(op eq, in with values separated by |, lt, lte, gt, gte, prefix)."
                })
        List<String> conditions = new ArrayList<>();

        @Option(
                names = {"-q", "--text"},
                description = "Full-text search in the rows' text columns.")
        String text;

        @Option(
                names = "--data-version",
                paramLabel = "N",
                description = "Read this version of the data; the latest when absent.")
        Integer version;

        private static final Pattern SHELL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(>=|<=|\\^=|=|>|<)(.*)");
        private static final Pattern API =
                Pattern.compile("([A-Za-z_][A-Za-z0-9_]*):(eq|in|lt|lte|gt|gte|prefix):(.*)");

        RowQuery applyTo(RowQuery query) {
            for (var condition : conditions) {
                query = condition(query, condition);
            }
            if (text != null) {
                query = query.text(text);
            }
            return version == null ? query : query.version(version);
        }

        private static RowQuery condition(RowQuery query, String condition) {
            var api = API.matcher(condition);
            if (api.matches()) {
                return apply(query, api.group(1), api.group(2), api.group(3));
            }
            var shell = SHELL.matcher(condition);
            if (!shell.matches()) {
                throw new IllegalArgumentException("cannot read the condition \"" + condition
                        + "\"; write field=value, field>=value ... or field:op:value");
            }
            var op =
                    switch (shell.group(2)) {
                        case "=" -> "eq";
                        case ">=" -> "gte";
                        case "<=" -> "lte";
                        case ">" -> "gt";
                        case "<" -> "lt";
                        default -> "prefix";
                    };
            return apply(query, shell.group(1), op, shell.group(3));
        }

        private static RowQuery apply(RowQuery query, String field, String op, String value) {
            return switch (op) {
                case "eq" -> query.eq(field, value);
                case "in" -> query.in(field, List.of(value.split("\\|", -1)));
                case "lt" -> query.lt(field, value);
                case "lte" -> query.lte(field, value);
                case "gt" -> query.gt(field, value);
                case "gte" -> query.gte(field, value);
                default -> query.prefix(field, value);
            };
        }
    }

    @Command(name = "rows", mixinStandardHelpOptions = true, description = "Rows of a dataset, filtered and sorted.")
    static final class Rows implements Runnable {
        @ParentCommand
        DatasetsCommand datasets;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The dataset's id.")
        UUID id;

        @ArgGroup(exclusive = false)
        Filters filters = new Filters();

        @Option(names = "--sort", description = "Columns to sort by, separated by commas; -column for descending.")
        String sort;

        @Option(names = "--fields", split = ",", description = "Only these columns, separated by commas.")
        List<String> fields;

        @Option(
                names = "--limit",
                defaultValue = "20",
                description = "At most this many rows (default ${DEFAULT-VALUE}).")
        long limit;

        @Option(names = "--output", defaultValue = "table", description = "table or csv (default ${DEFAULT-VALUE}).")
        Output output;

        @Override
        public void run() {
            var query = filters.applyTo(RowQuery.all()).pageSize((int) Math.min(1000, Math.max(1, limit)));
            if (sort != null) {
                query = query.sort(sort.split(","));
            }
            if (fields != null) {
                query = query.fields(fields.toArray(String[]::new));
            }
            try (var openData = datasets.khidma.openData()) {
                var columns = fields != null
                        ? fields
                        : openData.get(id).tableSchema().fields().stream()
                                .map(Field::name)
                                .toList();
                var table = new Table(columns);
                for (Map<String, Object> row :
                        openData.rows(id, query).stream().limit(limit).toList()) {
                    table.add(columns.stream().map(row::get).toArray());
                }
                table.print(spec.commandLine().getOut(), output);
            }
        }
    }

    @Command(
            name = "aggregate",
            mixinStandardHelpOptions = true,
            description = {
                "Count, sum and average a dataset's rows by groups, on the server.",
                "e.g. --group-by emirate,month(date) --aggregate count,sum(fee_aed) --order -count"
            })
    static final class Aggregate implements Runnable {
        @ParentCommand
        DatasetsCommand datasets;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The dataset's id.")
        UUID id;

        @ArgGroup(exclusive = false)
        Filters filters = new Filters();

        @Option(
                names = {"-g", "--group-by"},
                paramLabel = "GROUPS",
                description = "Fields, or day(f), week(f), month(f), year(f) of a date, separated by commas.")
        String groupBy;

        @Option(
                names = {"-a", "--aggregate"},
                paramLabel = "AGGREGATES",
                description = {
                    "count, count_distinct(f), sum(f), avg(f), min(f), max(f), separated by commas;",
                    "count when absent."
                })
        String aggregate;

        @Option(
                names = "--having",
                paramLabel = "CONDITION",
                description =
                        "A condition on an aggregate, repeatable: count>100, sum(fee)<=5000, or aggregate:op:value.")
        List<String> having = new ArrayList<>();

        @Option(names = "--order", description = "Outputs separated by commas; -output for descending.")
        String order;

        @Option(
                names = "--limit",
                defaultValue = "1000",
                description = "At most this many groups (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--output", defaultValue = "table", description = "table or csv (default ${DEFAULT-VALUE}).")
        Output output;

        private static final Pattern HAVING = Pattern.compile("(.+?)(>=|<=|>|<|=)(.*)");

        @Override
        public void run() {
            var query = new AggregateQuery(
                    filters.applyTo(RowQuery.all()),
                    split(groupBy),
                    split(aggregate),
                    having.stream().map(Aggregate::condition).toList(),
                    split(order),
                    limit,
                    true);
            try (var openData = datasets.khidma.openData()) {
                var result = openData.aggregate(id, query);
                var names = result.columns().stream().map(AggregateColumn::name).toList();
                var table = new Table(names);
                for (var group : result.groups()) {
                    table.add(names.stream().map(group::get).toArray());
                }
                var out = spec.commandLine().getOut();
                table.print(out, output);
                if (output == Output.table
                        && result.total() != null
                        && result.total() > result.groups().size()) {
                    out.printf("%,d of %,d groups%n", result.groups().size(), result.total());
                }
            }
        }

        /** Outputs separated by commas; none has a comma inside, sum(fee) included. */
        private static List<String> split(String text) {
            return text == null || text.isBlank()
                    ? List.of()
                    : Arrays.stream(text.split(",")).map(String::trim).toList();
        }

        private static String condition(String text) {
            if (text.matches("[^:]+:(eq|lt|lte|gt|gte):.*")) {
                return text;
            }
            var shell = HAVING.matcher(text);
            if (!shell.matches()) {
                throw new IllegalArgumentException(
                        "cannot read the condition \"" + text + "\"; write count>100 or aggregate:op:value");
            }
            var op =
                    switch (shell.group(2)) {
                        case ">=" -> "gte";
                        case "<=" -> "lte";
                        case ">" -> "gt";
                        case "<" -> "lt";
                        default -> "eq";
                    };
            return shell.group(1).trim() + ":" + op + ":" + shell.group(3).trim();
        }
    }

    @Command(
            name = "download",
            mixinStandardHelpOptions = true,
            description = {
                "Download a dataset, whole or filtered, with a progress bar on standard error.",
                "An interrupted download resumes when run again with the same --out."
            })
    static final class DownloadCommand implements Runnable {
        @ParentCommand
        DatasetsCommand datasets;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The dataset's id.")
        UUID id;

        @ArgGroup(exclusive = false)
        Filters filters = new Filters();

        @Option(
                names = "--format",
                defaultValue = "csv",
                description = "csv, json, ndjson, parquet, xlsx or geojson (default ${DEFAULT-VALUE}).")
        String format;

        @Option(
                names = {"-o", "--out"},
                required = true,
                paramLabel = "FILE",
                description = "Where to write it.")
        Path out;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Override
        public void run() {
            var downloadFormat =
                    switch (format) {
                        case "csv" -> DownloadFormat.CSV;
                        case "json" -> DownloadFormat.JSON;
                        case "ndjson" -> DownloadFormat.NDJSON;
                        case "parquet" -> DownloadFormat.PARQUET;
                        case "xlsx" -> DownloadFormat.XLSX;
                        case "geojson" -> DownloadFormat.GEOJSON;
                        default ->
                            throw new IllegalArgumentException(
                                    "--format is csv, json, ndjson, parquet, xlsx or geojson, not " + format);
                    };
            var err = spec.commandLine().getErr();
            var bar = quiet ? null : new ProgressBar(err);
            try (var openData = datasets.khidma.openData()) {
                var download = openData.download(
                        id,
                        filters.applyTo(RowQuery.all()),
                        downloadFormat,
                        out,
                        bar == null ? io.khidma.opendata.ProgressListener.NONE : bar);
                if (bar != null) {
                    bar.finish();
                }
                spec.commandLine()
                        .getOut()
                        .printf(
                                "%s: %s%s%s%n",
                                download.file(),
                                download.rows() < 0 ? "" : String.format("%,d rows, ", download.rows()),
                                ProgressBar.bytes(download.bytes()),
                                download.resumedFrom() > 0
                                        ? " (resumed after " + ProgressBar.bytes(download.resumedFrom()) + ")"
                                        : "");
            } catch (RuntimeException e) {
                if (bar != null) {
                    bar.finish();
                }
                throw e;
            }
        }
    }
}
