package io.khidma.benchmarks.payments;

import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.Payment;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Payments created per second through {@link PaymentsClient} against the in-process server kit on
 * an embedded PostgreSQL: each call is a full {@code POST /payments} of a three-fee basket of two
 * agencies, with a bearer token, an idempotency key stored in the database, fees priced from the
 * catalogue, and the payment, its line items and its first event written in one transaction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The server's JIT keeps improving for about 30 s of this load: a shorter warm-up measures that climb.
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class PaymentCreateBenchmark {

    private PaymentsBench bench;
    private PaymentsClient client;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bench = PaymentsBench.start(database -> {}, server -> {});
        client = bench.client();
    }

    @Benchmark
    @Threads(1)
    public Payment createOneAtATime() {
        return client.create(bench.basket);
    }

    @Benchmark
    @Threads(8)
    public Payment createEightAtATime() {
        return client.create(bench.basket);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        bench.close();
    }
}
