package io.khidma.requests.server;

import io.khidma.core.text.Text;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.TimelineEntry;
import java.util.Locale;
import java.util.Map;

/** The words of a request's timeline, in Arabic and English. */
final class Timeline {

    private static final Map<String, Text> BY_TYPE = Map.ofEntries(
            Map.entry("drafted", Text.of("حُفظ الطلب كمسودة", "The request was saved as a draft")),
            Map.entry("submitted", Text.of("قُدّم الطلب", "The request was submitted")),
            Map.entry("blocked", Text.of("الطلب بانتظار إنجاز الخطوات السابقة", "The request waits for earlier steps")),
            Map.entry(
                    "released",
                    Text.of(
                            "أُحيل الطلب إلى الجهة بعد إنجاز الخطوات السابقة",
                            "Earlier steps are done: the request went to the agency")),
            Map.entry("payment_due", Text.of("بانتظار دفع الرسوم", "Waiting for the fees to be paid")),
            Map.entry("paid", Text.of("دُفعت الرسوم", "The fees were paid")),
            Map.entry("assigned", Text.of("أُسند الطلب إلى موظف", "The request was assigned to an officer")),
            Map.entry("info_requested", Text.of("طلبت الجهة معلومات إضافية", "The agency asked for more information")),
            Map.entry(
                    "info_provided",
                    Text.of("قدّم المتعامل المعلومات المطلوبة", "The citizen provided the information")),
            Map.entry("completed", Text.of("أُنجز الطلب", "The request was completed")),
            Map.entry("rated", Text.of("قيّم المتعامل الخدمة", "The citizen rated the service")),
            Map.entry("document_issued", Text.of("أصدرت الجهة وثيقة موثقة", "The agency issued a verifiable document")),
            Map.entry("document_revoked", Text.of("ألغت الجهة وثيقة", "The agency revoked a document")),
            Map.entry("visit_booked", Text.of("حُجز موعد زيارة", "A visit was booked")),
            Map.entry("visit_rescheduled", Text.of("تغيّر موعد الزيارة", "The visit was rescheduled")),
            Map.entry("visit_cancelled", Text.of("أُلغيت الزيارة", "The visit was cancelled")),
            Map.entry(
                    "visit_dispatched",
                    Text.of("عُيّن مستشار ومركبة للزيارة", "A consultant and a vehicle were dispatched")),
            Map.entry("visit_en_route", Text.of("المستشار في الطريق إليك", "The consultant is on the way")),
            Map.entry("visit_on_site", Text.of("وصل المستشار", "The consultant has arrived")),
            Map.entry("visit_done", Text.of("أُنجزت الزيارة", "The visit is done")),
            Map.entry("visit_no_show", Text.of("لم يحضر المتعامل للزيارة", "The citizen was not there")),
            Map.entry("visit_rated", Text.of("قيّم المتعامل الزيارة", "The citizen rated the visit")),
            Map.entry(
                    "stopped",
                    Text.of("أُوقف الطلب لأن خطوة سابقة لم تُنجز", "Stopped: an earlier step was not completed")));

    private static final Map<RequestStatus, Text> BY_STATUS = Map.of(
            RequestStatus.IN_REVIEW, Text.of("الطلب قيد المراجعة", "The request is in review"),
            RequestStatus.APPROVED, Text.of("وافقت الجهة على الطلب", "The agency approved the request"),
            RequestStatus.REJECTED, Text.of("رفضت الجهة الطلب", "The agency rejected the request"),
            RequestStatus.CANCELLED, Text.of("أُلغي الطلب", "The request was cancelled"),
            RequestStatus.WITHDRAWN, Text.of("سحبت الجهة الطلب", "The agency withdrew the request"),
            RequestStatus.SUBMITTED, Text.of("أُعيد تقديم الطلب", "The request was submitted again"));

    private Timeline() {}

    static TimelineEntry entry(RequestStore.Event event, String number, String agencyId, Locale locale) {
        var text = BY_TYPE.get(event.type());
        if (text == null) {
            text = BY_STATUS.getOrDefault(
                    event.status(),
                    Text.of(event.status().name(), event.status().name()));
        }
        return new TimelineEntry(
                event.at(),
                event.type(),
                event.status(),
                event.actor(),
                text.in(locale),
                event.note(),
                number,
                agencyId);
    }
}
