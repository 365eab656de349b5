package io.khidma.core.text;

import java.util.Locale;

/**
 * A text in Arabic and English, the two languages of every Khidma API. Either may be absent when a
 * source gives only one; {@link #in(Locale)} falls back to the other.
 */
public record Text(String ar, String en) {

    public static Text of(String ar, String en) {
        return new Text(ar, en);
    }

    /** The text in the locale's language (Arabic for {@code ar}, English otherwise), or the other one. */
    public String in(Locale locale) {
        boolean arabic = "ar".equals(locale.getLanguage());
        var preferred = arabic ? ar : en;
        return preferred != null ? preferred : (arabic ? en : ar);
    }
}
