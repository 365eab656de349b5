package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.http.RetryOptions;
import io.khidma.core.http.TransportOptions;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.problem.TransportException;
import io.khidma.examples.payments.TakeAPayment;
import io.khidma.payments.PaymentsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server goes away in the middle of its response, after it has done the work: the client
 * must not take half a response for an answer, and a retry of the POST must find the payment the
 * first request created rather than create another.
 */
class VanishingServerTest {

    static Platform platform;
    static ClientCredentialsTokenProvider rta;

    @BeforeAll
    static void start() {
        platform = Platform.start(settings -> {
            settings.replicas = 1;
            settings.openData = false;
        });
        rta = platform.tokens(Platform.RTA, Platform.RTA_SECRET);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aResponseCutShortIsATransportExceptionAndTheRetryFindsThePaymentItMade() throws Exception {
        try (var proxy = new CuttingProxy(platform.replica(0).uri(), 1);
                var catalogue = platform.catalogue(0, rta);
                var payments = client(proxy.uri(), RetryOptions.none())) {
            assertThatThrownBy(() -> TakeAPayment.create(catalogue, payments, "VANISH-1"))
                    .isInstanceOf(TransportException.class);
            assertThat(platform.count("FROM payment WHERE reference = 'VANISH-1'"))
                    .as("the server did the work before it vanished")
                    .isEqualTo(1);

            var retried = TakeAPayment.create(catalogue, payments, "VANISH-1");

            assertThat(retried.reference()).isEqualTo("VANISH-1");
            assertThat(platform.count("FROM payment WHERE reference = 'VANISH-1'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theTransportRetriesACutResponseItselfWithTheSameKey() throws Exception {
        try (var proxy = new CuttingProxy(platform.replica(0).uri(), 1);
                var catalogue = platform.catalogue(0, rta);
                var payments = client(proxy.uri(), RetryOptions.defaults())) {
            var payment = TakeAPayment.create(catalogue, payments, "VANISH-2");

            assertThat(payment.reference()).isEqualTo("VANISH-2");
            assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
            assertThat(platform.count("FROM payment WHERE reference = 'VANISH-2'"))
                    .isEqualTo(1);
        }
    }

    private static PaymentsClient client(URI endpoint, RetryOptions retry) {
        return PaymentsClient.builder()
                .endpoint(endpoint)
                .credentials(rta)
                .options(TransportOptions.builder().retry(retry).build())
                .build();
    }

    /**
     * A TCP proxy in front of a server. The first {@code cuts} POSTs reach the server whole, but
     * only the first bytes of the server's answer reach the client before the connection drops.
     */
    static final class CuttingProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final URI target;
        private final AtomicInteger cutsLeft;
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;

        CuttingProxy(URI target, int cuts) throws IOException {
            this.target = target;
            this.cutsLeft = new AtomicInteger(cuts);
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.acceptor = new Thread(this::accept, "cutting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
        }

        int connections() {
            return connections.get();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    var client = listener.accept();
                    connections.incrementAndGet();
                    var upstream = new Socket(target.getHost(), target.getPort());
                    var first = new byte[4];
                    int read = client.getInputStream().readNBytes(first, 0, 4);
                    boolean cut = read == 4 && new String(first).equals("POST") && cutsLeft.getAndDecrement() > 0;
                    upstream.getOutputStream().write(first, 0, read);
                    pipe(client.getInputStream(), upstream.getOutputStream(), Long.MAX_VALUE, client, upstream);
                    pipe(
                            upstream.getInputStream(),
                            client.getOutputStream(),
                            cut ? 12 : Long.MAX_VALUE,
                            client,
                            upstream);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Copies {@code from} to {@code to} until the end or {@code limit} bytes, then closes both sockets. */
        private static void pipe(InputStream from, OutputStream to, long limit, Socket a, Socket b) {
            var thread = new Thread(() -> {
                var buffer = new byte[8192];
                long left = limit;
                try {
                    int n;
                    while (left > 0 && (n = from.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                        to.write(buffer, 0, n);
                        to.flush();
                        left -= n;
                    }
                } catch (IOException e) {
                    // the other side went away
                } finally {
                    closeQuietly(a);
                    closeQuietly(b);
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
