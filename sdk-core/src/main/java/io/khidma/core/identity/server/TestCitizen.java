package io.khidma.core.identity.server;

import io.khidma.core.identity.LevelOfAssurance;
import io.khidma.core.text.Text;
import java.util.Objects;

/**
 * A made-up citizen the {@link SandboxIdentityProvider} can log in. Never a real person.
 *
 * @param subject the stable subject identifier
 * @param nationalId a fictitious Emirates ID number ({@code 784-YYYY-NNNNNNN-C})
 * @param name the name in Arabic and English
 * @param nationality e.g. {@code ARE}
 * @param gender {@code Male} or {@code Female}, as UAE PASS spells it
 * @param mobile a fictitious mobile number
 * @param email a fictitious address
 * @param level the level of assurance of the account (SOP1, SOP2 or SOP3 in UAE PASS terms)
 */
public record TestCitizen(
        String subject,
        String nationalId,
        Text name,
        String nationality,
        String gender,
        String mobile,
        String email,
        LevelOfAssurance level) {

    public TestCitizen {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
    }

    /** The UAE PASS user type for the level. */
    String userType() {
        return switch (level) {
            case HIGH -> "SOP3";
            case SUBSTANTIAL -> "SOP2";
            default -> "SOP1";
        };
    }
}
