package io.khidma.requests.server;

import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.catalogue.model.PublicService;
import io.khidma.core.text.Text;
import io.khidma.requests.model.Visit;
import io.khidma.requests.model.VisitStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Locale;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.Language;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Geo;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;

/**
 * A visit as an iCalendar invitation (RFC 5545), written with ical4j: one event whose UID is the
 * visit's, SEQUENCE raised on every reschedule, {@code METHOD:CANCEL} and {@code STATUS:CANCELLED}
 * once cancelled, in Arabic or English. Times are UTC, so no time-zone definition is needed.
 */
final class Invitations {

    static final String MEDIA_TYPE = "text/calendar; charset=utf-8";
    private static final int LINE_OCTETS = 75;

    private Invitations() {}

    static String write(Visit visit, PublicService service, Text agencyName, Locale locale) {
        boolean arabic = "ar".equals(locale.getLanguage());
        var title = service.title().in(locale);
        var language = new ParameterList().add(new Language(arabic ? "ar" : "en"));
        var summary = arabic ? "زيارة منزلية: " + title : "Home visit: " + title;
        var event = new VEvent(visit.slot().startsAt(), visit.slot().endsAt(), summary);
        var area = visit.slot().area();
        var place = visit.place().address() + ", " + visit.place().district() + ", "
                + area.district().in(locale) + ", " + area.emirate();
        var description = (arabic ? "رقم الطلب: " : "Request number: ") + visit.requestNumber() + "\n"
                + (arabic ? "رقم التواصل: " : "Contact number: ") + visit.contactPhone();
        event.add(new Uid(visit.id() + "@khidma"));
        event.replace(new DtStamp(visit.updatedAt()));
        // An invitation (RFC 5546) names who invites, the agency, and who is invited, the citizen,
        // both reachable by telephone.
        var phone = service.channels().stream()
                .filter(c -> c.type() == ChannelType.HOME_DELIVERY && c.phone() != null)
                .map(c -> c.phone().replaceAll("[^0-9+]", ""))
                .findFirst();
        event.add(new Organizer(
                new ParameterList().add(new Cn(agencyName.in(locale))),
                URI.create(phone.map(p -> "tel:" + p).orElse("urn:khidma:agency:" + visit.agencyId()))));
        event.add(new Attendee(
                new ParameterList().add(Role.REQ_PARTICIPANT).add(new Cn(visit.citizen())),
                URI.create("tel:" + visit.contactPhone().replace(" ", ""))));
        event.add(new Location(language, place));
        event.add(new Description(language, description));
        event.add(new Sequence(visit.sequence()));
        boolean cancelled = visit.status() == VisitStatus.CANCELLED;
        event.add(cancelled ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
        if (visit.place().latitude() != null) {
            event.add(new Geo(
                    BigDecimal.valueOf(visit.place().latitude()),
                    BigDecimal.valueOf(visit.place().longitude())));
        }
        var calendar = new Calendar();
        calendar.add(new ProdId("-//Khidma//Visits//" + (arabic ? "AR" : "EN")));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(cancelled ? ImmutableMethod.CANCEL : ImmutableMethod.REQUEST);
        calendar.add(event);
        var out = new StringWriter();
        try {
            // Written unfolded: ical4j folds by characters, RFC 5545 by octets (see fold).
            new CalendarOutputter(true, Integer.MAX_VALUE).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ValidationException e) {
            throw new IllegalStateException("the invitation of visit " + visit.id() + " is not valid iCalendar", e);
        }
        return fold(out.toString());
    }

    /**
     * Folds every content line to at most 75 octets of UTF-8 (RFC 5545 §3.1), a continuation line
     * starting with one space, never inside a character: Arabic text takes two octets a letter.
     */
    static String fold(String unfolded) {
        var folded = new StringBuilder(unfolded.length() + unfolded.length() / 30);
        for (var line : unfolded.split("\r\n")) {
            int octets = 0;
            for (int i = 0; i < line.length(); ) {
                int codePoint = line.codePointAt(i);
                int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                if (octets + size > LINE_OCTETS) {
                    folded.append("\r\n ");
                    octets = 1;
                }
                folded.appendCodePoint(codePoint);
                octets += size;
                i += Character.charCount(codePoint);
            }
            folded.append("\r\n");
        }
        return folded.toString();
    }
}
