package io.khidma.core.identity;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.khidma.core.http.Transport;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a provider's JSON Web Key set is fetched (through the transport) and kept (by Nimbus'
 * {@link JWKSourceBuilder}): cached for {@code cacheTtl} and refreshed ahead of expiry in the
 * background; re-fetched at most every {@code refetchInterval} when a token names an unknown
 * {@code kid} (then rejected); served from the last good copy for {@code outageTolerance} while the
 * endpoint is down.
 *
 * @param cacheTtl how long a fetched key set is used before it is fetched again
 * @param refetchInterval the shortest time between two fetches caused by unknown key ids
 * @param outageTolerance how long the last good key set keeps working while the endpoint fails
 */
public record Jwks(Duration cacheTtl, Duration refetchInterval, Duration outageTolerance) {

    public Jwks {
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(refetchInterval, "refetchInterval");
        Objects.requireNonNull(outageTolerance, "outageTolerance");
        if (refetchInterval.compareTo(cacheTtl) >= 0) {
            throw new IllegalArgumentException("refetchInterval must be shorter than cacheTtl");
        }
    }

    /** 5 minutes cache, 30 s between re-fetches, 12 hours of outage tolerance. */
    public static Jwks defaults() {
        return new Jwks(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(12));
    }

    /** A key source for the key set at {@code jwksUri}. */
    public JWKSource<SecurityContext> source(URI jwksUri, Transport transport) {
        long ttl = cacheTtl.toMillis();
        // Nimbus requires refresh-ahead time + refresh timeout to fit in the time to live.
        long refreshTimeout = Math.min(15_000, ttl / 4);
        long refreshAhead = Math.min(30_000, ttl / 4);
        try {
            return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), ProviderHttp.retriever(transport))
                    .cache(ttl, refreshTimeout)
                    .refreshAheadCache(refreshAhead, true)
                    .rateLimited(refetchInterval.toMillis())
                    .outageTolerant(outageTolerance.toMillis())
                    // The transport already retries.
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + jwksUri, e);
        }
    }
}
