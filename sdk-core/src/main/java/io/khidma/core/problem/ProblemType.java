package io.khidma.core.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The problem types every Khidma API shares. Each has a stable {@code type} URI and {@code code};
 * feature APIs add their own with the same URI scheme ({@value #BASE}{@code <code>}).
 */
public enum ProblemType {
    BAD_REQUEST(400, "bad-request", "Bad request", "طلب غير صالح"),
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON", "صيغة JSON غير صحيحة"),
    INVALID_INPUT(400, "invalid-input", "Invalid input", "مدخلات غير صالحة"),
    UNAUTHORIZED(401, "unauthorized", "Authentication required", "يلزم تسجيل الدخول"),
    INVALID_TOKEN(401, "invalid-token", "Invalid access token", "رمز الدخول غير صالح"),
    LOGIN_FAILED(401, "login-failed", "Login failed", "تعذر تسجيل الدخول"),
    FORBIDDEN(403, "forbidden", "Forbidden", "غير مسموح"),
    INSUFFICIENT_SCOPE(403, "insufficient-scope", "Insufficient scope", "الصلاحيات غير كافية"),
    NOT_FOUND(404, "not-found", "Not found", "غير موجود"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed", "الطريقة غير مسموحة"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable", "صيغة الرد المطلوبة غير متاحة"),
    CONFLICT(409, "conflict", "Conflict", "تعارض"),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed", "الشرط المسبق لم يتحقق"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large", "حجم الطلب أكبر من المسموح"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type", "نوع المحتوى غير مدعوم"),
    UNPROCESSABLE(422, "unprocessable", "Unprocessable request", "تعذرت معالجة الطلب"),
    IDEMPOTENCY_KEY_REUSED(
            422, "idempotency-key-reused", "Idempotency key reused", "مفتاح عدم التكرار مستخدم لطلب آخر"),
    PRECONDITION_REQUIRED(428, "precondition-required", "Precondition required", "يلزم شرط مسبق"),
    RATE_LIMITED(429, "rate-limited", "Too many requests", "طلبات كثيرة جداً"),
    INTERNAL_ERROR(500, "internal-error", "Internal server error", "خطأ داخلي في الخادم"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable", "الخدمة غير متاحة مؤقتاً"),
    TRANSPORT_ERROR(0, "transport-error", "No response from the server", "لا يوجد رد من الخادم");

    /** Every Khidma problem type URI starts with this. */
    public static final String BASE = "https://khidma.io/problems/";

    private final int status;
    private final String code;
    private final String titleEn;
    private final String titleAr;
    private final URI uri;

    ProblemType(int status, String code, String titleEn, String titleAr) {
        this.status = status;
        this.code = code;
        this.titleEn = titleEn;
        this.titleAr = titleAr;
        this.uri = URI.create(BASE + code);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public URI uri() {
        return uri;
    }

    /** The English title. */
    public String title() {
        return titleEn;
    }

    /** The title in Arabic when {@code locale} is Arabic, otherwise in English. */
    public String title(Locale locale) {
        return "ar".equals(locale.getLanguage()) ? titleAr : titleEn;
    }

    /** The type with this URI, when it is one of these. */
    public static Optional<ProblemType> forUri(URI uri) {
        return Arrays.stream(values()).filter(t -> t.uri.equals(uri)).findFirst();
    }

    /** The generic type for an HTTP status, when one is defined. */
    public static Optional<ProblemType> forStatus(int status) {
        return Arrays.stream(values()).filter(t -> t.status == status).findFirst();
    }
}
