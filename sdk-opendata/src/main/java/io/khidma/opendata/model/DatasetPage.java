package io.khidma.opendata.model;

import java.util.List;

public record DatasetPage(List<Dataset> items, String next) {

    public DatasetPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
