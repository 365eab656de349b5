package io.khidma.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.khidma.core.problem.ConflictException;
import io.khidma.core.problem.ForbiddenException;
import io.khidma.core.problem.NotFoundException;
import io.khidma.core.problem.UnauthorizedException;
import io.khidma.core.problem.ValidationException;
import io.khidma.payments.model.LineItem;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.PaymentChannel;
import io.khidma.payments.model.PaymentEvent;
import io.khidma.payments.model.PaymentStatus;
import io.khidma.payments.model.ReceiptAgency;
import io.khidma.payments.provider.SandboxProvider;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PaymentFlowTest {

    static PaymentsFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new PaymentsFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aBasketOfTwoAgenciesIsPricedFromTheCatalogue() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("RTA-1001").withLanguage("en"));

            assertThat(payment.status()).isEqualTo(PaymentStatus.CREATED);
            assertThat(payment.amount()).isEqualTo(72_000);
            assertThat(payment.currency()).isEqualTo("AED");
            assertThat(payment.agencies()).containsExactly("rta", "mohre");
            assertThat(payment.lineItems())
                    .extracting(LineItem::number, LineItem::feeCode, LineItem::unitAmount, LineItem::agencyId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1, "RENEW", 40_000L, "rta"),
                            org.assertj.core.groups.Tuple.tuple(2, "KNOWLEDGE", 2_000L, "rta"),
                            org.assertj.core.groups.Tuple.tuple(3, "ISSUE", 30_000L, "mohre"));
            assertThat(payment.lineItems().get(2).agencyName().en())
                    .isEqualTo("Ministry of Human Resources and Emiratisation");
            assertThat(payment.nextUrl().toString())
                    .startsWith(fixture.server.uri() + "pay/" + payment.id() + "?token=");
            assertThat(payment.expiresAt()).isEqualTo(payment.createdAt().plusSeconds(90 * 60));
        }
    }

    @Test
    void quantitiesMultiplyAndAChannelSpecificFeeAppliesOnlyThroughItsChannel() {
        try (var asRta = fixture.client(fixture.rta)) {
            var counter = NewPayment.of(
                            "MOHRE-77",
                            PaymentsFixture.RETURN_URL,
                            LineItemRequest.of(fixture.workPermit, "ISSUE").times(2),
                            LineItemRequest.of(fixture.workPermit, "TAWSEEL"))
                    .withChannel(PaymentChannel.SERVICE_CENTRE);
            assertThat(asRta.create(counter).amount()).isEqualTo(65_000);

            assertThatThrownBy(() -> asRta.create(counter.withChannel(PaymentChannel.WEB)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.status()).isEqualTo(422);
                        assertThat(e.problem().errors()).singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("line_items[1]");
                            assertThat(error.code()).isEqualTo("unknown-fee");
                        });
                    });
        }
    }

    @Test
    void unknownServicesAndFeesAreRefusedAndNothingIsStored() {
        try (var asRta = fixture.client(fixture.rta)) {
            var before = asRta.list(PaymentQuery.all().withReference("BAD-1")).stream()
                    .count();
            var unknown = NewPayment.of(
                    "BAD-1",
                    PaymentsFixture.RETURN_URL,
                    LineItemRequest.of(fixture.vehicleRenewal, "RENEW"),
                    LineItemRequest.of(UUID.randomUUID(), "RENEW"),
                    LineItemRequest.of(fixture.vehicleRenewal, "NOPE"));
            assertThatThrownBy(() -> asRta.create(unknown))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(
                                    e.problem().errors())
                            .extracting(error -> error.field())
                            .containsExactly("line_items[1]", "line_items[2]"));
            assertThat(asRta.list(PaymentQuery.all().withReference("BAD-1")).stream()
                            .count())
                    .isEqualTo(before);
        }
    }

    @Test
    void aClientCannotSetAnAmountNorSendAMalformedBasket() {
        var http = java.net.http.HttpClient.newHttpClient();
        var token = fixture.rta.token().value();
        var withAmount = """
                {"line_items":[{"service_id":"%s","fee_code":"RENEW","amount":1}],"reference":"X-1",
                 "return_url":"https://portal.rta.example/done","amount":1}
                """.formatted(fixture.vehicleRenewal);
        var response = HostedPageBrowser.send(
                http,
                HttpRequest.newBuilder(fixture.server.uri().resolve("/payments"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(withAmount))
                        .build());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).contains("\"amount\":40000");

        var badReturn = """
                {"line_items":[{"service_id":"%s","fee_code":"RENEW"}],"reference":"X-2","return_url":"javascript:alert(1)"}
                """.formatted(fixture.vehicleRenewal);
        var refused = HostedPageBrowser.send(
                http,
                HttpRequest.newBuilder(fixture.server.uri().resolve("/payments"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(badReturn))
                        .build());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("return_url must be an absolute http(s) URL");
    }

    @Test
    void theHostedPageTakesATestCardAndReturnsTheCitizenCaptured() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("RTA-1002"));
            var browser = new HostedPageBrowser();

            var answer = browser.pay(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);

            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(answer.headers().firstValue("Location")).hasValue(PaymentsFixture.RETURN_URL.toString());
            var captured = asRta.get(payment.id());
            assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
            assertThat(captured.capturedAmount()).isEqualTo(72_000);
            assertThat(captured.refundableAmount()).isEqualTo(72_000);
            assertThat(captured.card().last4()).isEqualTo("4242");
            assertThat(captured.card().brand()).isEqualTo("visa");
            assertThat(captured.nextUrl()).as("nothing left to pay").isNull();
            assertThat(asRta.events(payment.id()))
                    .extracting(PaymentEvent::type)
                    .containsExactly("payment.created", "payment.started", "payment.authorised", "payment.captured");
            assertThat(browser.get(payment.nextUrl()).body())
                    .as("the page, opened again, shows the outcome and no form")
                    .contains("تم الدفع بنجاح")
                    .doesNotContain("<form");
        }
    }

    @Test
    void theHostedPageSpeaksArabicRightToLeftAndEnglish() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("RTA-1003"));
            var browser = new HostedPageBrowser();

            var arabic = browser.get(payment.nextUrl());
            assertThat(arabic.statusCode()).isEqualTo(200);
            assertThat(arabic.body())
                    .contains("<html lang=\"ar\" dir=\"rtl\">")
                    .contains("دفع الرسوم الحكومية")
                    .contains("هيئة الطرق والمواصلات")
                    .contains("وزارة الموارد البشرية والتوطين")
                    .contains("720.00 درهم");
            assertThat(arabic.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'none'")
                    .contains("form-action 'self' https://portal.rta.example")
                    .contains("frame-ancestors 'none'"));
            assertThat(arabic.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(arabic.headers().firstValue("Set-Cookie"))
                    .hasValueSatisfying(
                            cookie -> assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict"));

            var english = browser.get(URI.create(payment.nextUrl() + "&lang=en"));
            assertThat(english.body())
                    .contains("<html lang=\"en\" dir=\"ltr\">")
                    .contains("Pay government fees")
                    .contains("Roads and Transport Authority")
                    .contains("720.00 AED");
            assertThat(asRta.get(payment.id()).status()).isEqualTo(PaymentStatus.STARTED);
        }
    }

    @Test
    void whatTheServiceWroteIsEscapedOnThePage() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(
                    fixture.basket("<script>alert(1)</script>").withDescription("\"><img src=x onerror=alert(2)>"));
            var body = new HostedPageBrowser().get(payment.nextUrl()).body();
            assertThat(body)
                    .doesNotContain("<script>alert(1)")
                    .doesNotContain("<img src=x")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
        }
    }

    @Test
    void aWrongPageTokenOrAFormWithoutItsCookieIsRefused() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("RTA-1004"));
            var browser = new HostedPageBrowser();
            var forged = URI.create(fixture.server.uri() + "pay/" + payment.id() + "?token=guess");
            assertThat(browser.get(forged).statusCode()).isEqualTo(404);

            var token = payment.nextUrl().getQuery().substring("token=".length());
            var crossSite = HostedPageBrowser.send(
                    java.net.http.HttpClient.newHttpClient(),
                    HttpRequest.newBuilder(fixture.server.uri().resolve("/pay/" + payment.id()))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(HostedPageBrowser.urlEncoded(Map.of(
                                    "token", token,
                                    "csrf", "forged",
                                    "action", "pay",
                                    "card_number", SandboxProvider.SUCCESS_CARD,
                                    "expiry", "12/39",
                                    "cvc", "123"))))
                            .build());
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(asRta.get(payment.id()).status()).isEqualTo(PaymentStatus.CREATED);
        }
    }

    @Test
    void aDeclinedCardEndsThePaymentWithABilingualMessage() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("RTA-1005"));
            var answer = new HostedPageBrowser().pay(payment.nextUrl(), SandboxProvider.DECLINED_CARD);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("رُفضت البطاقة").contains("role=\"alert\"");
            var declined = asRta.get(payment.id());
            assertThat(declined.status()).isEqualTo(PaymentStatus.DECLINED);
            assertThat(asRta.events(payment.id())).last().satisfies(e -> assertThat(e.detail())
                    .isEqualTo("card_declined"));

            var poor = asRta.create(fixture.basket("RTA-1006").withLanguage("en"));
            var insufficient = new HostedPageBrowser().pay(poor.nextUrl(), SandboxProvider.INSUFFICIENT_FUNDS_CARD);
            assertThat(insufficient.body()).contains("Insufficient funds. Nothing was charged.");
        }
    }

    @Test
    void aMistypedCardKeepsThePaymentOpen() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("RTA-1007").withLanguage("en"));
            var answer = new HostedPageBrowser().pay(payment.nextUrl(), "4242424242424241");
            assertThat(answer.body()).contains("Check the card number");
            assertThat(asRta.get(payment.id()).status()).isEqualTo(PaymentStatus.STARTED);
        }
    }

    @Test
    void theCitizenMayLeaveThePage() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("RTA-1008"));
            var answer = new HostedPageBrowser().submit(payment.nextUrl(), Map.of("action", "abandon"));
            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(asRta.get(payment.id()).status()).isEqualTo(PaymentStatus.ABANDONED);
        }
    }

    @Test
    void illegalTransitionsAreRefused() {
        try (var asRta = fixture.client(fixture.rta)) {
            var created = asRta.create(fixture.basket("RTA-1009"));
            assertThatThrownBy(() -> asRta.capture(created.id()))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.problem().code()).isEqualTo("illegal-transition"));

            var paid = fixture.paid("RTA-1010", SandboxProvider.SUCCESS_CARD);
            assertThatThrownBy(() -> asRta.cancel(paid.id())).isInstanceOf(ConflictException.class);
            assertThat(asRta.get(paid.id()).status()).isEqualTo(PaymentStatus.CAPTURED);

            assertThat(asRta.cancel(created.id()).status()).isEqualTo(PaymentStatus.CANCELLED);
            assertThat(new HostedPageBrowser().get(created.nextUrl()).body())
                    .as("a cancelled payment shows no form any more")
                    .contains("أُلغيت هذه الدفعة")
                    .doesNotContain("<form");
            assertThat(asRta.get(created.id()).status()).isEqualTo(PaymentStatus.CANCELLED);
        }
    }

    @Test
    void delayedCaptureAuthorisesFirstAndCapturesOnRequest() {
        try (var asRta = fixture.client(fixture.rta)) {
            var payment = asRta.create(fixture.basket("RTA-1011").withDelayedCapture(true));
            new HostedPageBrowser().pay(payment.nextUrl(), SandboxProvider.SUCCESS_CARD);
            assertThat(asRta.get(payment.id()).status()).isEqualTo(PaymentStatus.AUTHORISED);

            var captured = asRta.capture(payment.id());
            assertThat(captured.status()).isEqualTo(PaymentStatus.CAPTURED);
            assertThat(asRta.capture(payment.id()).status())
                    .as("capturing again changes nothing")
                    .isEqualTo(PaymentStatus.CAPTURED);

            var other = asRta.create(fixture.basket("RTA-1012").withDelayedCapture(true));
            new HostedPageBrowser().pay(other.nextUrl(), SandboxProvider.SUCCESS_CARD);
            assertThat(asRta.cancel(other.id()).status()).isEqualTo(PaymentStatus.CANCELLED);
        }
    }

    @Test
    void theReceiptListsEachAgencysLineItemsInBothLanguages() {
        var paid = fixture.paid("RTA-1013", SandboxProvider.SUCCESS_CARD);
        try (var asMohre = fixture.client(fixture.mohre)) {
            var receipt = asMohre.receipt(paid.id());
            assertThat(receipt.total()).isEqualTo(72_000);
            assertThat(receipt.receiptNumber()).matches("KH-\\d{8}-[0-9A-F]{8}");
            assertThat(receipt.agencies())
                    .extracting(ReceiptAgency::agencyId, ReceiptAgency::subtotal)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("rta", 42_000L),
                            org.assertj.core.groups.Tuple.tuple("mohre", 30_000L));
            assertThat(receipt.title().ar()).isEqualTo("إيصال دفع");

            assertThat(asMohre.receiptHtml(paid.id(), "ar"))
                    .contains("dir=\"rtl\"")
                    .contains("إيصال دفع")
                    .contains("720.00 درهم")
                    .contains("•••• 4242");
            assertThat(asMohre.receiptHtml(paid.id(), "en"))
                    .contains("Payment receipt")
                    .contains("Ministry of Human Resources and Emiratisation");
        }
        try (var asRta = fixture.client(fixture.rta)) {
            var open = asRta.create(fixture.basket("RTA-1014"));
            assertThatThrownBy(() -> asRta.receipt(open.id())).isInstanceOf(ConflictException.class);
        }
    }

    @Test
    void eachCallerSeesOnlyWhatIsTheirs() {
        var fatima = fixture.citizen(PaymentsFixture.FATIMA);
        var omar = fixture.citizen(PaymentsFixture.OMAR);
        try (var asFatima = fixture.client(fatima);
                var asOmar = fixture.client(omar);
                var asRta = fixture.client(fixture.rta);
                var asDof = fixture.client(fixture.dof);
                var anonymous = fixture.client(null)) {
            var own = asFatima.create(fixture.basket("CITIZEN-1"));
            assertThat(own.citizen()).isEqualTo("citizen-fatima");
            var atCounter = asRta.create(fixture.basket("COUNTER-1").forCitizen("citizen-omar"));

            assertThat(asFatima.get(own.id()).id()).isEqualTo(own.id());
            assertThatThrownBy(() -> asOmar.get(own.id())).isInstanceOf(NotFoundException.class);
            assertThat(asOmar.get(atCounter.id()).citizen()).isEqualTo("citizen-omar");
            assertThat(asFatima.list(PaymentQuery.all()).stream().map(p -> p.citizen()))
                    .isNotEmpty()
                    .allMatch("citizen-fatima"::equals);
            assertThatThrownBy(() -> asFatima.create(fixture.basket("CITIZEN-2").forCitizen("citizen-omar")))
                    .isInstanceOf(ForbiddenException.class);

            assertThat(asRta.get(own.id()).id()).as("RTA has line items in it").isEqualTo(own.id());
            assertThatThrownBy(() -> asDof.get(own.id()))
                    .as("no DOF line item: as if it did not exist")
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> asDof.list(PaymentQuery.all().withAgency("rta"))
                            .iterator()
                            .hasNext())
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> anonymous.get(own.id())).isInstanceOf(UnauthorizedException.class);
            try (var catalogueOnly = fixture.client(fixture.rtaCatalogueOnly)) {
                assertThatThrownBy(() -> catalogueOnly.create(fixture.basket("NO-SCOPE")))
                        .isInstanceOfSatisfying(
                                ForbiddenException.class,
                                e -> assertThat(e.problem().code()).isEqualTo("insufficient-scope"));
            }
        }
    }

    @Test
    void listsFilterAndPageNewestFirst() {
        try (var asMohre = fixture.client(fixture.mohre)) {
            var reference = "PAGE-" + UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < 5; i++) {
                asMohre.create(fixture.basket(reference));
            }
            var pages = asMohre.list(PaymentQuery.all().withReference(reference).withPageSize(2));
            var all = pages.stream().toList();
            assertThat(all).hasSize(5).allMatch(p -> p.reference().equals(reference));
            assertThat(all).extracting(p -> p.createdAt()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(pages.byPage()).hasSize(3);
            assertThat(
                            asMohre
                                    .list(PaymentQuery.all()
                                            .withReference(reference)
                                            .withStatus(PaymentStatus.CAPTURED))
                                    .stream())
                    .isEmpty();
        }
    }
}
