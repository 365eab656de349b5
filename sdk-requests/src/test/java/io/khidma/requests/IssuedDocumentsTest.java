package io.khidma.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.problem.ConflictException;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.core.text.Text;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.DocumentStatus;
import io.khidma.requests.model.NewIssuedDocument;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.Transition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Verifiable issued documents end to end: an agency issues a PDF and a licence as data on a request,
 * anyone verifies them offline with {@link DocumentVerifier} and the published keys, a changed byte
 * or a forged signature fails, a revocation shows at the server, keys of several replicas verify.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssuedDocumentsTest {

    private RequestsFixture fixture;
    private TokenProvider fatima;
    private RequestsClient mohre;

    @BeforeAll
    void start() {
        fixture = new RequestsFixture();
        fatima = fixture.citizen(SandboxIdentity.FATIMA);
        mohre = fixture.client(fixture.mohre);
    }

    @AfterAll
    void stop() {
        mohre.close();
        fixture.close();
    }

    @Test
    void anIssuedPdfVerifiesOfflineAndAChangedByteOrAForgedSignatureDoesNot() {
        try (var citizen = fixture.client(fatima)) {
            var number = approvedRequest(citizen);
            var pdf = (new String(RequestsFixture.PDF) + "attested contract MC-1\n").getBytes();
            var file = mohre.uploadFor(SandboxIdentity.FATIMA.subject(), pdf, "application/pdf", "attestation.pdf");
            var issued = mohre.issueDocument(
                    number,
                    new NewIssuedDocument(
                            "work-contract-attestation",
                            Text.of("توثيق عقد عمل", "Work contract attestation"),
                            "Fatima Al Hashimi",
                            file.id(),
                            null,
                            Instant.now().plus(Duration.ofDays(365))));
            assertThat(issued.code()).matches("[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}");
            assertThat(issued.status()).isEqualTo(DocumentStatus.VALID);
            assertThat(issued.sha256()).isEqualTo(file.sha256());
            mohre.complete(number, new Completion(RequestsFixture.json("{}"), null, "attested at home"));

            var keys = citizen.documentKeys();
            var verifier = DocumentVerifier.of(keys);
            var verified = verifier.verify(citizen.download(file.id()), issued.signature());
            assertThat(verified.code()).isEqualTo(issued.code());
            assertThat(verified.agencyId()).isEqualTo("mohre");
            assertThat(verified.holderName()).isEqualTo("Fatima Al Hashimi");
            assertThat(verified.requestNumber()).isEqualTo(number);
            assertThat(verified.title().en()).isEqualTo("Work contract attestation");

            var changed = pdf.clone();
            changed[changed.length - 2] ^= 1;
            assertThatThrownBy(() -> verifier.verify(changed, issued.signature()))
                    .isInstanceOf(InvalidDocumentException.class)
                    .extracting(e -> ((InvalidDocumentException) e).reason())
                    .isEqualTo(InvalidDocumentException.Reason.DIGEST_MISMATCH);

            var parts = issued.signature().split("\\.");
            var payload =
                    new String(Base64.getUrlDecoder().decode(parts[1])).replace("Fatima Al Hashimi", "Someone Else");
            var forged = parts[0] + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
            assertThatThrownBy(() -> verifier.verify(pdf, forged))
                    .isInstanceOf(InvalidDocumentException.class)
                    .extracting(e -> ((InvalidDocumentException) e).reason())
                    .isEqualTo(InvalidDocumentException.Reason.BAD_SIGNATURE);

            assertThatThrownBy(() -> DocumentVerifier.of(new JWKSet()).verify(pdf, issued.signature()))
                    .extracting(e -> ((InvalidDocumentException) e).reason())
                    .isEqualTo(InvalidDocumentException.Reason.UNKNOWN_KEY);
            var nextYear = Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC);
            assertThatThrownBy(() -> DocumentVerifier.of(keys, nextYear).verify(pdf, issued.signature()))
                    .extracting(e -> ((InvalidDocumentException) e).reason())
                    .isEqualTo(InvalidDocumentException.Reason.EXPIRED);

            assertThat(citizen.get(number).timeline())
                    .anyMatch(e ->
                            e.type().equals("document_issued") && issued.code().equals(e.note()));
        }
    }

    @Test
    void aLicenceAsDataVerifiesFromItsSignatureAloneAndARevocationShowsAtTheServer() throws Exception {
        try (var citizen = fixture.client(fatima)) {
            var number = approvedRequest(citizen);
            var issued = mohre.issueDocument(
                    number,
                    new NewIssuedDocument(
                            "domestic-worker-licence",
                            Text.of("ترخيص", "Licence"),
                            "Fatima Al Hashimi",
                            null,
                            RequestsFixture.json("{\"licence_number\": \"MOHRE-L-778\", \"workers\": 2}"),
                            null));
            var verified = DocumentVerifier.of(citizen.documentKeys()).verify(issued.signature());
            assertThat(verified.data().get("licence_number").asText()).isEqualTo("MOHRE-L-778");
            assertThat(verified.sha256()).isNull();

            try (var anyone = RequestsClient.builder()
                    .endpoint(fixture.server.uri())
                    .transport(fixture.transport)
                    .build()) {
                var online = anyone.verifyDocument(issued.code());
                assertThat(online.status()).isEqualTo(DocumentStatus.VALID);
                assertThat(online.holder()).as("not shown to the public").isNull();

                try (var rta = fixture.client(fixture.rta)) {
                    assertThatThrownBy(() -> rta.revokeDocument(issued.code(), "not ours"))
                            .isInstanceOf(ForbiddenException.class);
                }
                mohre.revokeDocument(issued.code(), "issued in error");
                var revoked = anyone.verifyDocument(issued.code());
                assertThat(revoked.status()).isEqualTo(DocumentStatus.REVOKED);
                assertThat(revoked.revocationReason()).isEqualTo("issued in error");
                assertThatThrownBy(() -> mohre.revokeDocument(issued.code(), "again"))
                        .isInstanceOf(ConflictException.class);
            }

            var receipt = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(issued.receiptUrl() + "?lang=en"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(receipt.statusCode()).isEqualTo(200);
            assertThat(receipt.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
            assertThat(receipt.body())
                    .contains("Revoked document", issued.code(), "issued in error", "<svg", "aria-label=\"QR code");
        }
    }

    @Test
    void documentsSignedOnEitherReplicaVerifyWithThePublishedKeys() {
        var second = fixture.replica();
        try (var citizen = fixture.client(fatima);
                var mohreOnSecond = fixture.client(second, fixture.mohre)) {
            var first = issueData(mohre, approvedRequest(citizen));
            var other = issueData(mohreOnSecond, approvedRequest(citizen));
            var keys = citizen.documentKeys();
            assertThat(keys.getKeys()).as("every replica's key is published").hasSizeGreaterThanOrEqualTo(2);
            var verifier = DocumentVerifier.of(keys);
            assertThat(verifier.verify(first.signature()).keyId())
                    .isNotEqualTo(verifier.verify(other.signature()).keyId());
        }
    }

    private static io.khidma.requests.model.IssuedDocument issueData(RequestsClient agency, String number) {
        return agency.issueDocument(
                number,
                new NewIssuedDocument(
                        "attestation",
                        Text.of("توثيق", "Attestation"),
                        "Fatima",
                        null,
                        RequestsFixture.json("{}"),
                        null));
    }

    private String approvedRequest(RequestsClient citizen) {
        var number = citizen.submit(NewServiceRequest.of(
                        fixture.homeService, RequestsFixture.json("{\"contract_number\": \"MC-9\"}")))
                .number();
        mohre.transition(number, Transition.to(RequestStatus.IN_REVIEW));
        mohre.transition(number, Transition.to(RequestStatus.APPROVED));
        return number;
    }
}
