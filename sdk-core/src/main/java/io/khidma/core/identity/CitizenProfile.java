package io.khidma.core.identity;

import io.khidma.core.text.Text;
import java.util.Optional;

/**
 * Who a logged-in citizen is, read from the provider's UserInfo response through a {@link
 * ProfileMapping}.
 *
 * @param subject the provider's stable identifier for the citizen
 * @param nationalIdNumber the national identity number (Emirates ID), when released
 * @param name the full name in Arabic and English
 * @param nationality the nationality as the provider names it
 * @param gender the gender as the provider names it
 * @param mobile the mobile number
 * @param email the email address
 * @param levelOfAssurance how well the identity was verified
 */
public record CitizenProfile(
        String subject,
        String nationalIdNumber,
        Text name,
        String nationality,
        String gender,
        String mobile,
        String email,
        LevelOfAssurance levelOfAssurance) {

    public Optional<String> nationalId() {
        return Optional.ofNullable(nationalIdNumber);
    }
}
