package io.khidma.requests.server;

import static io.khidma.core.server.SqlTime.instant;
import static io.khidma.core.server.SqlTime.utc;

import io.khidma.core.text.Text;
import io.khidma.requests.model.Area;
import io.khidma.requests.model.FieldResource;
import io.khidma.requests.model.NewSlot;
import io.khidma.requests.model.Place;
import io.khidma.requests.model.PriorityGroup;
import io.khidma.requests.model.VisitEntry;
import io.khidma.requests.model.VisitStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** All SQL of visits: areas, slots and their counters, consultants and vehicles, visits. */
final class VisitStore {

    /** A slot with its counters. */
    record SlotRow(
            UUID id,
            String agencyId,
            String serviceCode,
            Area area,
            Instant startsAt,
            Instant endsAt,
            int capacity,
            int priorityCapacity,
            Instant priorityReleaseAt,
            int booked,
            int priorityBooked) {

        /** Places anyone may book at {@code now}: the held ones stay out until their release. */
        int available(Instant now) {
            int free = capacity - booked;
            if (now.isBefore(priorityReleaseAt)) {
                free -= Math.max(priorityCapacity - priorityBooked, 0);
            }
            return Math.max(free, 0);
        }

        /** The slot after one more booking. */
        SlotRow taken(boolean priority) {
            return new SlotRow(
                    id,
                    agencyId,
                    serviceCode,
                    area,
                    startsAt,
                    endsAt,
                    capacity,
                    priorityCapacity,
                    priorityReleaseAt,
                    booked + 1,
                    priorityBooked + (priority ? 1 : 0));
        }

        /** Places the priority groups may book: every free one. */
        int priorityAvailable() {
            return capacity - booked;
        }
    }

    /** A visit with its request's number and its slot. */
    record VisitRow(
            UUID id,
            UUID requestId,
            String requestNumber,
            UUID serviceId,
            SlotRow slot,
            String agencyId,
            String citizen,
            String bookedBy,
            PriorityGroup priorityGroup,
            Place place,
            String contactPhone,
            String language,
            VisitStatus status,
            String consultant,
            String vehicle,
            int sequence,
            Integer visitRating,
            Integer serviceRating,
            Instant createdAt,
            Instant updatedAt) {}

    private static final String SLOT_COLUMNS = """
            s.id AS slot_id, s.agency_id AS slot_agency, s.service_code, s.area_code, s.starts_at, s.ends_at,
            s.capacity, s.priority_capacity, s.priority_release_at, s.booked, s.priority_booked,
            a.emirate, a.district_ar, a.district_en
            """;

    private static final String SLOTS = "SELECT " + SLOT_COLUMNS + """
             FROM requests_slot s JOIN requests_area a ON a.agency_id = s.agency_id AND a.code = s.area_code
            """;

    private static final String VISITS = "SELECT v.*, r.number AS request_number, r.service_id, " + SLOT_COLUMNS + """
             FROM requests_visit v
             JOIN requests_request r ON r.id = v.request_id
             JOIN requests_slot s ON s.id = v.slot_id
             JOIN requests_area a ON a.agency_id = s.agency_id AND a.code = s.area_code
            """;

    // Areas and slots

    void saveArea(Handle h, String agencyId, Area area) {
        h.createUpdate("""
                        INSERT INTO requests_area (agency_id, code, emirate, district_ar, district_en)
                        VALUES (:agency, :code, :emirate, :ar, :en)
                        ON CONFLICT (agency_id, code)
                        DO UPDATE SET emirate = :emirate, district_ar = :ar, district_en = :en
                        """)
                .bind("agency", agencyId)
                .bind("code", area.code())
                .bind("emirate", area.emirate())
                .bind("ar", area.district().ar())
                .bind("en", area.district().en())
                .execute();
    }

    List<String> areaCodes(Handle h, String agencyId) {
        return h.createQuery("SELECT code FROM requests_area WHERE agency_id = :agency")
                .bind("agency", agencyId)
                .mapTo(String.class)
                .list();
    }

