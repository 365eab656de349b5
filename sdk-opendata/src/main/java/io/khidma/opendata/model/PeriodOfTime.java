package io.khidma.opendata.model;

import java.time.LocalDate;

/** The period a dataset covers (DCAT {@code dct:temporal}); either end may be open. */
public record PeriodOfTime(LocalDate start, LocalDate end) {

    public PeriodOfTime {
        if (start != null && end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("temporal end is before its start");
        }
    }
}
