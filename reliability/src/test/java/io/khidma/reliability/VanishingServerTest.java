package io.khidma.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.http.RetryOptions;
import io.khidma.core.http.TransportOptions;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.problem.TransportException;
import io.khidma.examples.payments.TakeAPayment;
import io.khidma.payments.PaymentsClient;
import java.net.URI;
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
        try (var proxy = FaultyProxy.cuttingPosts(platform.replica(0).uri(), 1);
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
        try (var proxy = FaultyProxy.cuttingPosts(platform.replica(0).uri(), 1);
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
}