    /**
     * Adds a slot, or changes one of the same service, area and start. The row's CHECK constraints
     * refuse a capacity below what is booked (SQL state 23514).
     */
    void saveSlot(Handle h, String agencyId, String serviceCode, NewSlot slot, Instant releaseAt) {
        h.createUpdate("""
                        INSERT INTO requests_slot (id, agency_id, service_code, area_code, starts_at, ends_at,
                                                   capacity, priority_capacity, priority_release_at)
                        VALUES (:id, :agency, :service, :area, :starts, :ends, :capacity, :priority, :release)
                        ON CONFLICT (service_code, area_code, starts_at)
                        DO UPDATE SET ends_at = :ends, capacity = :capacity, priority_capacity = :priority,
                                      priority_release_at = :release
                        """)
                .bind("id", UUID.randomUUID())
                .bind("agency", agencyId)
                .bind("service", serviceCode)
                .bind("area", slot.area())
                .bind("starts", utc(slot.startsAt()))
                .bind("ends", utc(slot.endsAt()))
                .bind("capacity", slot.capacity())
                .bind("priority", slot.priorityPlaces())
                .bind("release", utc(releaseAt))
                .execute();
    }

    List<SlotRow> slots(Handle h, String serviceCode, String area, Instant from, Instant to) {
        return h.createQuery(SLOTS + """
                         WHERE s.service_code = :service AND s.starts_at >= :from AND s.starts_at < :to
                           AND (CAST(:area AS text) IS NULL OR s.area_code = :area)
                         ORDER BY s.starts_at, s.area_code
                        """)
                .bind("service", serviceCode)
                .bind("from", utc(from))
                .bind("to", utc(to))
                .bind("area", area)
                .map(VisitStore::slotRow)
                .list();
    }

    Optional<SlotRow> slot(Handle h, UUID id) {
        return h.createQuery(SLOTS + " WHERE s.id = :id")
                .bind("id", id)
                .map(VisitStore::slotRow)
                .findOne();
    }

    /** Locks slots in id order, so two reschedules between the same slots never wait on each other. */
    void lockSlots(Handle h, Collection<UUID> ids) {
        h.createQuery("SELECT id FROM requests_slot WHERE id IN (<ids>) ORDER BY id FOR UPDATE")
                .bindList("ids", List.copyOf(ids))
                .mapTo(UUID.class)
                .list();
    }

    /**
     * Takes a place in a slot if one is left for this booker: the counter's row lock orders
     * concurrent bookers, and the condition sees the counts they committed. A booker outside the
     * priority groups leaves the held places free until their release. False when no place is left.
     */
    boolean take(Handle h, UUID slotId, boolean priority, Instant now) {
        return h.createUpdate("""
                        UPDATE requests_slot
                           SET booked = booked + 1, priority_booked = priority_booked + :one
                         WHERE id = :id AND starts_at > :now AND booked < capacity
                           AND (:priority OR :now >= priority_release_at
                                OR booked - priority_booked + greatest(priority_booked, priority_capacity) < capacity)
                        """)
                        .bind("id", slotId)
                        .bind("one", priority ? 1 : 0)
                        .bind("priority", priority)
                        .bind("now", utc(now))
                        .execute()
                == 1;
    }

    void release(Handle h, UUID slotId, boolean priority) {
        h.createUpdate("""
                        UPDATE requests_slot SET booked = booked - 1, priority_booked = priority_booked - :one
                         WHERE id = :id
                        """).bind("id", slotId).bind("one", priority ? 1 : 0).execute();
    }

    // Consultants and vehicles

    void saveResource(Handle h, String agencyId, FieldResource resource) {
        h.createUpdate("""
                        INSERT INTO requests_field_resource (agency_id, id, kind, name, works_from, works_until, work_days)
                        VALUES (:agency, :id, :kind, :name, CAST(:from AS time), CAST(:until AS time), :days)
                        ON CONFLICT (agency_id, id)
                        DO UPDATE SET kind = :kind, name = :name, works_from = CAST(:from AS time),
                                      works_until = CAST(:until AS time), work_days = :days
                        """)
                .bind("agency", agencyId)
                .bind("id", resource.id())
                .bind("kind", resource.kind().name())
                .bind("name", resource.name())
                .bind("from", resource.worksFrom())
                .bind("until", resource.worksUntil())
                .bind("days", resource.workDays().toArray(Integer[]::new))
                .execute();
    }

