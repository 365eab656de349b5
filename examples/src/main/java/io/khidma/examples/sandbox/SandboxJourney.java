package io.khidma.examples.sandbox;

import static io.khidma.examples.Examples.money;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.catalogue.model.KpiQuery;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.events.WebhookSecret;
import io.khidma.core.events.WebhookVerifier;
import io.khidma.core.events.WebhooksClient;
import io.khidma.core.events.model.NewWebhookEndpoint;
import io.khidma.core.events.model.WebhookEventType;
import io.khidma.core.identity.AuthorizationOptions;
import io.khidma.core.identity.ClientAuthentication;
import io.khidma.core.identity.ClientCredentialsTokenProvider;
import io.khidma.core.identity.OidcClient;
import io.khidma.core.identity.ProfileMapping;
import io.khidma.core.json.KhidmaJson;
import io.khidma.core.problem.ConflictException;
import io.khidma.examples.Examples;
import io.khidma.examples.requests.ApplyForABusiness;
import io.khidma.examples.requests.WorkTheInbox;
import io.khidma.examples.webhooks.ReceiveWebhooks;
import io.khidma.opendata.DatasetQuery;
import io.khidma.opendata.DownloadFormat;
import io.khidma.opendata.OpenDataClient;
import io.khidma.opendata.ProgressListener;
import io.khidma.opendata.RowQuery;
import io.khidma.opendata.model.DatasetVersion;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.provider.SandboxProvider;
import io.khidma.requests.DocumentVerifier;
import io.khidma.requests.InboxQuery;
import io.khidma.requests.RequestsClient;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.FieldResource;
import io.khidma.requests.model.InfoRequest;
import io.khidma.requests.model.InfoResponse;
import io.khidma.requests.model.NewIssuedDocument;
import io.khidma.requests.model.NewServiceRequest;
import io.khidma.requests.model.NewVisit;
import io.khidma.requests.model.Place;
import io.khidma.requests.model.PriorityGroup;
import io.khidma.requests.model.RequestRating;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.TimelineEntry;
import io.khidma.requests.model.Transition;
import io.khidma.requests.model.Visit;
import io.khidma.requests.model.VisitRating;
import io.khidma.requests.model.VisitStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The demo journey, run over HTTP against a running sandbox with the public SDK clients, as an
 * agency developer would: a citizen logs in, finds a service in Arabic, pays a basket of two
 * agencies' fees on the hosted page with a test card, gets the bilingual receipt, and the agency's
 * webhook endpoint receives the verified {@code payment.captured} event; then the agency publishes
 * a new version of a dataset, and a third party finds it in Arabic, queries it and downloads it
 * with the row count matching; an elderly citizen has a service brought home (Tawseel), with
 * a signed document that verifies offline. Each step prints what it
 * did, in Arabic and English; {@link #run()} says whether every step succeeded.
 */
public final class SandboxJourney {

    /** A step that did not do what it should. */
    static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    static final URI PORTAL_CALLBACK = URI.create("http://127.0.0.1:3000/callback");

    private final URI sandbox;
    private final PrintStream out;
    private final SandboxBrowser browser = new SandboxBrowser();
    private int step;

    public SandboxJourney(URI sandbox, PrintStream out) {
        this.sandbox = sandbox;
        this.out = out;
    }

    /** Runs every step; true when all succeeded. Stops at the first failure, saying which and why. */
    public boolean run() {
        out.println();
        out.println("Demo journey  |  رحلة تجريبية");
        try (var receiver = ReceiveWebhooks.listen(0, delivery -> {});
                var agencyTokens = Examples.agencyTokens(sandbox, "rta-portal");
                var oidc = OidcClient.builder()
                        .issuer(sandbox.resolve("/identity"))
                        .clientAuthentication(
                                ClientAuthentication.secretBasic("rta-portal", "rta-portal-sandbox-secret"))
                        .redirectUri(PORTAL_CALLBACK)
                        .profileMapping(ProfileMapping.uaePass())
                        .build();
                var catalogue = CatalogueClient.builder().endpoint(sandbox).build();
                var agencyWebhooks = WebhooksClient.builder()
                        .endpoint(sandbox)
                        .credentials(agencyTokens)
                        .build()) {

            var login = oidc.authorizationRequest(AuthorizationOptions.defaults()
                    .withLoginHint("citizen-fatima")
                    .withUiLocales("ar", "en"));
            var tokens = oidc.completeLogin(browser.redirectOf(login.uri()), login);
            var citizen = oidc.userInfo(tokens);
            done(
                    "سجّلت المواطنة الدخول عبر مزوّد الهوية التجريبي",
                    "A citizen logged in through the sandbox identity provider (OpenID Connect, PKCE)",
                    citizen.name().ar() + " / " + citizen.name().en() + ", " + citizen.levelOfAssurance());

            var query = "تجديد ترخيص المركبه";
            var renewal = first(catalogue.search(ServiceSearch.text(query)), "RTA-VEH-RENEW", query);
            var permit = first(catalogue.search(ServiceSearch.text("تصريح عمل")), "MOHRE-WP-ISSUE", "تصريح عمل");
            var typo = "تصاريج العمل";
            var corrected = catalogue.firstPage(ServiceSearch.text(typo));
            if (corrected.didYouMean() == null || corrected.items().isEmpty()) {
                throw new StepFailed("searching \"" + typo + "\" offered no correction");
            }
            done(
                    "بحثت في دليل الخدمات بالعربية (بتهجئة مختلفة) ووجدت الخدمة",
                    "Searched the catalogue in Arabic with a spelling variant and found the service",
                    "\"" + query + "\" → " + renewal.title().ar() + " / "
                            + renewal.title().en() + "; \"" + typo + "\" → هل تقصد / did you mean \""
                            + corrected.didYouMean() + "\"");

            var endpoint =
                    agencyWebhooks.create(NewWebhookEndpoint.of(receiver.uri(), WebhookEventType.PAYMENT_CAPTURED));
            receiver.verifyWith(WebhookVerifier.of(WebhookSecret.parse(endpoint.secret())));
            done(
                    "سجّلت هيئة الطرق والمواصلات عنوان إشعارات لاستلام الدفعات",
                    "The roads authority registered a webhook endpoint for captured payments",
                    endpoint.url().toString());

            try (var asCitizen = PaymentsClient.builder()
                    .endpoint(sandbox)
                    .credentials(tokens::accessToken)
                    .build()) {
                var payment = asCitizen.create(NewPayment.of(
                                "DEMO-"
                                        + Long.toString(System.currentTimeMillis(), 36)
                                                .toUpperCase(Locale.ROOT),
                                URI.create("http://127.0.0.1:3000/paid"),
                                LineItemRequest.of(renewal.id(), "RENEW"),
                                LineItemRequest.of(renewal.id(), "KNOWLEDGE"),
                                LineItemRequest.of(permit.id(), "ISSUE"))
                        .withDescription("Vehicle renewal and work permit"));
                done(
                        "أنشأت سلة رسوم من جهتين: "
                                + payment.lineItems().stream()
                                        .map(item -> item.agencyName().ar())
                                        .distinct()
                                        .collect(Collectors.joining(" و")),
                        "Created one payment for a basket of fees from two agencies",
                        money(payment.amount()) + ", " + payment.lineItems().size() + " line items");

                var redirect = browser.payOnHostedPage(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
                var paid = asCitizen.get(payment.id());
                if (paid.status() != PaymentStatus.CAPTURED) {
                    throw new StepFailed("the payment is " + paid.status() + ", not CAPTURED");
                }
                done(
                        "دفعت المواطنة في صفحة الدفع ببطاقة تجريبية",
                        "The citizen paid on the hosted payment page with a test card",
                        "4242 4242 4242 4242 → " + paid.status() + ", back to " + redirect);

                var receipt = asCitizen.receipt(payment.id());
                var perAgency = receipt.agencies().stream()
                        .map(a -> a.agencyName().ar() + " " + money(a.subtotal()))
                        .collect(Collectors.joining("، "));
                done(
                        "استلمت المواطنة إيصالاً ثنائي اللغة رقم " + receipt.receiptNumber(),
                        "The citizen got the bilingual receipt " + receipt.receiptNumber(),
                        perAgency);

                var delivery = receiver.await(WebhookEventType.PAYMENT_CAPTURED, payment.id(), Duration.ofSeconds(20));
                done(
                        "استلمت الهيئة إشعار الدفع وتحققت من توقيعه",
                        "The agency's endpoint received payment.captured and verified its signature",
                        "webhook-id " + delivery.webhookId());
            }
            businessJourney(tokens::accessToken);
            homeVisit();
            openData(agencyTokens);
            out.println("All steps succeeded  |  نجحت جميع الخطوات");
            return true;
        } catch (RuntimeException e) {
            out.println("  ✗ step " + (step + 1) + " failed  |  فشلت الخطوة: " + e.getMessage());
            return false;
        }
    }

    /**
     * Service requests: the citizen applies once to start a business, pays every agency's fee in one
     * basket, six agencies deliver their steps from their inboxes in dependency order (one asks for
     * more information, which the citizen gives), the citizen follows one timeline and rates the
     * licence, and the catalogue counts the rating as verified.
     */
    private void businessJourney(io.khidma.core.identity.TokenProvider citizenTokens) {
        try (var citizen = RequestsClient.builder()
                .endpoint(sandbox)
                .credentials(citizenTokens)
                .build()) {
            var application =
                    ApplyForABusiness.apply(citizen, "Al Noor General Trading " + (System.nanoTime() % 100_000));
            done(
                    "قدّمت المواطنة طلباً واحداً لبدء نشاط تجاري لدى ست جهات",
                    "The citizen applied once to start a business with six agencies",
                    application.number() + ": "
                            + application.steps().stream()
                                    .map(s -> s.agencyId() + " " + s.status())
                                    .collect(Collectors.joining(", ")));

            browser.payOnHostedPage(application.payment().nextUrl(), SandboxProvider.SUCCESS_CARD);
            var first = application.steps().get(0).requestNumber();
            waitUntil(() -> !citizen.get(first).awaitingPayment(), "the basket's payment to reach the request");
            done(
                    "دفعت رسوم جميع الجهات في سلة واحدة",
                    "Paid every agency's submission fee in one basket",
                    money(application.payment().amount()));

            boolean askedOnce = false;
            var delivered = new ArrayList<String>();
            for (int round = 0;
                    round < 10 && delivered.size() < application.steps().size();
                    round++) {
                for (var agency : ApplyForABusiness.AGENCIES) {
                    try (var tokens = Examples.agencyTokens(sandbox, agency + "-back-office");
                            var inbox = RequestsClient.builder()
                                    .endpoint(sandbox)
                                    .credentials(tokens)
                                    .build()) {
                        var ours = inbox.inbox(InboxQuery.all()).stream()
                                .filter(r -> application.number().equals(r.journeyNumber()))
                                .toList();
                        for (var request : ours) {
                            if (!askedOnce && request.serviceCode().equals("DET-INITIAL-APPROVAL")) {
                                inbox.transition(request.number(), Transition.to(RequestStatus.IN_REVIEW));
                                inbox.requestInformation(
                                        request.number(),
                                        new InfoRequest(
                                                "يرجى تأكيد رقم هوية المالك / Please confirm the owner's Emirates ID",
                                                List.of("owner_emirates_id"),
                                                null));
                                citizen.respond(
                                        request.number(),
                                        new InfoResponse(
                                                KhidmaJson.mapper()
                                                        .createObjectNode()
                                                        .put("owner_emirates_id", "784-1990-1234567-1"),
                                                null,
                                                "confirmed"));
                                askedOnce = true;
                                done(
                                        "طلبت دائرة الاقتصاد معلومات إضافية وأجابت المواطنة",
                                        "The economy department asked for more information and the citizen answered",
                                        request.number());
                                request = inbox.get(request.number());
                            }
                            WorkTheInbox.deliver(inbox, request, agency + "-officer-1");
                            delivered.add(agency + ":" + request.number());
                        }
                    }
                }
            }
            var finished = citizen.journeyApplication(application.number());
            if (!finished.status().equals("COMPLETED")) {
                throw new StepFailed("the journey is " + finished.status() + " after " + delivered);
            }
            done(
                    "أنجزت كل جهة خطوتها من صندوقها بترتيب الاعتماديات",
                    "Each agency delivered its step from its inbox, in dependency order",
                    String.join(", ", delivered));

            var agencies = finished.timeline().stream()
                    .map(TimelineEntry::agencyId)
                    .distinct()
                    .count();
            done(
                    "تابعت المواطنة جدولاً زمنياً واحداً لكل الجهات",
                    "The citizen followed one timeline across the agencies",
                    finished.timeline().size() + " entries from " + agencies + " agencies, last: "
                            + finished.timeline()
                                    .get(finished.timeline().size() - 1)
                                    .summary());

            var licence = finished.steps().stream()
                    .filter(s -> s.key().equals("licence"))
                    .findFirst()
                    .orElseThrow();
            var rated = citizen.rate(licence.requestNumber(), new RequestRating(5, "خدمة سريعة / quick service"));
            try (var catalogue = CatalogueClient.builder().endpoint(sandbox).build()) {
                var service = catalogue.get(rated.serviceId());
                done(
                        "قيّمت المواطنة الرخصة وأُحتسب التقييم موثقاً في الدليل",
                        "The citizen rated the licence; the catalogue counts it as a verified rating",
                        service.rating().verified() + " verified of "
                                + service.rating().count() + " ratings");
            }
        }
    }

    /**
     * Services on demand (Tawseel): an elderly citizen applies for a work-contract attestation at
     * home and books a place held for the elderly; the ministry dispatches a consultant and a
     * vehicle whose device moves the visit on; the ministry issues the attested contract with the
     * platform's signature, which verifies offline; the citizen rates the visit; the transaction
     * KPIs count it.
     */
    private void homeVisit() {
        try (var hamad = RequestsClient.builder()
                        .endpoint(sandbox)
                        .credentials(Examples.citizenTokens(sandbox, "citizen-hamad"))
                        .build();
                var ministryTokens = Examples.agencyTokens(sandbox, "mohre-back-office");
                var ministry = RequestsClient.builder()
                        .endpoint(sandbox)
                        .credentials(ministryTokens)
                        .build();
                var catalogue = CatalogueClient.builder().endpoint(sandbox).build()) {
            var service = catalogue.search(ServiceSearch.text("توصيل عقد العمل")).stream()
                    .filter(s -> s.code().equals(SandboxRequests.TAWSEEL))
                    .findFirst()
                    .orElseThrow(
                            () -> new StepFailed("searching \"توصيل عقد العمل\" did not find the Tawseel service"));
            var request = hamad.submit(NewServiceRequest.of(
                    service.id(),
                    KhidmaJson.mapper()
                            .createObjectNode()
                            .put("contract_number", "MC-" + (20_000 + System.nanoTime() % 10_000))
                            .put("employer_name", "Al Noor General Trading")));
            var slot = hamad.slots(SandboxRequests.TAWSEEL, "dubai-al-barsha", null, null).items().stream()
                    .filter(s ->
                            s.priorityAvailable() > 0 && s.priorityReleaseAt().isAfter(java.time.Instant.now()))
                    .findFirst()
                    .orElseThrow(() -> new StepFailed("no Tawseel slot with a place for the elderly this week"));
            var visit = hamad.bookVisit(
                    request.number(),
                    new NewVisit(
                            slot.id(),
                            new Place(
                                    "فيلا 12، شارع 5، البرشاء 2 / Villa 12, Street 5", "Al Barsha 2", 25.1122, 55.2001),
                            "+971500000004",
                            PriorityGroup.ELDERLY,
                            "ar"));
            var invitation = hamad.invitation(visit.id(), "ar");
            done(
                    "حجز مواطن من كبار السن زيارة منزلية في موعد محجوز لكبار السن وأصحاب الهمم",
                    "An elderly citizen booked a home visit in a place held for the elderly and people of determination",
                    request.number() + ", " + slot.startsAt() + " (" + slot.priorityCapacity() + " held until "
                            + slot.priorityReleaseAt() + "), invitation "
                            + invitation
                                    .lines()
                                    .filter(l -> l.startsWith("UID:"))
                                    .findFirst()
                                    .orElse("?"));

            var dispatched = dispatch(ministry, visit.id());
            for (var status : List.of(VisitStatus.EN_ROUTE, VisitStatus.ON_SITE, VisitStatus.DONE)) {
                ministry.updateVisit(visit.id(), status, null);
            }
            done(
                    "أرسلت الوزارة مستشاراً ومركبة، وحدّث جهاز المستشار حالة الزيارة حتى إنجازها",
                    "The ministry dispatched a consultant and a vehicle; the consultant's device moved the visit to DONE",
                    dispatched.consultant() + ", " + dispatched.vehicle());

            ministry.transition(request.number(), Transition.to(RequestStatus.IN_REVIEW));
            ministry.transition(request.number(), Transition.to(RequestStatus.APPROVED));
            var pdf = ("%PDF-1.7\n% attested work contract " + request.number() + "\n%%EOF\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            var file = ministry.uploadFor("citizen-hamad", pdf, "application/pdf", "attested-contract.pdf");
            var issued = ministry.issueDocument(
                    request.number(),
                    new NewIssuedDocument(
                            "work-contract-attestation",
                            io.khidma.core.text.Text.of("عقد عمل موثق", "Attested work contract"),
                            "Hamad Saeed Al Ketbi",
                            file.id(),
                            null,
                            null));
            ministry.complete(
                    request.number(), new Completion(KhidmaJson.mapper().createObjectNode(), null, null));
            var verified =
                    DocumentVerifier.of(hamad.documentKeys()).verify(hamad.download(file.id()), issued.signature());
            done(
                    "أصدرت الوزارة العقد الموثق رقمياً، وتحقق منه المواطن دون اتصال بالخادم",
                    "The ministry issued the attested contract, signed; it verifies offline",
                    "code " + verified.code() + ", " + issued.verificationUrl());

            hamad.rateVisit(visit.id(), new VisitRating(5, 5, "شكراً للمستشارة / thank you"));
            var today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Dubai"));
            var kpis = catalogue.transactionKpis(
                    KpiQuery.monthly(today, today.plusDays(1)).forService(SandboxRequests.TAWSEEL));
            if (kpis.total().completed() < 1 || kpis.total().verifiedRatings() < 1) {
                throw new StepFailed("the transaction KPIs do not count the visit: " + kpis.total());
            }
            done(
                    "قيّم المواطن الزيارة، واحتسبتها مؤشرات الأداء من المعاملات الفعلية",
                    "The citizen rated the visit; the transaction KPIs, computed from real requests, count it",
                    kpis.total().transactions() + " requests today, "
                            + kpis.total().completed() + " completed, "
                            + kpis.total().verifiedRatings() + " verified ratings");
        }
    }

    /** Dispatches the first consultant and vehicle free at the visit's time. */
    private static Visit dispatch(RequestsClient ministry, UUID visit) {
        var resources = ministry.fieldResources().items();
        for (var consultant : resources) {
            for (var vehicle : resources) {
                if (consultant.kind() != FieldResource.Kind.CONSULTANT
                        || vehicle.kind() != FieldResource.Kind.VEHICLE) {
                    continue;
                }
                try {
                    return ministry.dispatch(visit, consultant.id(), vehicle.id());
                } catch (ConflictException busyOrOffDuty) {
                    // The next pair.
                }
            }
        }
        throw new StepFailed("no consultant and vehicle are free at the visit's time");
    }

    /** Checks {@code condition} every 100 ms on a scheduler until it holds, for at most 20 s. */
    private static void waitUntil(BooleanSupplier condition, String what) {
        var met = new CompletableFuture<Void>();
        var poller = Executors.newSingleThreadScheduledExecutor();
        try {
            poller.scheduleWithFixedDelay(
                    () -> {
                        try {
                            if (condition.getAsBoolean()) {
                                met.complete(null);
                            }
                        } catch (RuntimeException e) {
                            met.completeExceptionally(e);
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            met.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new StepFailed("timed out waiting for " + what);
        } catch (ExecutionException e) {
            throw new StepFailed(
                    "failed waiting for " + what + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted waiting for " + what);
        } finally {
            poller.shutdownNow();
        }
    }

    /**
     * Open data: the roads authority publishes a new version of its kiosks dataset, then a third
     * party, anonymously, finds it by an Arabic search, queries rows and downloads it, and the
     * downloaded rows are as many as the version holds.
     */
    private void openData(ClientCredentialsTokenProvider agencyTokens) {
        try (var publisher = OpenDataClient.builder()
                        .endpoint(sandbox)
                        .credentials(agencyTokens)
                        .build();
                var consumer = OpenDataClient.builder().endpoint(sandbox).build()) {
            var kiosks = publisher.search(DatasetQuery.all().publisher("rta")).stream()
                    .filter(dataset -> dataset.title().en().startsWith("Self-service kiosks"))
                    .findFirst()
                    .orElseThrow(() -> new StepFailed("the roads authority has no kiosks dataset"));
            var next = withNewKiosk(publisher, kiosks.id());
            DatasetVersion version;
            try {
                version = publisher.upload(kiosks.id(), next);
            } finally {
                deleteQuietly(next);
            }
            done(
                    "نشرت هيئة الطرق والمواصلات إصداراً جديداً من بيانات أجهزة الخدمة الذاتية",
                    "The roads authority published a new version of its kiosks dataset",
                    "version " + version.number() + ", " + version.rowCount() + " rows, validated against its schema");

            var query = "أجهزة الخدمة الذاتية";
            var found = consumer.search(DatasetQuery.text(query)).stream()
                    .filter(dataset -> dataset.id().equals(kiosks.id()))
                    .findFirst()
                    .orElseThrow(() -> new StepFailed("searching open data for \"" + query + "\" did not find it"));
            var dubai = consumer
                    .rows(found.id(), RowQuery.all().eq("emirate", "Dubai").sort("-kiosks"))
                    .stream()
                    .toList();
            done(
                    "بحث طرف ثالث في البيانات المفتوحة بالعربية واستعلم عن مواقع دبي",
                    "A third party searched open data in Arabic and queried the Dubai locations",
                    "\"" + query + "\" → " + found.title().en() + "; " + dubai.size() + " in Dubai, most kiosks at "
                            + dubai.get(0).get("location_ar"));

            Path file = null;
            try {
                file = Files.createTempFile("khidma-kiosks", ".csv");
                var download = consumer.download(found.id(), DownloadFormat.CSV, file, ProgressListener.NONE);
                long rows;
                try (var lines = Files.lines(file)) {
                    rows = lines.count() - 1;
                }
                if (rows != version.rowCount()) {
                    throw new StepFailed(
                            "downloaded " + rows + " rows; version " + version.number() + " has " + version.rowCount());
                }
                done(
                        "نزّل الطرف الثالث الإصدار الجديد كملف CSV وتطابق عدد الصفوف",
                        "The third party downloaded the new version as CSV and the row count matches",
                        rows + " rows, " + download.bytes() + " bytes, ETag " + download.etag());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                deleteQuietly(file);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file; the system cleans its folder.
            }
        }
    }

    /** The kiosks dataset as CSV, with one more location: a kiosk installed this year. */
    private static Path withNewKiosk(OpenDataClient data, UUID id) {
        try {
            var file = Files.createTempFile("khidma-kiosks-next", ".csv");
            data.download(id, DownloadFormat.CSV, file, ProgressListener.NONE);
            var last = data.rows(id, RowQuery.all().sort("-id").fields("id").pageSize(1)).stream()
                    .findFirst()
                    .map(row -> ((Number) row.get("id")).longValue())
                    .orElse(0L);
            Files.writeString(
                    file,
                    (last + 1) + ",Dubai,دبي فستيفال سيتي,Dubai Festival City,4,40,false," + Year.now() + "\r\n",
                    StandardOpenOption.APPEND);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void done(String arabic, String english, String detail) {
        step++;
        out.printf("  %d. ✓ %s%n       %s%n       %s%n", step, english, arabic, detail);
    }

    private static PublicService first(Iterable<PublicService> found, String code, String query) {
        for (var service : found) {
            if (service.code().equals(code)) {
                return service;
            }
        }
        throw new StepFailed("searching \"" + query + "\" did not find " + code);
    }
}
