package io.khidma.examples.agencies;

import static io.khidma.examples.Examples.money;

import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.examples.Examples;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.SettlementReport;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * User story: one agency's system calls another agency's API as itself, with no citizen involved.
 *
 * <p>The roads authority's finance job reconciles the day's takings with the unified payments
 * platform, which the Department of Finance runs. It authenticates as the roads authority with the
 * OAuth 2.0 client credentials grant and asks only for the scope it needs ({@code payments:read}).
 * {@link ClientCredentialsTokenProvider} caches the token and renews it shortly before it expires;
 * every request carries it. The platform answers with the roads authority's own settlement only.
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.agencies.CallAnotherAgency [sandbox-url]
 * </pre>
 *
 * In production, authenticate with a private key ({@link ClientAuthentication#privateKeyJwt}) rather
 * than a shared secret, and point the token endpoint at the national identity provider.
 */
public final class CallAnotherAgency {

    private CallAnotherAgency() {}

    /** Tokens for the roads authority's backend, limited to reading payments. */
    public static ClientCredentialsTokenProvider roadsAuthorityTokens(URI sandbox) {
        return ClientCredentialsTokenProvider.builder()
                .tokenEndpoint(sandbox.resolve("/identity/token"))
                .clientAuthentication(ClientAuthentication.secretBasic("rta-portal", "rta-portal-sandbox-secret"))
                .scopes("payments:read")
                .build();
    }

    /** Today's settlement, in the platform's time zone (Asia/Dubai). */
    public static SettlementReport todaysSettlement(URI sandbox) {
        try (var tokens = roadsAuthorityTokens(sandbox);
                var payments = PaymentsClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build()) {
            return payments.settlementReport(LocalDate.now(ZoneId.of("Asia/Dubai")));
        }
    }

    public static void main(String[] args) {
        var report = todaysSettlement(Examples.sandbox(args));
        System.out.printf(
                "Settlement for %s: captured %s, refunded %s, net %s%n",
                report.date(), money(report.captured()), money(report.refunded()), money(report.net()));
        for (var row : report.rows()) {
            System.out.printf("  %s  %d payments, net %s%n", row.agencyId(), row.count(), money(row.net()));
        }
    }
}