    List<FieldResource> resources(Handle h, String agencyId) {
        return h.createQuery("SELECT * FROM requests_field_resource WHERE agency_id = :agency ORDER BY id")
                .bind("agency", agencyId)
                .map(VisitStore::resource)
                .list();
    }

    /** The resource, locked: two dispatchers cannot give one consultant two visits at once. */
    Optional<FieldResource> lockResource(Handle h, String agencyId, String id) {
        return h.createQuery("SELECT * FROM requests_field_resource WHERE agency_id = :agency AND id = :id FOR UPDATE")
                .bind("agency", agencyId)
                .bind("id", id)
                .map(VisitStore::resource)
                .findOne();
    }

    /** Whether the resource goes to another visit whose slot overlaps this time. */
    boolean busy(Handle h, String agencyId, String resourceId, UUID except, Instant from, Instant to) {
        return h.createQuery("""
                        SELECT EXISTS (
                          SELECT 1 FROM requests_visit v JOIN requests_slot s ON s.id = v.slot_id
                           WHERE v.agency_id = :agency AND v.id <> :except
                             AND (v.consultant_id = :resource OR v.vehicle_id = :resource)
                             AND v.status IN ('DISPATCHED', 'EN_ROUTE', 'ON_SITE')
                             AND s.starts_at < :to AND s.ends_at > :from)
                        """)
                .bind("agency", agencyId)
                .bind("resource", resourceId)
                .bind("except", except)
                .bind("from", utc(from))
                .bind("to", utc(to))
                .mapTo(Boolean.class)
                .one();
    }

    // Visits

    void insert(
            Handle h,
            UUID id,
            UUID requestId,
            UUID slotId,
            String agencyId,
            String citizen,
            String bookedBy,
            PriorityGroup group,
            Place place,
            String phone,
            String language,
            Instant now) {
        h.createUpdate("""
                        INSERT INTO requests_visit (id, request_id, slot_id, agency_id, citizen, booked_by, priority_group,
                                                    address, district, latitude, longitude, contact_phone, language,
                                                    status, created_at, updated_at)
                        VALUES (:id, :request, :slot, :agency, :citizen, :by, :group, :address, :district,
                                CAST(:lat AS double precision), CAST(:lon AS double precision), :phone, :language,
                                'BOOKED', :now, :now)
                        """)
                .bind("id", id)
                .bind("request", requestId)
                .bind("slot", slotId)
                .bind("agency", agencyId)
                .bind("citizen", citizen)
                .bind("by", bookedBy)
                .bind("group", group == null ? null : group.name())
                .bind("address", place.address())
                .bind("district", place.district())
                .bind("lat", place.latitude())
                .bind("lon", place.longitude())
                .bind("phone", phone)
                .bind("language", language)
                .bind("now", utc(now))
                .execute();
    }

    Optional<VisitRow> find(Handle h, UUID id) {
        return h.createQuery(VISITS + " WHERE v.id = :id")
                .bind("id", id)
                .map(VisitStore::visit)
                .findOne();
    }

    Optional<VisitRow> lock(Handle h, UUID id) {
        return h.createQuery(VISITS + " WHERE v.id = :id FOR UPDATE OF v")
                .bind("id", id)
                .map(VisitStore::visit)
                .findOne();
    }

    /** An agency's visits whose slot starts in [from, to), by start time. */
    List<VisitRow> board(Handle h, String agencyId, Instant from, Instant to, VisitStatus status) {
        return h.createQuery(VISITS + """
                         WHERE v.agency_id = :agency AND s.starts_at >= :from AND s.starts_at < :to
                           AND (CAST(:status AS text) IS NULL OR v.status = :status)
                         ORDER BY s.starts_at, v.id
                        """)
                .bind("agency", agencyId)
                .bind("from", utc(from))
                .bind("to", utc(to))
                .bind("status", status == null ? null : status.name())
                .map(VisitStore::visit)
                .list();
    }

