package io.khidma.core.identity;

import io.khidma.core.text.Text;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one identity provider names the claims of a {@link CitizenProfile}, and how its user type or
 * {@code acr} maps to a {@link LevelOfAssurance}. Immutable; the {@code with…} methods return copies.
 *
 * <pre>{@code
 * var mapping = ProfileMapping.standard()
 *         .withLevelClaim("acr")
 *         .withLevel("urn:example:loa:high", LevelOfAssurance.HIGH);
 * }</pre>
 */
public record ProfileMapping(
        String nationalIdClaim,
        String nameArClaim,
        String nameEnClaim,
        String nationalityClaim,
        String genderClaim,
        String mobileClaim,
        String emailClaim,
        String levelClaim,
        Map<String, LevelOfAssurance> levels) {

    public ProfileMapping {
        Objects.requireNonNull(levelClaim, "levelClaim");
        levels = Map.copyOf(levels);
    }

    /** UAE PASS: {@code idn}, {@code fullnameAR}/{@code fullnameEN}, {@code userType} SOP1-3. */
    public static ProfileMapping uaePass() {
        return new ProfileMapping(
                "idn",
                "fullnameAR",
                "fullnameEN",
                "nationalityEN",
                "gender",
                "mobile",
                "email",
                "userType",
                Map.of(
                        "SOP1", LevelOfAssurance.LOW,
                        "SOP2", LevelOfAssurance.SUBSTANTIAL,
                        "SOP3", LevelOfAssurance.HIGH));
    }

    /**
     * Standard OpenID Connect claims ({@code name#ar}, {@code name#en}, {@code phone_number}) with
     * the level from {@code acr}, using the eIDAS URIs.
     */
    public static ProfileMapping standard() {
        return new ProfileMapping(
                "national_id",
                "name#ar",
                "name#en",
                "nationality",
                "gender",
                "phone_number",
                "email",
                "acr",
                Map.of(
                        "http://eidas.europa.eu/LoA/low", LevelOfAssurance.LOW,
                        "http://eidas.europa.eu/LoA/substantial", LevelOfAssurance.SUBSTANTIAL,
                        "http://eidas.europa.eu/LoA/high", LevelOfAssurance.HIGH));
    }

    public ProfileMapping withLevelClaim(String claim) {
        return new ProfileMapping(
                nationalIdClaim,
                nameArClaim,
                nameEnClaim,
                nationalityClaim,
                genderClaim,
                mobileClaim,
                emailClaim,
                claim,
                levels);
    }

    public ProfileMapping withLevel(String value, LevelOfAssurance level) {
        var more = new HashMap<>(levels);
        more.put(value, level);
        return new ProfileMapping(
                nationalIdClaim,
                nameArClaim,
                nameEnClaim,
                nationalityClaim,
                genderClaim,
                mobileClaim,
                emailClaim,
                levelClaim,
                more);
    }

    /** Reads a profile from UserInfo claims (and the ID token's {@code acr}, when the level comes from it). */
    CitizenProfile read(String subject, Map<String, Object> claims, String acr) {
        var levelValue = "acr".equals(levelClaim) && acr != null ? acr : text(claims, levelClaim);
        var level = levelValue == null
                ? LevelOfAssurance.UNKNOWN
                : levels.getOrDefault(levelValue, LevelOfAssurance.UNKNOWN);
        return new CitizenProfile(
                subject,
                text(claims, nationalIdClaim),
                new Text(text(claims, nameArClaim), text(claims, nameEnClaim)),
                text(claims, nationalityClaim),
                text(claims, genderClaim),
                text(claims, mobileClaim),
                text(claims, emailClaim),
                level);
    }

    private static String text(Map<String, Object> claims, String name) {
        var value = name == null ? null : claims.get(name);
        return value == null ? null : value.toString();
    }
}
