package io.khidma.core.paging;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list, as every Khidma API returns it: {@code {"items": [...], "next": "<cursor>"}}.
 *
 * @param items the items of this page, never {@code null}
 * @param next an opaque cursor for the following page; absent on the last page
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = items == null ? List.of() : List.copyOf(items);
        next = next == null || next.isEmpty() ? null : next;
    }

    public Optional<String> nextCursor() {
        return Optional.ofNullable(next);
    }

    public boolean isLast() {
        return next == null;
    }
}
