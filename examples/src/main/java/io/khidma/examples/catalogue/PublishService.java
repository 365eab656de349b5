package io.khidma.examples.catalogue;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.catalogue.model.Channel;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.http.Versioned;
import io.khidma.core.text.Text;
import io.khidma.examples.Examples;
import java.net.URI;
import java.time.Duration;

/**
 * User story: an agency publishes one of its services in the catalogue, in Arabic and English,
 * with its channels and fees, so citizens find it and unified payments can charge its fees.
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.catalogue.PublishService [sandbox-url]
 * </pre>
 *
 * Running it again updates the service instead of failing: it reads the published version with its
 * ETag and replaces exactly that one, so an edit made meanwhile by someone else is not overwritten
 * (the server answers 412 and the client throws {@code PreconditionFailedException}).
 */
public final class PublishService {

    private PublishService() {}

    /** The ministry's work permit renewal, as its service owner describes it. */
    public static PublicService workPermitRenewal() {
        return PublicService.builder("MOHRE-WP-RENEW", "mohre", Text.of("تجديد تصريح عمل", "Renew a work permit"))
                .description(Text.of(
                        "تجديد تصريح العمل للعاملين في منشآت القطاع الخاص عبر الموقع الإلكتروني أو التطبيق أو مراكز تسهيل",
                        "Renew a private-sector employee's work permit online, in the app or at a Tasheel centre"))
                .keywords("تسهيل", "Tasheel", "تصريح", "permit")
                .events("hiring")
                .channel(new Channel(ChannelType.WEB, URI.create("https://www.mohre.gov.ae/"), null, null, null, null))
                .channel(Channel.of(ChannelType.MOBILE_APP))
                .channel(new Channel(
                        ChannelType.SERVICE_CENTRE,
                        null,
                        null,
                        Text.of("مراكز تسهيل", "Tasheel centres"),
                        "Sun-Thu 07:30-20:00",
                        null))
                .fee("RENEW", 25_000, Text.of("رسوم التجديد (مبلغ تجريبي)", "Renewal fee (sample amount)"))
                .requirement(Text.of(
                        "تصريح عمل ساري أو منتهٍ منذ أقل من ستة أشهر",
                        "A permit valid or expired less than six months ago"))
                .evidence(Text.of("صورة جواز السفر", "A copy of the passport"))
                .output(Text.of("تصريح عمل مجدد", "A renewed work permit"))
                .processingTime(Duration.ofDays(1))
                .fullyDigital(true)
                .build();
    }

    /** Publishes {@code service}, or replaces the published version when its code is already in the catalogue. */
    public static Versioned<PublicService> publish(CatalogueClient catalogue, PublicService service) {
        var published = catalogue.search(ServiceSearch.all().withAgency(service.agencyId())).stream()
                .filter(existing -> existing.code().equals(service.code()))
                .findFirst();
        if (published.isEmpty()) {
            return catalogue.create(service);
        }
        return catalogue.replace(catalogue.read(published.get().id()), service);
    }

    public static void main(String[] args) {
        var sandbox = Examples.sandbox(args);
        try (var tokens = Examples.agencyTokens(sandbox, "mohre-tasheel");
                var catalogue = CatalogueClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build()) {
            var service = publish(catalogue, workPermitRenewal()).value();
            System.out.printf(
                    "Published %s: %s / %s%n  %s%n",
                    service.code(),
                    service.title().ar(),
                    service.title().en(),
                    sandbox.resolve("/services/" + service.id()));
        }
    }
}
