package io.khidma.core.identity;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.Transport;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an OpenID Connect provider's endpoints are: read from its discovery document, or given
 * explicitly for providers without one.
 *
 * @param issuer the issuer identifier, exactly as the provider's tokens carry it in {@code iss}
 * @param authorizationEndpoint where the citizen's browser is sent to log in
 * @param tokenEndpoint where codes, refresh tokens and client credentials become tokens
 * @param userInfoEndpoint where an access token buys the citizen's claims
 * @param jwksUri the provider's public signing keys
 * @param endSessionEndpoint RP-initiated logout, when the provider offers it
 */
public record OidcProvider(
        URI issuer,
        URI authorizationEndpoint,
        URI tokenEndpoint,
        URI userInfoEndpoint,
        URI jwksUri,
        URI endSessionEndpoint) {

    public OidcProvider {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(jwksUri, "jwksUri");
    }

    /**
     * Reads {@code <issuer>/.well-known/openid-configuration} and checks that the document names
     * the same issuer (OpenID Connect Discovery 1.0, section 4.3).
     */
    public static OidcProvider discover(URI issuer, Transport transport) {
        var base = issuer.toString().endsWith("/") ? issuer.toString() : issuer + "/";
        var document = transport
                .send(ApiRequest.get(URI.create(base + ".well-known/openid-configuration"))
                        .build())
                .bodyAsString();
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(document);
        } catch (ParseException e) {
            throw new LoginException("invalid-discovery", "the discovery document of " + issuer + " does not parse", e);
        }
        if (!metadata.getIssuer().getValue().equals(issuer.toString())) {
            throw new LoginException(
                    "issuer-mismatch",
                    "discovery at " + issuer + " names issuer "
                            + metadata.getIssuer().getValue());
        }
        return new OidcProvider(
                issuer,
                metadata.getAuthorizationEndpointURI(),
                metadata.getTokenEndpointURI(),
                metadata.getUserInfoEndpointURI(),
                metadata.getJWKSetURI(),
                metadata.getEndSessionEndpointURI());
    }

    public Optional<URI> endSession() {
        return Optional.ofNullable(endSessionEndpoint);
    }
}
