package io.khidma.core.http;

import java.time.Duration;
import java.util.Objects;

final class Durations {

    private Durations() {}

    static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }
}
