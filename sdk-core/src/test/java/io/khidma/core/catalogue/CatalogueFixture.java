package io.khidma.core.catalogue;

import io.khidma.core.catalogue.model.Agency;
import io.khidma.core.catalogue.model.Channel;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.Cost;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.catalogue.server.CatalogueFeature;
import io.khidma.core.identity.SandboxIdentity;
import io.khidma.core.identity.TokenProvider;
import io.khidma.core.server.Database;
import io.khidma.core.testing.TestDatabases;
import io.khidma.core.text.Text;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** A real catalogue on the server kit, with the sandbox identity provider and four services of two of its three agencies. */
final class CatalogueFixture implements AutoCloseable {

    final Database database = TestDatabases.fresh().migrate("catalogue");
    final CatalogueFeature feature = new CatalogueFeature(database);
    final ContractRecorder contract = new ContractRecorder("/services", "/agencies", "/kpis", "/journeys");
    final SandboxIdentity identity = new SandboxIdentity(feature, contract);
    final TokenProvider rta = identity.tokensOf("rta-backend", "rta-backend-secret");
    final TokenProvider mohre = identity.tokensOf("mohre-backend", "mohre-backend-secret");

    CatalogueFixture() {
        feature.service()
                .saveAgency(new Agency(
                        "rta",
                        Text.of("هيئة الطرق والمواصلات", "Roads and Transport Authority"),
                        Agency.Level.LOCAL,
                        "Dubai"));
        feature.service()
                .saveAgency(new Agency(
                        "mohre",
                        Text.of("وزارة الموارد البشرية والتوطين", "Ministry of Human Resources and Emiratisation"),
                        Agency.Level.FEDERAL,
                        null));
        feature.service()
                .saveAgency(new Agency(
                        "dof", Text.of("دائرة المالية", "Department of Finance"), Agency.Level.LOCAL, "Dubai"));
        try (var asRta = client(rta);
                var asMohre = client(mohre)) {
            asRta.create(service(
                    "RTA-VEH-RENEW",
                    "rta",
                    "تجديد ترخيص المركبة",
                    "Vehicle registration renewal",
                    true,
                    "owning-a-vehicle",
                    ChannelType.MOBILE_APP,
                    ChannelType.KIOSK,
                    ChannelType.WEB));
            asRta.create(service(
                    "RTA-DL-RENEW",
                    "rta",
                    "تجديد رخصة القيادة",
                    "Driving licence renewal",
                    true,
                    "driving",
                    ChannelType.WEB,
                    ChannelType.SERVICE_CENTRE));
            asMohre.create(service(
                    "MOHRE-WP-ISSUE",
                    "mohre",
                    "إصدار تصريح عمل",
                    "Issue a work permit",
                    false,
                    "hiring",
                    ChannelType.SERVICE_CENTRE,
                    ChannelType.HOME_DELIVERY));
            asMohre.create(service(
                    "MOHRE-CONTRACT",
                    "mohre",
                    "توثيق عقد العمل",
                    "Employment contract attestation",
                    false,
                    "employment",
                    ChannelType.HOME_DELIVERY));
        }
    }

    CatalogueClient client(TokenProvider credentials) {
        return CatalogueClient.builder()
                .endpoint(identity.server.uri())
                .credentials(credentials)
                .transport(identity.transport)
                .build();
    }

    CatalogueClient anonymous() {
        return client(null);
    }

    static PublicService service(
            String code, String agency, String ar, String en, boolean digital, String event, ChannelType... channels) {
        return new PublicService(
                null,
                code,
                Text.of(ar, en),
                Text.of("خدمة " + ar, "The " + en + " service"),
                agency,
                List.of(),
                List.of(event),
                null,
                Arrays.stream(channels).map(Channel::of).toList(),
                List.of(new Cost("FEE", 10_000, "AED", Text.of("رسوم الخدمة", "Service fee"), null)),
                List.of(Text.of("هوية إماراتية سارية", "A valid Emirates ID")),
                List.of(Text.of("صورة الهوية", "A copy of the ID")),
                List.of(Text.of("شهادة", "A certificate")),
                Duration.ofDays(1),
                digital,
                null,
                null,
                null,
                null);
    }

    @Override
    public void close() {
        identity.close();
        database.close();
    }
}
