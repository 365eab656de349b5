package io.khidma.core.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Keeps credentials out of logs: sensitive headers and query parameters are masked. */
final class Redaction {

    static final String MASK = "<redacted>";

    private static final Set<String> SENSITIVE_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token");

    private static final Pattern SENSITIVE_QUERY =
            Pattern.compile("(?i)([?&](?:access_token|refresh_token|id_token|token|code|client_secret|secret|password|"
                    + "api_key|apikey|key|signature|sig|client_assertion)=)[^&#]*");

    private Redaction() {}

    static Map<String, List<String>> headers(Map<String, List<String>> headers) {
        var safe = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) ->
                safe.put(name, SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? List.of(MASK) : values));
        return safe;
    }

    static String uri(URI uri) {
        var text = uri.toString();
        return uri.getRawQuery() == null ? text : SENSITIVE_QUERY.matcher(text).replaceAll("$1" + MASK);
    }
}
