-- Service requests: applications to agencies' services, their documents, every change as an
-- event, and journey applications that join several agencies' requests.

-- Human-readable numbers, e.g. RTA-2026-000123: one counter per prefix and year. The row lock of
-- the upsert orders numbers across replicas without gaps from rolled-back sequences mattering.
CREATE TABLE requests_counter (
    prefix  text NOT NULL,
    year    integer NOT NULL,
    last    bigint NOT NULL,
    PRIMARY KEY (prefix, year)
);

CREATE TABLE requests_document (
    id          uuid PRIMARY KEY,
    owner       text NOT NULL,
    uploaded_by text NOT NULL,
    media_type  text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size        bigint NOT NULL CHECK (size > 0),
    sha256      text NOT NULL,
    filename    text,
    content     bytea NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX requests_document_owner ON requests_document (owner, created_at);

CREATE TABLE requests_journey (
    id              uuid PRIMARY KEY,
    number          text NOT NULL UNIQUE,
    journey_code    text NOT NULL,
    title_ar        text,
    title_en        text,
    citizen         text NOT NULL,
    submitted_by    text NOT NULL,
    -- The journey's steps as they were when the citizen applied (JSON of JourneyStep[]).
    steps           jsonb NOT NULL,
    consent         jsonb NOT NULL,
    payment_id      uuid,
    idempotency_key text,
    created_at      timestamptz NOT NULL
);
CREATE INDEX requests_journey_citizen ON requests_journey (citizen, created_at DESC, id DESC);
CREATE UNIQUE INDEX requests_journey_idempotency ON requests_journey (submitted_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

CREATE TABLE requests_request (
    id                uuid PRIMARY KEY,
    number            text NOT NULL UNIQUE,
    service_id        uuid NOT NULL,
    service_code      text NOT NULL,
    agency_id         text NOT NULL,
    citizen           text NOT NULL,
    submitted_by      text NOT NULL,
    channel           text NOT NULL,
    language          text NOT NULL CHECK (language IN ('ar', 'en')),
    status            text NOT NULL,
    awaiting_payment  boolean NOT NULL DEFAULT false,
    payment_id        uuid,
    data              jsonb NOT NULL,
    inputs            jsonb,
    outputs           jsonb,
    assigned_to       text,
    sla_seconds       bigint,
    due_at            timestamptz,
    -- While the agency waits for the citizen (INFO_REQUESTED) the service-level clock stops: when.
    paused_at         timestamptz,
    journey_id        uuid REFERENCES requests_journey (id),
    step_key          text,
    rating            integer CHECK (rating BETWEEN 1 AND 5),
    idempotency_key   text,
    submitted_at      timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (journey_id, step_key)
);
CREATE INDEX requests_request_citizen ON requests_request (citizen, created_at DESC, id DESC);
-- The agency inbox by due time, then id, for keyset pages: what awaits the agency, and everything
-- it ever received (a journey's step reaches its agency only when released).
CREATE INDEX requests_request_inbox_open ON requests_request (agency_id, due_at, id)
    WHERE status IN ('SUBMITTED', 'IN_REVIEW', 'INFO_REQUESTED', 'APPROVED');
CREATE INDEX requests_request_inbox ON requests_request (agency_id, due_at, id) WHERE submitted_at IS NOT NULL;
CREATE INDEX requests_request_payment ON requests_request (payment_id) WHERE awaiting_payment;
CREATE INDEX requests_request_journey ON requests_request (journey_id) WHERE journey_id IS NOT NULL;
CREATE UNIQUE INDEX requests_request_idempotency ON requests_request (submitted_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

CREATE TABLE requests_attachment (
    request_id   uuid NOT NULL REFERENCES requests_request (id),
    document_id  uuid NOT NULL REFERENCES requests_document (id),
    kind         text NOT NULL,
    output       boolean NOT NULL,
    attached_at  timestamptz NOT NULL,
    PRIMARY KEY (request_id, document_id, output)
);
-- Who may read a document: its owner, and the agencies of the requests it is attached to.
CREATE INDEX requests_attachment_document ON requests_attachment (document_id);

CREATE TABLE requests_event (
    sequence    bigserial PRIMARY KEY,
    request_id  uuid NOT NULL REFERENCES requests_request (id),
    type        text NOT NULL,
    status      text NOT NULL,
    actor       text NOT NULL,
    note        text,
    at          timestamptz NOT NULL
);
CREATE INDEX requests_event_request ON requests_event (request_id, sequence);
