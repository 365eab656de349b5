package io.khidma.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
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

    record Typed(String name, long amount, boolean flag) {}

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNotConverted() {
        var mapper = KhidmaJson.mapper();
        for (var body : List.of(
                "{\"name\":7,\"amount\":1,\"flag\":true}",
                "{\"name\":\"a\",\"amount\":\"5\",\"flag\":true}",
                "{\"name\":\"a\",\"amount\":2.5,\"flag\":true}",
                "{\"name\":\"a\",\"amount\":1,\"flag\":\"yes\"}",
                "{\"name\":\"a\",\"amount\":1,\"flag\":1}")) {
            assertThatThrownBy(() -> mapper.readValue(body, Typed.class))
                    .as(body)
                    .isInstanceOf(com.fasterxml.jackson.databind.exc.MismatchedInputException.class);
        }
    }
}
