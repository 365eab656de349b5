package io.khidma.benchmarks.payments;

import com.standardwebhooks.Webhook;
import io.khidma.core.events.WebhookMessage;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookSigner;
import io.khidma.core.events.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one signed webhook delivery (a 1 KiB {@code payment.captured} body): Khidma's {@link
 * WebhookVerifier} against the Standard Webhooks reference library's {@code Webhook.verify}, same
 * secret, same headers, same body. The delivery is signed at setup; the run stays well inside the
 * 5-minute timestamp tolerance both apply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class WebhookVerifierBenchmark {

    private byte[] body;
    private String payload;
    private Map<String, List<String>> headers;
    private WebhookVerifier khidma;
    private Webhook reference;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        var secret = WebhookSecret.generate();
        var items = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            items.append(i == 0 ? "" : ",")
                    .append(
                            "{\"agency_id\":\"rta\",\"service_code\":\"RTA-VEH-RENEW\",\"fee_code\":\"RENEW\",\"amount\":40000}");
        }
        payload = "{\"type\":\"payment.captured\",\"data\":{\"payment_id\":\"pay_01\",\"line_items\":[" + items + "]}}";
        body = payload.getBytes(StandardCharsets.UTF_8);
        headers = new HashMap<>();
        new WebhookSigner(List.of(secret))
                .headers("msg_2kQ9Zq0", Instant.now(), body)
                .forEach((name, value) -> headers.put(name, List.of(value)));
        khidma = WebhookVerifier.of(secret);
        reference = new Webhook(secret.encoded());
    }

    @Benchmark
    public WebhookMessage khidmaVerifier() {
        return khidma.verify(headers, body);
    }

    @Benchmark
    public String standardWebhooks() throws Exception {
        reference.verify(payload, headers);
        return payload;
    }
}
