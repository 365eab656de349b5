package io.khidma.core.identity.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.khidma.core.identity.SandboxIdentity;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Logs a test citizen in with a general OpenID Connect library (the Nimbus SDK, on its own HTTP
 * client) and no Khidma client code: discovery, PKCE, code exchange, ID token validation.
 */
class StandardClientLoginTest {

    @Test
    void aGenericOidcLibraryLogsATestCitizenIn() throws Exception {
        try (var identity = new SandboxIdentity()) {
            var metadata =
                    OIDCProviderMetadata.resolve(new com.nimbusds.oauth2.sdk.id.Issuer(identity.provider.issuer()));
            var clientId = new ClientID("rta-portal");
            var verifier = new CodeVerifier();
            var state = new State();
            var nonce = new Nonce();
            var authorize = new AuthenticationRequest.Builder(
                            ResponseType.CODE, new Scope("openid"), clientId, SandboxIdentity.CALLBACK)
                    .endpointURI(metadata.getAuthorizationEndpointURI())
                    .state(state)
                    .nonce(nonce)
                    .codeChallenge(verifier, CodeChallengeMethod.S256)
                    .loginHint(SandboxIdentity.OMAR.nationalId())
                    .build();

            var callback = AuthorizationResponse.parse(identity.browse(authorize.toURI()));
            assertThat(callback.getState()).isEqualTo(state);
            AuthorizationCode code = callback.toSuccessResponse().getAuthorizationCode();

            var tokenRequest = new TokenRequest.Builder(
                            metadata.getTokenEndpointURI(),
                            new ClientSecretBasic(clientId, new Secret(SandboxIdentity.PORTAL_SECRET)),
                            new AuthorizationCodeGrant(code, SandboxIdentity.CALLBACK, verifier))
                    .build();
            var response = (OIDCTokenResponse)
                    OIDCTokenResponseParser.parse(tokenRequest.toHTTPRequest().send())
                            .toSuccessResponse();

            var validator = new IDTokenValidator(
                    metadata.getIssuer(),
                    clientId,
                    JWSAlgorithm.ES256,
                    new URL(metadata.getJWKSetURI().toString()));
            var claims = validator.validate(response.getOIDCTokens().getIDToken(), nonce);
            assertThat(claims.getSubject().getValue()).isEqualTo(SandboxIdentity.OMAR.subject());
        }
    }
}
