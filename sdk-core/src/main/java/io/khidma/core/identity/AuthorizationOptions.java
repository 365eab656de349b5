package io.khidma.core.identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an authorization request asks for besides the code flow itself. Immutable; each {@code
 * with…} method returns a copy.
 *
 * <pre>{@code
 * var options = AuthorizationOptions.defaults()
 *         .withScopes("openid", "profile")
 *         .withAcrValues("urn:safelayer:tws:policies:authentication:level:low")
 *         .withUiLocales("ar", "en")
 *         .withLoginHint("784-1990-1234567-1");
 * }</pre>
 *
 * @param scopes requested scopes; {@code openid} is always included
 * @param acrValues the requested levels of assurance, most preferred first
 * @param uiLocales the languages of the login page, most preferred first ({@code ar}, {@code en})
 * @param loginHint who is expected to log in, when known
 * @param prompt {@code login}, {@code consent}, {@code none} or {@code select_account}; absent by default
 */
public record AuthorizationOptions(
        Set<String> scopes, List<String> acrValues, List<String> uiLocales, String loginHint, String prompt) {

    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

    public AuthorizationOptions {
        var all = new LinkedHashSet<String>();
        all.add("openid");
        all.addAll(Objects.requireNonNull(scopes, "scopes"));
        scopes = Set.copyOf(all);
        acrValues = List.copyOf(acrValues);
        uiLocales = List.copyOf(uiLocales);
        if (prompt != null && !PROMPTS.contains(prompt)) {
            throw new IllegalArgumentException("prompt must be one of " + PROMPTS + ", was " + prompt);
        }
    }

    /** Scope {@code openid profile}, Arabic then English, nothing else. */
    public static AuthorizationOptions defaults() {
        return new AuthorizationOptions(Set.of("openid", "profile"), List.of(), List.of("ar", "en"), null, null);
    }

    public AuthorizationOptions withScopes(String... newScopes) {
        return new AuthorizationOptions(Set.of(newScopes), acrValues, uiLocales, loginHint, prompt);
    }

    public AuthorizationOptions withAcrValues(String... values) {
        return new AuthorizationOptions(scopes, List.of(values), uiLocales, loginHint, prompt);
    }

    public AuthorizationOptions withUiLocales(String... locales) {
        return new AuthorizationOptions(scopes, acrValues, List.of(locales), loginHint, prompt);
    }

    public AuthorizationOptions withLoginHint(String hint) {
        return new AuthorizationOptions(scopes, acrValues, uiLocales, hint, prompt);
    }

    public AuthorizationOptions withPrompt(String newPrompt) {
        return new AuthorizationOptions(scopes, acrValues, uiLocales, loginHint, newPrompt);
    }
}
