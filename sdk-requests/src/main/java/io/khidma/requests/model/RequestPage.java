package io.khidma.requests.model;

import java.util.List;

/** One page of requests, without their timelines; {@code next} is the cursor of the next page. */
public record RequestPage(List<ServiceRequest> items, String next) {

    public RequestPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