    void update(
            Handle h,
            UUID id,
            UUID slotId,
            VisitStatus status,
            String consultant,
            String vehicle,
            int sequence,
            Integer visitRating,
            Integer serviceRating,
            String comment,
            Instant now) {
        h.createUpdate("""
                        UPDATE requests_visit
                           SET slot_id = :slot, status = :status, consultant_id = :consultant, vehicle_id = :vehicle,
                               sequence = :sequence, visit_rating = CAST(:visitRating AS integer),
                               service_rating = CAST(:serviceRating AS integer),
                               rating_comment = COALESCE(:comment, rating_comment), updated_at = :now
                         WHERE id = :id
                        """)
                .bind("id", id)
                .bind("slot", slotId)
                .bind("status", status.name())
                .bind("consultant", consultant)
                .bind("vehicle", vehicle)
                .bind("sequence", sequence)
                .bind("visitRating", visitRating)
                .bind("serviceRating", serviceRating)
                .bind("comment", comment)
                .bind("now", utc(now))
                .execute();
    }

    /** Records a change of a visit in its request's timeline. */
    void addEvent(Handle h, VisitRow visit, String type, String requestStatus, String actor, String note, Instant at) {
        h.createUpdate("""
                        INSERT INTO requests_event (request_id, visit_id, type, status, actor, note, at)
                        VALUES (:request, :visit, :type, :status, :actor, :note, :at)
                        """)
                .bind("request", visit.requestId())
                .bind("visit", visit.id())
                .bind("type", type)
                .bind("status", requestStatus)
                .bind("actor", actor)
                .bind("note", note)
                .bind("at", utc(at))
                .execute();
    }

    List<VisitEntry> history(Handle h, UUID visitId) {
        return h.createQuery("SELECT * FROM requests_event WHERE visit_id = :visit ORDER BY sequence")
                .bind("visit", visitId)
                .map((rs, ctx) -> new VisitEntry(
                        instant(rs, "at"), rs.getString("type"), rs.getString("actor"), rs.getString("note")))
                .list();
    }

    // Mapping

    private static SlotRow slotRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SlotRow(
                rs.getObject("slot_id", UUID.class),
                rs.getString("slot_agency"),
                rs.getString("service_code"),
                new Area(
                        rs.getString("area_code"),
                        rs.getString("emirate"),
                        Text.of(rs.getString("district_ar"), rs.getString("district_en"))),
                instant(rs, "starts_at"),
                instant(rs, "ends_at"),
                rs.getInt("capacity"),
                rs.getInt("priority_capacity"),
                instant(rs, "priority_release_at"),
                rs.getInt("booked"),
                rs.getInt("priority_booked"));
    }

    private static VisitRow visit(ResultSet rs, StatementContext ctx) throws SQLException {
        var group = rs.getString("priority_group");
        var latitude = rs.getObject("latitude", Double.class);
        var longitude = rs.getObject("longitude", Double.class);
        return new VisitRow(
                rs.getObject("id", UUID.class),
                rs.getObject("request_id", UUID.class),
                rs.getString("request_number"),
                rs.getObject("service_id", UUID.class),
                slotRow(rs, ctx),
                rs.getString("agency_id"),
                rs.getString("citizen"),
                rs.getString("booked_by"),
                group == null ? null : PriorityGroup.valueOf(group),
                new Place(rs.getString("address"), rs.getString("district"), latitude, longitude),
                rs.getString("contact_phone"),
                rs.getString("language"),
                VisitStatus.valueOf(rs.getString("status")),
                rs.getString("consultant_id"),
                rs.getString("vehicle_id"),
                rs.getInt("sequence"),
                rs.getObject("visit_rating", Integer.class),
                rs.getObject("service_rating", Integer.class),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static FieldResource resource(ResultSet rs, StatementContext ctx) throws SQLException {
        var days = (Integer[]) rs.getArray("work_days").getArray();
        return new FieldResource(
                rs.getString("id"),
                FieldResource.Kind.valueOf(rs.getString("kind")),
                rs.getString("name"),
                rs.getObject("works_from", LocalTime.class).toString(),
                rs.getObject("works_until", LocalTime.class).toString(),
                Arrays.asList(days));
    }
}
