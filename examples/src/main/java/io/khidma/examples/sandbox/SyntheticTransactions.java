package io.khidma.examples.sandbox;

import io.khidma.opendata.model.Constraints;
import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A made-up log of service transactions, generated as CSV while it is read, so a million rows
 * never exist in memory or on disk: the same rows every time for the same count.
 */
final class SyntheticTransactions extends InputStream {

    static final List<String> EMIRATES =
            List.of("Abu Dhabi", "Dubai", "Sharjah", "Ajman", "Umm Al Quwain", "Ras Al Khaimah", "Fujairah");
    static final List<String> CHANNELS = List.of("smart_app", "website", "service_centre", "kiosk", "call_centre");
    private static final List<String> SERVICES = List.of(
            "MOHRE-WP-ISSUE",
            "MOHRE-WP-RENEW",
            "MOHRE-CONTRACT",
            "RTA-VEH-RENEW",
            "RTA-DL-RENEW",
            "DOF-FEE-PAY",
            "MOEC-TRADE-NAME");
    private static final LocalDate FIRST_DAY = LocalDate.of(2022, 1, 1);
    private static final int DAYS = 3 * 365;

    private final long rows;
    private final SplittableRandom random = new SplittableRandom(20_260_101L);
    private final StringBuilder text = new StringBuilder(1 << 16);
    private byte[] chunk = "id,date,emirate,channel,service_code,duration_minutes,fee_aed,satisfied\r\n"
            .getBytes(StandardCharsets.UTF_8);
    private int position;
    private long written;

    SyntheticTransactions(long rows) {
        this.rows = rows;
    }

    static TableSchema schema() {
        return new TableSchema(
                List.of(
                        Field.of("id", FieldType.INTEGER),
                        Field.of("date", FieldType.DATE).indexed(),
                        Field.of("emirate", FieldType.STRING)
                                .with(new Constraints(true, null, null, null, null, null, null, EMIRATES))
                                .indexed(),
                        Field.of("channel", FieldType.STRING)
                                .with(new Constraints(true, null, null, null, null, null, null, CHANNELS))
                                .indexed(),
                        Field.of("service_code", FieldType.STRING).indexed(),
                        Field.of("duration_minutes", FieldType.INTEGER),
                        Field.of("fee_aed", FieldType.NUMBER),
                        Field.of("satisfied", FieldType.BOOLEAN)),
                List.of("id"),
                null);
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return chunk[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Makes the next thousand rows when the current ones are read; false at the end. */
    private boolean fill() {
        if (position < chunk.length) {
            return true;
        }
        if (written == rows) {
            return false;
        }
        text.setLength(0);
        for (int i = 0; i < 1000 && written < rows; i++) {
            written++;
            text.append(written)
                    .append(',')
                    .append(FIRST_DAY.plusDays(random.nextInt(DAYS)))
                    .append(',')
                    .append(EMIRATES.get(random.nextInt(EMIRATES.size())))
                    .append(',')
                    .append(CHANNELS.get(random.nextInt(CHANNELS.size())))
                    .append(',')
                    .append(SERVICES.get(random.nextInt(SERVICES.size())))
                    .append(',')
                    .append(1 + random.nextInt(90))
                    .append(',')
                    .append(random.nextInt(50, 2000))
                    .append('.')
                    .append(random.nextInt(10))
                    .append('0')
                    .append(',')
                    .append(random.nextInt(10) < 8)
                    .append("\r\n");
        }
        chunk = text.toString().getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }
}
