package io.khidma.spring.boot;

import io.khidma.core.events.InvalidWebhookException;
import io.khidma.core.events.WebhookMessage;
import io.khidma.core.events.WebhookVerifier;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * A {@link WebhookMessage} parameter of a Spring MVC handler is the request's delivery, verified:
 * its signature, its timestamp, its id. A delivery that does not verify never reaches the handler;
 * the sender gets a 400 problem and retries or gives up.
 *
 * <pre>{@code
 * @PostMapping("/khidma/webhooks")
 * void received(WebhookMessage message) { ... message.bodyAsString() ... }
 * }</pre>
 *
 * The handler must not read the body itself: the signature covers the bytes as sent.
 */
final class WebhookArgumentResolver implements HandlerMethodArgumentResolver {

    private final WebhookVerifier verifier;

    WebhookArgumentResolver(WebhookVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == WebhookMessage.class;
    }

    @Override
    public WebhookMessage resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory)
            throws IOException {
        var request = webRequest.getNativeRequest(HttpServletRequest.class);
        if (request == null) {
            throw new IllegalStateException("a webhook is read from a servlet request");
        }
        var headers = new LinkedHashMap<String, List<String>>();
        for (var name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        try {
            return verifier.verify(headers, request.getInputStream().readAllBytes());
        } catch (InvalidWebhookException e) {
            var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
            problem.setTitle("Webhook not verified");
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, e);
        }
    }
}
