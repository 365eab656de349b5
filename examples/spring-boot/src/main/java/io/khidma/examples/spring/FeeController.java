package io.khidma.examples.spring;

import io.khidma.core.catalogue.CatalogueClient;
import io.khidma.core.catalogue.ServiceSearch;
import io.khidma.core.events.WebhookMessage;
import io.khidma.core.json.KhidmaJson;
import io.khidma.payments.PaymentsClient;
import io.khidma.payments.model.LineItemRequest;
import io.khidma.payments.model.NewPayment;
import io.khidma.payments.model.WebhookEvent;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Takes a service's fees ({@code POST /fees/{serviceCode}?order=...&fee=...&returnUrl=...}: the
 * citizen is sent to the hosted payment page it answers with), receives Khidma's payment webhooks ({@code POST
 * /khidma/webhooks}), and tells where a payment stands as the webhooks said ({@code GET
 * /fees/{paymentId}}).
 */
@RestController
class FeeController {

    private final CatalogueClient catalogue;
    private final PaymentsClient payments;
    private final Map<UUID, String> outcomes = new ConcurrentHashMap<>();

    FeeController(CatalogueClient catalogue, PaymentsClient payments) {
        this.catalogue = catalogue;
        this.payments = payments;
    }

    record Started(UUID payment, URI payAt) {}

    record Outcome(UUID payment, String status) {}

    /** A payment of the service's fees by their codes: Khidma prices them from the catalogue, never from the browser. */
    @PostMapping("/fees/{serviceCode}")
    Started start(
            @PathVariable String serviceCode,
            @RequestParam String order,
            @RequestParam List<String> fee,
            @RequestParam URI returnUrl) {
        var service = catalogue.search(ServiceSearch.text(serviceCode)).stream()
                .filter(found -> found.code().equals(serviceCode))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND, "no service " + serviceCode));
        var fees =
                fee.stream().map(code -> LineItemRequest.of(service.id(), code)).toArray(LineItemRequest[]::new);
        // The order number is the idempotency key: a retried request never makes a second payment.
        var payment = payments.create(NewPayment.of(order, returnUrl, fees), "order-" + order);
        return new Started(payment.id(), payment.nextUrl());
    }

    /** Only deliveries whose signature verifies reach here; each is acknowledged with 204. */
    @PostMapping("/khidma/webhooks")
    ResponseEntity<Void> received(WebhookMessage message) throws IOException {
        var event = KhidmaJson.mapper().readValue(message.body(), WebhookEvent.class);
        outcomes.put(event.data().payment().id(), event.type().wireName());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/fees/{payment}")
    ResponseEntity<Outcome> outcome(@PathVariable UUID payment) {
        var status = outcomes.get(payment);
        return status == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(new Outcome(payment, status));
    }
}
