package io.khidma.core.http;

import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.Problem;
import io.khidma.core.problem.ProblemType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns an error response into a {@link Problem}, whether or not the server sent one. */
final class ErrorResponses {

    /** How much of a non-problem error body goes into the exception's detail. */
    static final int MAX_DETAIL_CHARS = 500;

    private ErrorResponses() {}

    static Problem problemOf(ApiResponse response) {
        return parseProblem(response).orElseGet(() -> fromStatus(response));
    }

    private static Optional<Problem> parseProblem(ApiResponse response) {
        var contentType = response.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.contains("json") || response.bodyBytes().length == 0) {
            return Optional.empty();
        }
        Problem parsed;
        try {
            parsed = KhidmaJson.mapper().readValue(response.bodyBytes(), Problem.class);
        } catch (IOException notAProblem) {
            return Optional.empty();
        }
        if (parsed == null || (parsed.title() == null && parsed.detail() == null && parsed.code() == null)) {
            return Optional.empty();
        }
        var type = parsed.type();
        var code = parsed.code() != null
                ? parsed.code()
                : type.toString().startsWith(ProblemType.BASE)
                        ? type.toString().substring(ProblemType.BASE.length())
                        : codeFor(response.status());
        return Optional.of(new Problem(
                type, parsed.title(), response.status(), parsed.detail(), parsed.instance(), code, parsed.errors()));
    }

    private static Problem fromStatus(ApiResponse response) {
        var known = ProblemType.forStatus(response.status());
        return new Problem(
                Problem.ABOUT_BLANK,
                known.map(ProblemType::title).orElse("HTTP " + response.status()),
                response.status(),
                summary(response.bodyBytes()),
                null,
                codeFor(response.status()),
                List.of());
    }

    private static String codeFor(int status) {
        return ProblemType.forStatus(status).map(ProblemType::code).orElse("http-" + status);
    }

    /** The start of a body that is not a problem document, marked when cut short. */
    private static String summary(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        var text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() <= MAX_DETAIL_CHARS) {
            return "response body: " + text;
        }
        return "response body (first " + MAX_DETAIL_CHARS + " of " + text.length() + " characters): "
                + text.substring(0, MAX_DETAIL_CHARS);
    }
}
