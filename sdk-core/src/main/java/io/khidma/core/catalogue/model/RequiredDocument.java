package io.khidma.core.catalogue.model;

import io.khidma.core.text.Text;
import java.util.List;
import java.util.Objects;

/**
 * A document an application attaches.
 *
 * @param kind a stable name, e.g. {@code passport}, {@code tenancy-contract}
 * @param title what it is, in Arabic and English
 * @param required whether an application without it is refused
 * @param mediaTypes the accepted types, among {@code application/pdf}, {@code image/jpeg} and {@code image/png}
 * @param maxBytes the largest file accepted
 */
public record RequiredDocument(String kind, Text title, boolean required, List<String> mediaTypes, long maxBytes) {

    /** The media types a document may have: checked by content, not by name. */
    public static final List<String> SUPPORTED_TYPES = List.of("application/pdf", "image/jpeg", "image/png");

    /** The most any document may weigh: 10 MiB. */
    public static final long MAX_BYTES = 10L * 1024 * 1024;

    public RequiredDocument {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        if (!kind.matches("[a-z0-9][a-z0-9-]{0,47}")) {
            throw new IllegalArgumentException("kind must be 1-48 of a-z, 0-9 and '-'");
        }
        mediaTypes = mediaTypes == null || mediaTypes.isEmpty() ? SUPPORTED_TYPES : List.copyOf(mediaTypes);
        if (!SUPPORTED_TYPES.containsAll(mediaTypes)) {
            throw new IllegalArgumentException("media_types must be among " + SUPPORTED_TYPES);
        }
        if (maxBytes <= 0 || maxBytes > MAX_BYTES) {
            maxBytes = MAX_BYTES;
        }
    }

    /** A PDF document of at most 5 MiB. */
    public static RequiredDocument pdf(String kind, Text title, boolean required) {
        return new RequiredDocument(kind, title, required, List.of("application/pdf"), 5L * 1024 * 1024);
    }

    /** A PDF, JPEG or PNG document of at most 5 MiB: a scan or a photo. */
    public static RequiredDocument scan(String kind, Text title, boolean required) {
        return new RequiredDocument(kind, title, required, SUPPORTED_TYPES, 5L * 1024 * 1024);
    }
}
