package io.khidma.core.problem;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Base of every exception a Khidma client throws. Unchecked: callers catch what they can act on.
 *
 * <p>It carries the HTTP status ({@code 0} when no response arrived), the server's {@link Problem}
 * document (or one built from the status when the server sent none) and the request id to quote to
 * the operator of the service.
 *
 * <pre>{@code
 * try {
 *     catalogue.get(id);
 * } catch (NotFoundException e) {
 *     // show "no such service"
 * } catch (KhidmaException e) {
 *     log.warn("catalogue call failed: {} (request {})", e.problem().code(), e.requestId());
 * }
 * }</pre>
 */
public class KhidmaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Problem problem;
    private final String requestId;

    public KhidmaException(Problem problem, String requestId) {
        this(problem, requestId, null);
    }

    public KhidmaException(Problem problem, String requestId, Throwable cause) {
        super(message(problem, requestId), cause);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.status = problem.status();
        this.requestId = requestId;
    }

    /**
     * The exception type for an error response: {@code 404} gives {@link NotFoundException}, {@code
     * 429} a {@link RateLimitedException} with its {@code Retry-After}, and so on.
     */
    public static KhidmaException forResponse(Problem problem, String requestId, Duration retryAfter) {
        return switch (problem.status()) {
            case 400 -> new BadRequestException(problem, requestId);
            case 401 -> new UnauthorizedException(problem, requestId);
            case 403 -> new ForbiddenException(problem, requestId);
            case 404 -> new NotFoundException(problem, requestId);
            case 409 -> new ConflictException(problem, requestId);
            case 412, 428 -> new PreconditionFailedException(problem, requestId);
            case 422 -> new ValidationException(problem, requestId);
            case 429 -> new RateLimitedException(problem, requestId, retryAfter);
            case 503 -> new ServiceUnavailableException(problem, requestId, retryAfter);
            default ->
                problem.status() >= 500
                        ? new ServerErrorException(problem, requestId)
                        : new KhidmaException(problem, requestId);
        };
    }

    /** The HTTP status of the response, or {@code 0} when none was received. */
    public int status() {
        return status;
    }

    /** The problem document the server sent, or one derived from the status when it sent none. */
    public Problem problem() {
        return problem;
    }

    /** The {@code X-Request-Id} of the call, to quote when reporting the failure. */
    public String requestId() {
        return requestId;
    }

    /** How long the server asked the caller to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    private static String message(Problem problem, String requestId) {
        var text = new StringBuilder();
        if (problem.status() > 0) {
            text.append(problem.status()).append(' ');
        }
        text.append(problem.title() == null ? problem.code() : problem.title());
        if (problem.detail() != null) {
            text.append(": ").append(problem.detail());
        }
        if (!problem.errors().isEmpty()) {
            text.append(" [");
            problem.errors().forEach(e -> text.append(e.field())
                    .append(' ')
                    .append(e.detail() == null ? e.code() : e.detail())
                    .append("; "));
            text.setLength(text.length() - 2);
            text.append(']');
        }
        if (requestId != null) {
            text.append(" (request ").append(requestId).append(')');
        }
        return text.toString();
    }
}
