package io.khidma.opendata.server;

import io.khidma.opendata.model.FieldType;
import io.khidma.opendata.model.TableSchema;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a dataset's rows are, when its schema says: a numeric field named {@code latitude} (or
 * {@code lat}) and one named {@code longitude} (or {@code lon}, {@code lng}, {@code long}), in
 * WGS 84 degrees. Those datasets also download as GeoJSON.
 *
 * @param latitude the latitude field's index
 * @param longitude the longitude field's index
 */
record Coordinates(int latitude, int longitude) {

    private static final Set<String> LATITUDE = Set.of("latitude", "lat");
    private static final Set<String> LONGITUDE = Set.of("longitude", "lon", "lng", "long");

    /**
     * The same test in SQL, over {@code fields}, an expression giving a Table Schema's fields as a
     * JSON array: made from the names above, which are constants, so nothing from input is in it.
     */
    static String sqlTest(String fields) {
        return "(" + exists(fields, LATITUDE) + " AND " + exists(fields, LONGITUDE) + ")";
    }

    private static String exists(String fields, Set<String> names) {
        var quoted = names.stream().sorted().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
        return "EXISTS (SELECT 1 FROM jsonb_array_elements(" + fields
                + ") AS field(spec) WHERE lower(spec ->> 'name') IN (" + quoted
                + ") AND spec ->> 'type' IN ('number', 'integer'))";
    }

    static Optional<Coordinates> of(TableSchema schema) {
        if (schema == null) {
            return Optional.empty();
        }
        int latitude = -1;
        int longitude = -1;
        for (int i = 0; i < schema.fields().size(); i++) {
            var field = schema.fields().get(i);
            if (field.type() != FieldType.NUMBER && field.type() != FieldType.INTEGER) {
                continue;
            }
            var name = field.name().toLowerCase(Locale.ROOT);
            if (latitude < 0 && LATITUDE.contains(name)) {
                latitude = i;
            } else if (longitude < 0 && LONGITUDE.contains(name)) {
                longitude = i;
            }
        }
        return latitude >= 0 && longitude >= 0 ? Optional.of(new Coordinates(latitude, longitude)) : Optional.empty();
    }
}
