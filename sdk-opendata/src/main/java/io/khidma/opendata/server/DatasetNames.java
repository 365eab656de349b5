package io.khidma.opendata.server;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The names a dataset is given when its publisher chose none: its English title in lowercase, words
 * joined by {@code -} ({@code Dubai Taxi Fares 2025} is {@code dubai-taxi-fares-2025}): the rule the
 * migration applied to datasets made before names existed, with accents folded besides.
 */
final class DatasetNames {

    private static final int MAX_SLUG = 80;
    private static final int NUMBERED = 9;

    private DatasetNames() {}

    /**
     * The names to try in turn: the title's, then numbered from 2 to {@value #NUMBERED}, then one
     * ending with the start of the id, which no other dataset's name can end with once it is taken.
     */
    static List<String> candidates(String englishTitle, UUID id) {
        var slug = slug(englishTitle);
        var names = new ArrayList<String>();
        names.add(slug);
        for (int n = 2; n <= NUMBERED; n++) {
            names.add(slug + "-" + n);
        }
        names.add(slug + "-" + id.toString().substring(0, 8));
        return names;
    }

    static String slug(String englishTitle) {
        var ascii = Normalizer.normalize(englishTitle, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        var slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            return "dataset";
        }
        return slug.length() < 2 ? "dataset-" + slug : slug;
    }
}
