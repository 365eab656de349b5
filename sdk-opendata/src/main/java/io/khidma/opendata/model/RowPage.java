package io.khidma.opendata.model;

import java.util.List;
import java.util.Map;

/**
 * One page of rows, each a map from field name to value (JSON types: text, number, boolean; dates
 * and datetimes as ISO 8601 text); a missing value is left out of its row.
 *
 * @param version the version the rows come from
 * @param total the number of matching rows, when asked for
 */
public record RowPage(List<Map<String, Object>> items, int version, String next, Long total) {

    public RowPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
