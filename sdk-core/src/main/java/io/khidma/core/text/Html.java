package io.khidma.core.text;

/** Text put into server-rendered HTML pages. */
public final class Html {

    private Html() {}

    /** Escapes text for HTML element content and quoted attribute values; {@code null} is empty. */
    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        var escaped = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
