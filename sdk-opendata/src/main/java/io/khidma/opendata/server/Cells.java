package io.khidma.opendata.server;

import io.khidma.opendata.model.Field;
import io.khidma.opendata.model.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cell values of a Table Schema field: parsing text into the field's type, checking its
 * constraints, and the canonical text a typed table stores. Dates, datetimes (in UTC) and years
 * are from year 1 to 9999, the years ISO 8601 writes in four digits without a sign.
 */
final class Cells {

    private static final Set<String> TRUE = Set.of("true", "True", "TRUE", "1");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE", "0");

    /** A cell that breaks its field's type or constraints; {@code code} is stable, {@code detail} for people. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Invalid(String code, String detail) {
            super(detail, null, false, false);
            this.code = code;
        }
    }

    private Cells() {}

    /** The typed value of {@code text} (never missing here). */
    static Object parse(FieldType type, String text) throws Invalid {
        try {
            return switch (type) {
                case STRING -> text;
                case INTEGER -> Long.parseLong(text.trim());
                case NUMBER -> new BigDecimal(text.trim());
                case BOOLEAN -> {
                    if (TRUE.contains(text.trim())) {
                        yield Boolean.TRUE;
                    }
                    if (FALSE.contains(text.trim())) {
                        yield Boolean.FALSE;
                    }
                    throw new Invalid("type", "'" + shorten(text) + "' is not a boolean (true/false, 1/0)");
                }
                case DATE -> {
                    var date = LocalDate.parse(text.trim());
                    if (!fourDigitYear(date.getYear())) {
                        throw new Invalid("type", "'" + shorten(text) + "' is not a date from year 1 to 9999");
                    }
                    yield date;
                }
                case DATETIME -> {
                    var datetime = datetime(text.trim());
                    if (!fourDigitYear(
                            datetime.withOffsetSameInstant(ZoneOffset.UTC).getYear())) {
                        throw new Invalid(
                                "type", "'" + shorten(text) + "' is not a datetime from year 1 to 9999 (in UTC)");
                    }
                    yield datetime;
                }
                case YEAR -> {
                    int year = Integer.parseInt(text.trim());
                    if (!fourDigitYear(year)) {
                        throw new NumberFormatException();
                    }
                    yield year;
                }
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new Invalid("type", "'" + shorten(text) + "' is not a valid " + type.wireName());
        }
    }

    /** Whether a year is one ISO 8601 writes in four digits without a sign: 1 to 9999. */
    private static boolean fourDigitYear(int year) {
        return year >= 1 && year <= 9999;
    }

    private static OffsetDateTime datetime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException noOffset) {
            // Table Schema's default datetime has a zone; a local one is read as UTC.
            return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
        }
    }

    /** Checks a present value against the field's constraints (required is the caller's). */
    static void check(Field field, Object value, String text, Pattern pattern) throws Invalid {
        var c = field.constraints();
        if (c.minimum() != null && compare(field.type(), value, c.minimum()) < 0) {
            throw new Invalid("minimum", "'" + shorten(text) + "' is below the minimum " + c.minimum());
        }
        if (c.maximum() != null && compare(field.type(), value, c.maximum()) > 0) {
            throw new Invalid("maximum", "'" + shorten(text) + "' is above the maximum " + c.maximum());
        }
        if (c.minLength() != null && text.length() < c.minLength()) {
            throw new Invalid("min-length", "'" + shorten(text) + "' is shorter than " + c.minLength());
        }
        if (c.maxLength() != null && text.length() > c.maxLength()) {
            throw new Invalid("max-length", "'" + shorten(text) + "' is longer than " + c.maxLength());
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            throw new Invalid("pattern", "'" + shorten(text) + "' does not match " + c.pattern());
        }
        if (c.allowed() != null && !c.allowed().isEmpty() && !c.allowed().contains(text)) {
            throw new Invalid("enum", "'" + shorten(text) + "' is not one of " + c.allowed());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(FieldType type, Object value, String bound) throws Invalid {
        Object limit;
        try {
            limit = parse(type, bound);
        } catch (Invalid e) {
            throw new Invalid("schema", "the schema's bound " + bound + " is not a " + type.wireName());
        }
        if (!(value instanceof Comparable comparable)) {
            return 0;
        }
        return comparable.compareTo(limit);
    }

    /** The canonical text stored for a typed value (COPY's input). */
    static String canonical(Object value) {
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        return value.toString();
    }

    /** The SQL type of a field's column. */
    static String sqlType(FieldType type) {
        return switch (type) {
            case STRING -> "text";
            case INTEGER -> "bigint";
            case NUMBER -> "numeric";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case DATETIME -> "timestamptz";
            case YEAR -> "integer";
        };
    }

    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
