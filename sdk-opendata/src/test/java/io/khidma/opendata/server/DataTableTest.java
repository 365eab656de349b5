package io.khidma.opendata.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataTableTest {

    @Test
    void datesBeforeYearOneReadAsIso8601Years() {
        assertThat(DataTable.isoDate("2024-02-29")).isEqualTo("2024-02-29");
        assertThat(DataTable.isoDate("10000-01-01")).isEqualTo("10000-01-01");
        assertThat(DataTable.isoDate(null)).isNull();
        // 1 BC is ISO year 0, a leap year, as PostgreSQL's calendar has it.
        assertThat(DataTable.isoDate("0001-02-29 BC")).isEqualTo("0000-02-29");
        assertThat(DataTable.isoDate("0002-12-31 BC")).isEqualTo("-0001-12-31");
        assertThat(DataTable.isoDate("4713-01-01 BC")).isEqualTo("-4712-01-01");
    }
}
