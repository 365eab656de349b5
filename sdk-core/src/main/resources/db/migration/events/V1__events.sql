-- The platform's events to agencies: webhook endpoints, their secrets (several while one rotates),
-- the outbox of events written in the same transaction as the change they report, one delivery per
-- event and endpoint, and every attempt. Payments, service requests and visits all publish here.

CREATE TABLE events_endpoint (
    id           uuid PRIMARY KEY,
    agency_id    text NOT NULL,
    -- A platform endpoint receives the events of every agency, not only its registrar's.
    platform     boolean NOT NULL DEFAULT false,
    url          text NOT NULL,
    event_types  text[] NOT NULL,
    description  text,
    created_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);
CREATE INDEX events_endpoint_agency ON events_endpoint (agency_id) WHERE deleted_at IS NULL;
CREATE INDEX events_endpoint_platform ON events_endpoint (platform) WHERE deleted_at IS NULL AND platform;

CREATE TABLE events_secret (
    endpoint_id  uuid NOT NULL REFERENCES events_endpoint (id),
    secret       text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz
);
CREATE INDEX events_secret_endpoint ON events_secret (endpoint_id);

CREATE TABLE events_outbox (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    agency_ids  text[] NOT NULL,
    -- What the event is about: a payment id, a request number.
    subject     text NOT NULL,
    payload     bytea NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX events_outbox_subject ON events_outbox (subject, created_at);

CREATE TABLE events_delivery (
    id               uuid PRIMARY KEY,
    event_id         text NOT NULL REFERENCES events_outbox (id),
    endpoint_id      uuid NOT NULL REFERENCES events_endpoint (id),
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    claimed_until    timestamptz,
    created_at       timestamptz NOT NULL,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX events_delivery_due ON events_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX events_delivery_endpoint ON events_delivery (endpoint_id, created_at DESC, id DESC);

CREATE TABLE events_attempt (
    delivery_id      uuid NOT NULL REFERENCES events_delivery (id),
    number           integer NOT NULL,
    at               timestamptz NOT NULL,
    response_status  integer,
    error            text,
    duration_millis  bigint NOT NULL,
    PRIMARY KEY (delivery_id, number)
);

-- Until this kit moved out of payments, payments kept these in webhook_* tables of its own. A
-- database that holds any moves them here, endpoints, secrets, pending deliveries and history
-- alike, and drops the old tables; payments' migration V3 drops them when they are empty.
DO $$
BEGIN
    IF to_regclass('webhook_endpoint') IS NOT NULL THEN
        INSERT INTO events_endpoint (id, agency_id, url, event_types, description, created_at, deleted_at)
            SELECT id, agency_id, url, event_types, description, created_at, deleted_at FROM webhook_endpoint;
        INSERT INTO events_secret (endpoint_id, secret, created_at, expires_at)
            SELECT endpoint_id, secret, created_at, expires_at FROM webhook_secret;
        INSERT INTO events_outbox (id, type, agency_ids, subject, payload, created_at)
            SELECT id, type, ARRAY[agency_id], payment_id::text, payload, created_at FROM webhook_event;
        INSERT INTO events_delivery (id, event_id, endpoint_id, status, attempts, next_attempt_at, claimed_until, created_at)
            SELECT id, event_id, endpoint_id, status, attempts, next_attempt_at, claimed_until, created_at
              FROM webhook_delivery;
        INSERT INTO events_attempt (delivery_id, number, at, response_status, error, duration_millis)
            SELECT delivery_id, number, at, response_status, error, duration_millis FROM webhook_attempt;
        DROP TABLE webhook_attempt, webhook_delivery, webhook_event, webhook_secret, webhook_endpoint;
    END IF;
END $$;
