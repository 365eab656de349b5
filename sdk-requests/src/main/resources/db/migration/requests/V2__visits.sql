-- Services on demand (Tawseel): bookable capacity per service and area, the agency's consultants
-- and vehicles, and visits booked against a request.

CREATE TABLE requests_area (
    agency_id    text NOT NULL,
    code         text NOT NULL,
    emirate      text NOT NULL,
    district_ar  text NOT NULL,
    district_en  text NOT NULL,
    PRIMARY KEY (agency_id, code)
);

-- A slot counts its bookings in the row. Booking is one conditional UPDATE of that row: its row
-- lock orders concurrent bookers of one slot on every replica, and the CHECK constraints make an
-- over-booked slot impossible whatever writes to it; no count over the visits is ever needed.
CREATE TABLE requests_slot (
    id                   uuid PRIMARY KEY,
    agency_id            text NOT NULL,
    service_code         text NOT NULL,
    area_code            text NOT NULL,
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    capacity             integer NOT NULL CHECK (capacity > 0),
    -- Places held for the elderly and people of determination until priority_release_at.
    priority_capacity    integer NOT NULL CHECK (priority_capacity >= 0),
    priority_release_at  timestamptz NOT NULL,
    booked               integer NOT NULL DEFAULT 0,
    priority_booked      integer NOT NULL DEFAULT 0,
    CHECK (ends_at > starts_at),
    CHECK (priority_capacity <= capacity),
    CHECK (booked BETWEEN 0 AND capacity),
    CHECK (priority_booked BETWEEN 0 AND booked),
    UNIQUE (service_code, area_code, starts_at),
    FOREIGN KEY (agency_id, area_code) REFERENCES requests_area (agency_id, code)
);
CREATE INDEX requests_slot_service ON requests_slot (service_code, starts_at);

-- Consultants and vehicles, with their working hours in the agency's time zone.
CREATE TABLE requests_field_resource (
    agency_id    text NOT NULL,
    id           text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('CONSULTANT', 'VEHICLE')),
    name         text NOT NULL,
    works_from   time NOT NULL,
    works_until  time NOT NULL,
    -- ISO days of the week, 1 (Monday) to 7 (Sunday).
    work_days    integer[] NOT NULL,
    CHECK (works_until > works_from),
    PRIMARY KEY (agency_id, id)
);

CREATE TABLE requests_visit (
    id              uuid PRIMARY KEY,
    request_id      uuid NOT NULL REFERENCES requests_request (id),
    slot_id         uuid NOT NULL REFERENCES requests_slot (id),
    agency_id       text NOT NULL,
    citizen         text NOT NULL,
    booked_by       text NOT NULL,
    priority_group  text CHECK (priority_group IN ('ELDERLY', 'DETERMINATION')),
    address         text NOT NULL,
    district        text NOT NULL,
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    contact_phone   text NOT NULL,
    language        text NOT NULL CHECK (language IN ('ar', 'en')),
    status          text NOT NULL,
    consultant_id   text,
    vehicle_id      text,
    -- The invitation's SEQUENCE (RFC 5545): raised on every reschedule and on cancellation.
    sequence        integer NOT NULL DEFAULT 0,
    visit_rating    integer CHECK (visit_rating BETWEEN 1 AND 5),
    service_rating  integer CHECK (service_rating BETWEEN 1 AND 5),
    rating_comment  text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    FOREIGN KEY (agency_id, consultant_id) REFERENCES requests_field_resource (agency_id, id),
    FOREIGN KEY (agency_id, vehicle_id) REFERENCES requests_field_resource (agency_id, id)
);
-- One visit at a time per request: a second booking is a conflict, a reschedule moves this one.
CREATE UNIQUE INDEX requests_visit_active ON requests_visit (request_id)
    WHERE status IN ('BOOKED', 'RESCHEDULED', 'DISPATCHED', 'EN_ROUTE', 'ON_SITE');
CREATE INDEX requests_visit_slot ON requests_visit (slot_id);
CREATE INDEX requests_visit_agency ON requests_visit (agency_id, created_at);

-- A visit's changes are told in its request's timeline, and make the visit's own history.
ALTER TABLE requests_event ADD COLUMN visit_id uuid REFERENCES requests_visit (id);
CREATE INDEX requests_event_visit ON requests_event (visit_id, sequence) WHERE visit_id IS NOT NULL;
