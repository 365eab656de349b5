package io.khidma.requests.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.catalogue.model.ChannelType;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One application for a whole journey: told once, shared out to each agency's step.
 *
 * @param journey the journey's code
 * @param data the shared application; each step's agency receives only the fields its step names
 * @param consent the agencies the citizen agrees may receive their part: every agency of the journey
 * @param returnUrl where the payment page sends the citizen after paying the journey's fees
 */
public record NewJourneyApplication(
        String journey,
        JsonNode data,
        List<DocumentRef> documents,
        List<String> consent,
        ChannelType channel,
        String language,
        String citizen,
        URI returnUrl) {

    public NewJourneyApplication {
        Objects.requireNonNull(journey, "journey");
        Objects.requireNonNull(data, "data");
        documents = documents == null ? List.of() : List.copyOf(documents);
        consent = consent == null ? List.of() : List.copyOf(consent);
        channel = channel == null ? ChannelType.WEB : channel;
        language = language == null ? "ar" : language;
        if (!language.equals("ar") && !language.equals("en")) {
            throw new IllegalArgumentException("language must be ar or en");
        }
        if (!data.isObject()) {
            throw new IllegalArgumentException("data must be an object");
        }
        if (citizen != null && (citizen.isBlank() || citizen.length() > 128)) {
            throw new IllegalArgumentException("citizen must be 1-128 characters");
        }
    }

    public static NewJourneyApplication of(String journey, JsonNode data, List<String> consent) {
        return new NewJourneyApplication(journey, data, null, consent, null, null, null, null);
    }

    public NewJourneyApplication withDocuments(List<DocumentRef> refs) {
        return new NewJourneyApplication(journey, data, refs, consent, channel, language, citizen, returnUrl);
    }

    public NewJourneyApplication withReturnUrl(URI url) {
        return new NewJourneyApplication(journey, data, documents, consent, channel, language, citizen, url);
    }

    public NewJourneyApplication withLanguage(String newLanguage) {
        return new NewJourneyApplication(journey, data, documents, consent, channel, newLanguage, citizen, returnUrl);
    }
}
