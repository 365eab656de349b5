package io.khidma.payments.provider;

import java.time.YearMonth;
import java.util.Objects;

/**
 * Card details as the citizen typed them on the payment page. They go to the provider and nowhere
 * else: never stored, never logged ({@link #toString()} shows only the last four digits).
 */
public final class CardDetails {

    private final String number;
    private final YearMonth expiry;
    private final String cvc;
    private final String holder;

    public CardDetails(String number, YearMonth expiry, String cvc, String holder) {
        this.number = Objects.requireNonNull(number, "number");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.cvc = Objects.requireNonNull(cvc, "cvc");
        this.holder = holder;
        if (!number.matches("[0-9]{12,19}") || !luhn(number)) {
            throw new IllegalArgumentException("not a card number");
        }
        if (!cvc.matches("[0-9]{3,4}")) {
            throw new IllegalArgumentException("the security code is 3 or 4 digits");
        }
    }

    public String number() {
        return number;
    }

    public YearMonth expiry() {
        return expiry;
    }

    public String cvc() {
        return cvc;
    }

    public String holder() {
        return holder;
    }

    public String last4() {
        return number.substring(number.length() - 4);
    }

    /** The scheme the number belongs to, by its leading digits. */
    public String brand() {
        if (number.startsWith("4")) {
            return "visa";
        }
        if (number.matches("5[1-5].*|2[2-7].*")) {
            return "mastercard";
        }
        if (number.matches("3[47].*")) {
            return "amex";
        }
        return "card";
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    @Override
    public String toString() {
        return "CardDetails[" + brand() + " ending " + last4() + "]";
    }
}
