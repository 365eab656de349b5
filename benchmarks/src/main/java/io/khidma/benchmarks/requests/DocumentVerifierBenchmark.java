package io.khidma.benchmarks.requests;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.khidma.requests.DocumentVerifier;
import io.khidma.requests.VerifiedDocument;
import java.security.MessageDigest;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Offline verification of an issued document, a 20 KiB PDF and its ES256 signature in the shape
 * the platform issues: {@link DocumentVerifier} (parse, find the key, check the signature, the
 * type, the expiry, and the file's SHA-256 in constant time) against bare Nimbus on the same JWS
 * and file (parse, verify with a ready {@code ECDSAVerifier}, compare the digest).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DocumentVerifierBenchmark {

    private byte[] file;
    private String signature;
    private DocumentVerifier verifier;
    private ECDSAVerifier bare;

    @Setup
    public void setUp() throws Exception {
        file = new byte[20 * 1024];
        new Random(7).nextBytes(file);
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, file, 0, 9);
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("doc-bench").generate();
        var claims = new JWTClaimsSet.Builder()
                .issuer("https://khidma.example.ae/")
                .jwtID("K7Q2M-9XD3F")
                .issueTime(new Date())
                .claim(DocumentVerifier.AGENCY, "mohre")
                .claim(DocumentVerifier.DOCUMENT_TYPE, "work-contract-attestation")
                .claim(DocumentVerifier.TITLE, Map.of("ar", "عقد عمل موثق", "en", "Attested work contract"))
                .claim(DocumentVerifier.HOLDER_NAME, "Hamad Saeed Al Ketbi")
                .claim(DocumentVerifier.REQUEST, "MOHRE-2026-000002")
                .claim(DocumentVerifier.SHA256, DocumentVerifier.digest(file))
                .claim(DocumentVerifier.MEDIA_TYPE, "application/pdf")
                .build();
        var jws = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(DocumentVerifier.TYPE)
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        jws.sign(new ECDSASigner(key));
        signature = jws.serialize();
        verifier = DocumentVerifier.of(new JWKSet(key.toPublicJWK()));
        bare = new ECDSAVerifier(key.toPublicJWK());
    }

    @Benchmark
    public VerifiedDocument documentVerifier() {
        return verifier.verify(file, signature);
    }

    @Benchmark
    public boolean bareNimbus() throws Exception {
        var jws = SignedJWT.parse(signature);
        if (!jws.verify(bare)) {
            throw new IllegalStateException("does not verify");
        }
        var expected = HexFormat.of().parseHex(jws.getJWTClaimsSet().getStringClaim(DocumentVerifier.SHA256));
        return MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(file), expected);
    }
}
