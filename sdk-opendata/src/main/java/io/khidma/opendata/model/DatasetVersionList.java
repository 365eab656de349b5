package io.khidma.opendata.model;

import java.util.List;

public record DatasetVersionList(List<DatasetVersion> items) {

    public DatasetVersionList {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
