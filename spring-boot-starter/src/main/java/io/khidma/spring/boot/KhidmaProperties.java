package io.khidma.spring.boot;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Khidma's clients, from {@code khidma.*}: where the server is, who the application is, how its
 * calls are timed, retried and broken, and the secrets incoming webhooks are signed with.
 *
 * <pre>
 * khidma.endpoint=https://api.khidma.example
 * khidma.client.id=rta-portal
 * khidma.client.secret=${RTA_PORTAL_SECRET}
 * khidma.client.scopes=catalogue:read,payments:write
 * khidma.webhooks.secrets=${KHIDMA_WEBHOOK_SECRET}
 * </pre>
 */
@ConfigurationProperties("khidma")
public class KhidmaProperties {

    /** The Khidma server's base URL. */
    private URI endpoint = URI.create("http://localhost:8080/");

    /** The identity provider's issuer, whose discovery names the token endpoint; the endpoint's /identity by default. */
    private URI issuer;

    /** The application's identifier in its requests' User-Agent: letters, digits, '.', '_' and '-'. */
    private String applicationId;

    /** How long to wait for a connection. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** How long to wait for an answer. */
    private Duration readTimeout = Duration.ofSeconds(30);

    private final Client client = new Client();

    private final Retry retry = new Retry();

    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    private final Webhooks webhooks = new Webhooks();

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public URI getIssuer() {
        return issuer;
    }

    public void setIssuer(URI issuer) {
        this.issuer = issuer;
    }

    public String getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Client getClient() {
        return client;
    }

    public Retry getRetry() {
        return retry;
    }

    public CircuitBreaker getCircuitBreaker() {
        return circuitBreaker;
    }

    public Webhooks getWebhooks() {
        return webhooks;
    }

    /** How the application authenticates to the token endpoint. */
    public enum AuthenticationMethod {
        /** The secret in an HTTP Basic header. */
        CLIENT_SECRET_BASIC,
        /** The secret in the form body. */
        CLIENT_SECRET_POST,
        /** An assertion signed with the application's private key (RFC 7523). */
        PRIVATE_KEY_JWT
    }

    /** The application as an OAuth client of Khidma's identity provider (client credentials). */
    public static class Client {

        /** The client id; without one, the clients call Khidma anonymously. */
        private String id;

        /** The client secret, for client_secret_basic and client_secret_post. */
        private String secret;

        /** The private key for private_key_jwt: a JWK (EC P-256 or RSA) with its kid, as JSON. */
        private Resource privateKey;

        /** How the client authenticates; private_key_jwt when a private key is given, client_secret_basic otherwise. */
        private AuthenticationMethod authenticationMethod;

        /** The scopes to ask for; those the client is registered for when empty. */
        private List<String> scopes = new ArrayList<>();

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public Resource getPrivateKey() {
            return privateKey;
        }

        public void setPrivateKey(Resource privateKey) {
            this.privateKey = privateKey;
        }

        public AuthenticationMethod getAuthenticationMethod() {
            return authenticationMethod;
        }

        public void setAuthenticationMethod(AuthenticationMethod authenticationMethod) {
            this.authenticationMethod = authenticationMethod;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        @Override
        public String toString() {
            return "Client[id=" + id + ", secret=" + (secret == null ? null : "<redacted>") + "]";
        }
    }

    /** Retries of idempotent calls and of calls with an idempotency key. */
    public static class Retry {

        /** Attempts in all, the first included; 1 turns retries off. */
        private int maxAttempts = 3;

        /** The wait before the first retry, doubled (with jitter) for each next one. */
        private Duration initialBackoff = Duration.ofMillis(200);

        /** The longest wait between attempts. */
        private Duration maxBackoff = Duration.ofSeconds(5);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /** A circuit breaker per service: calls fail fast while a service keeps failing. */
    public static class CircuitBreaker {

        /** Whether calls go through a circuit breaker. */
        private boolean enabled = true;

        /** The share of failed calls, in percent, that opens the circuit. */
        private float failureRateThreshold = 50;

        /** How long the circuit stays open before trying again. */
        private Duration waitInOpenState = Duration.ofSeconds(30);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public Duration getWaitInOpenState() {
            return waitInOpenState;
        }

        public void setWaitInOpenState(Duration waitInOpenState) {
            this.waitInOpenState = waitInOpenState;
        }
    }

    /** Incoming webhooks (Standard Webhooks signatures). */
    public static class Webhooks {

        /** The endpoint's signing secrets (whsec_...): the current one, and the previous one while a rotation overlaps. */
        private List<String> secrets = new ArrayList<>();

        /** How far a message's timestamp may be from now. */
        private Duration tolerance = Duration.ofMinutes(5);

        public List<String> getSecrets() {
            return secrets;
        }

        public void setSecrets(List<String> secrets) {
            this.secrets = secrets;
        }

        public Duration getTolerance() {
            return tolerance;
        }

        public void setTolerance(Duration tolerance) {
            this.tolerance = tolerance;
        }

        @Override
        public String toString() {
            return "Webhooks[secrets=<" + secrets.size() + " redacted>, tolerance=" + tolerance + "]";
        }
    }
}
