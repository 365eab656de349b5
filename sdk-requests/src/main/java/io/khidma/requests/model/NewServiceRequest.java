package io.khidma.requests.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.catalogue.model.ChannelType;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An application for one service.
 *
 * <pre>{@code
 * var request = NewServiceRequest.of(serviceId, data)
 *         .withDocuments(new DocumentRef("passport", passport.id()))
 *         .withReturnUrl(URI.create("https://portal.example/requests/done"));
 * }</pre>
 *
 * @param data the application data, checked against the service's form
 * @param documents the documents attached, by the kinds the form asks for
 * @param channel where the citizen applied; {@code WEB} when absent
 * @param language the citizen's language, {@code ar} (the default) or {@code en}
 * @param citizen only for an agent applying for a citizen (counter, kiosk, call centre): whom for
 * @param draft {@code true} to keep it as a draft, submitted later
 * @param returnUrl where the payment page sends the citizen after paying the submission fees
 */
public record NewServiceRequest(
        UUID serviceId,
        JsonNode data,
        List<DocumentRef> documents,
        ChannelType channel,
        String language,
        String citizen,
        Boolean draft,
        URI returnUrl) {

    public NewServiceRequest {
        Objects.requireNonNull(serviceId, "service_id");
        Objects.requireNonNull(data, "data");
        documents = documents == null ? List.of() : List.copyOf(documents);
        channel = channel == null ? ChannelType.WEB : channel;
        language = language == null ? "ar" : language;
        if (!language.equals("ar") && !language.equals("en")) {
            throw new IllegalArgumentException("language must be ar or en");
        }
        if (documents.size() > 20) {
            throw new IllegalArgumentException("documents must hold at most 20 documents");
        }
        if (citizen != null && (citizen.isBlank() || citizen.length() > 128)) {
            throw new IllegalArgumentException("citizen must be 1-128 characters");
        }
        if (returnUrl != null
                && (!returnUrl.isAbsolute()
                        || !("https".equals(returnUrl.getScheme()) || "http".equals(returnUrl.getScheme()))
                        || returnUrl.toString().length() > 2000)) {
            throw new IllegalArgumentException("return_url must be an absolute http(s) URL of at most 2000 characters");
        }
    }

    public static NewServiceRequest of(UUID serviceId, JsonNode data) {
        return new NewServiceRequest(serviceId, data, null, null, null, null, null, null);
    }

    public NewServiceRequest withDocuments(DocumentRef... refs) {
        return new NewServiceRequest(serviceId, data, List.of(refs), channel, language, citizen, draft, returnUrl);
    }

    public NewServiceRequest withChannel(ChannelType newChannel) {
        return new NewServiceRequest(serviceId, data, documents, newChannel, language, citizen, draft, returnUrl);
    }

    public NewServiceRequest withLanguage(String newLanguage) {
        return new NewServiceRequest(serviceId, data, documents, channel, newLanguage, citizen, draft, returnUrl);
    }

    /** For an agent at a counter, kiosk or call centre: the citizen the request is for. */
    public NewServiceRequest forCitizen(String subject) {
        return new NewServiceRequest(serviceId, data, documents, channel, language, subject, draft, returnUrl);
    }

    public NewServiceRequest asDraft() {
        return new NewServiceRequest(serviceId, data, documents, channel, language, citizen, true, returnUrl);
    }

    public NewServiceRequest withReturnUrl(URI url) {
        return new NewServiceRequest(serviceId, data, documents, channel, language, citizen, draft, url);
    }

    public boolean isDraft() {
        return Boolean.TRUE.equals(draft);
    }
}
