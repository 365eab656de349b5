package io.khidma.core.catalogue.model;

import io.khidma.core.text.Text;
import java.util.Objects;

/**
 * How a form field is shown to the applicant and named in errors.
 *
 * @param label the field's name, in Arabic and English
 * @param help what to enter, in Arabic and English; optional
 */
public record FormField(Text label, Text help) {

    public FormField {
        Objects.requireNonNull(label, "label");
    }

    public static FormField of(String ar, String en) {
        return new FormField(Text.of(ar, en), null);
    }

    public FormField withHelp(String ar, String en) {
        return new FormField(label, Text.of(ar, en));
    }
}
