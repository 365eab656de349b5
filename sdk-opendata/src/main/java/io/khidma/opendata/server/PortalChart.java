package io.khidma.opendata.server;

import static io.khidma.core.text.Html.escape;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * A bar or line chart of an aggregation, drawn on the server as inline SVG: no script, no external
 * asset, colours from the portal's stylesheet. Each bar (or point) carries its label and value as
 * {@code data-label} and {@code data-value} and says them in its {@code <title>}, so a screen reader
 * and a test read what is drawn. The page shows the same numbers in a table beside it.
 */
final class PortalChart {

    /** One group: its label on the axis and its value. */
    record Point(String label, BigDecimal value) {}

    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 96;

    private PortalChart() {}

    /**
     * The chart of {@code points} in order, {@code line} for a line, else bars. Negative values
     * are drawn from zero as well; the axis spans the least and the greatest.
     */
    static String svg(List<Point> points, boolean line, String title, String description) {
        var svg = new StringBuilder();
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" direction=\"ltr\">");
        svg.append("<title id=\"chart-title\">").append(escape(title)).append("</title>");
        svg.append("<desc id=\"chart-desc\">").append(escape(description)).append("</desc>");
        if (points.isEmpty()) {
            return svg.append("</svg>").toString();
        }
        double max = 0;
        double min = 0;
        for (var point : points) {
            double value = point.value() == null ? 0 : point.value().doubleValue();
            max = Math.max(max, value);
            min = Math.min(min, value);
        }
        double top = nice(max);
        double bottom = min < 0 ? -nice(-min) : 0;
        double span = top - bottom == 0 ? 1 : top - bottom;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        // Gridlines and their values: five steps from the bottom to the top.
        for (int step = 0; step <= 4; step++) {
            double value = bottom + span * step / 4;
            double y = TOP + plotHeight - plotHeight * (value - bottom) / span;
            svg.append("<line class=\"grid\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y1=\"")
                    .append(format(y))
                    .append("\" y2=\"")
                    .append(format(y))
                    .append("\"/><text class=\"tick\" x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(format(y + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(escape(number(value)))
                    .append("</text>");
        }
        double slot = (double) plotWidth / points.size();
        double zero = TOP + plotHeight - plotHeight * (0 - bottom) / span;
        var polyline = new StringBuilder();
        // Label every nth group so that labels do not overlap.
        int every = Math.max(1, (int) Math.ceil(points.size() / 24.0));
        for (int i = 0; i < points.size(); i++) {
            var point = points.get(i);
            double value = point.value() == null ? 0 : point.value().doubleValue();
            double y = TOP + plotHeight - plotHeight * (value - bottom) / span;
            double centre = LEFT + slot * i + slot / 2;
            var tooltip = "<title>" + escape(point.label()) + ": " + escape(plain(point.value())) + "</title>";
            var data =
                    " data-label=\"" + escape(point.label()) + "\" data-value=\"" + escape(plain(point.value())) + "\"";
            if (line) {
                polyline.append(polyline.isEmpty() ? "" : " ")
                        .append(format(centre))
                        .append(',')
                        .append(format(y));
                svg.append("<circle class=\"point\" cx=\"")
                        .append(format(centre))
                        .append("\" cy=\"")
                        .append(format(y))
                        .append("\" r=\"3.5\"")
                        .append(data)
                        .append('>')
                        .append(tooltip)
                        .append("</circle>");
            } else {
                double width = Math.max(1, slot * 0.8);
                svg.append("<rect class=\"bar\" x=\"")
                        .append(format(centre - width / 2))
                        .append("\" y=\"")
                        .append(format(Math.min(y, zero)))
                        .append("\" width=\"")
                        .append(format(width))
                        .append("\" height=\"")
                        .append(format(Math.abs(zero - y)))
                        .append('"')
                        .append(data)
                        .append('>')
                        .append(tooltip)
                        .append("</rect>");
            }
            if (i % every == 0) {
                double labelY = TOP + plotHeight + 14;
                svg.append("<text class=\"label\" x=\"")
                        .append(format(centre))
                        .append("\" y=\"")
                        .append(format(labelY))
                        .append("\" text-anchor=\"end\" transform=\"rotate(-40 ")
                        .append(format(centre))
                        .append(' ')
                        .append(format(labelY))
                        .append(")\">")
                        .append(escape(shorten(point.label())))
                        .append("</text>");
            }
        }
        if (line) {
            svg.append("<polyline class=\"line\" points=\"").append(polyline).append("\"/>");
        }
        svg.append("<line class=\"axis\" x1=\"")
                .append(LEFT)
                .append("\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y1=\"")
                .append(format(zero))
                .append("\" y2=\"")
                .append(format(zero))
                .append("\"/>");
        return svg.append("</svg>").toString();
    }

    /** The next round number at or above {@code value}: 1, 2 or 5 times a power of ten. */
    static double nice(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= value) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static String format(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }

    private static String number(double value) {
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.2f", value);
    }

    private static String plain(BigDecimal value) {
        if (value == null) {
            return "";
        }
        var stripped = value.stripTrailingZeros();
        return (stripped.scale() > 4 ? stripped.setScale(4, RoundingMode.HALF_EVEN) : stripped).toPlainString();
    }

    private static String shorten(String label) {
        return label.length() <= 18 ? label : label.substring(0, 17) + "…";
    }
}
