package io.khidma.payments.server;

import io.khidma.core.problem.Problem;

/** The problem types of the payments API, beside the platform's; stable codes integrators switch on. */
enum PaymentProblems {
    /** The status machine does not allow the change asked for. */
    ILLEGAL_TRANSITION(409, "illegal-transition", "The payment's status does not allow this"),
    /** {@code expected_refundable_amount} is not what is refundable now. */
    REFUNDABLE_AMOUNT_MISMATCH(409, "refundable-amount-mismatch", "The refundable amount has changed"),
    /** The refund asks for more than is left to refund. */
    REFUND_EXCEEDS_REFUNDABLE(422, "refund-exceeds-refundable", "The refund exceeds what is refundable");

    private final int status;
    private final String code;
    private final String title;

    PaymentProblems(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    Problem problem(String detail) {
        return Problem.of(status, code, title, detail);
    }
}
