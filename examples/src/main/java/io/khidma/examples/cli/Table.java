package io.khidma.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Rows printed as an aligned text table, or as CSV (RFC 4180) for other tools. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> header) {
        this.header = List.copyOf(header);
    }

    void add(Object... cells) {
        rows.add(Arrays.stream(cells)
                .map(cell -> cell == null ? "" : cell.toString())
                .toList());
    }

    void print(PrintWriter out, DatasetsCommand.Output output) {
        if (output == DatasetsCommand.Output.csv) {
            out.print(csvLine(header));
            rows.forEach(row -> out.print(csvLine(row)));
        } else {
            var widths = new int[header.size()];
            for (var row : withHeader()) {
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], width(row.get(i)));
                }
            }
            for (var row : withHeader()) {
                var line = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    var cell = row.get(i);
                    line.append(cell).append(" ".repeat(widths[i] - width(cell)));
                    if (i < row.size() - 1) {
                        line.append("  ");
                    }
                }
                out.println(line.toString().stripTrailing());
            }
            if (rows.isEmpty()) {
                out.println("(none)");
            }
        }
        out.flush();
    }

    private List<List<String>> withHeader() {
        var all = new ArrayList<List<String>>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    /** Characters a terminal gives a column each; combining marks (Arabic vowel signs) take none. */
    private static int width(String text) {
        return (int) text.codePoints()
                .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .count();
    }

    private static String csvLine(List<String> cells) {
        return cells.stream().map(Table::csvCell).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String csvCell(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
}
