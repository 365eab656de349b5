package io.khidma.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KhidmaJsonTest {

    record Receipt(String paymentId, Instant paidAt, Optional<String> note, String reference) {}

    @Test
    void writesSnakeCaseRfc3339AndLeavesAbsentValuesOut() throws Exception {
        var json = KhidmaJson.mapper()
                .writeValueAsString(
                        new Receipt("pay_1", Instant.parse("2026-11-22T10:15:30Z"), Optional.empty(), null));

        assertThat(json).isEqualTo("{\"payment_id\":\"pay_1\",\"paid_at\":\"2026-11-22T10:15:30Z\"}");
    }

    @Test
    void ignoresPropertiesItDoesNotKnow() throws Exception {
        var receipt = KhidmaJson.mapper()
                .readValue("{\"payment_id\":\"pay_1\",\"added_next_year\":{\"x\":1},\"note\":\"شكرا\"}", Receipt.class);

        assertThat(receipt.paymentId()).isEqualTo("pay_1");
        assertThat(receipt.note()).contains("شكرا");
    }
}
