-- Unified payments. Amounts are bigint minor units (fils); every change of a payment is an event.

CREATE TABLE payment (
    id                  uuid PRIMARY KEY,
    status              text NOT NULL,
    amount              bigint NOT NULL CHECK (amount > 0),
    currency            text NOT NULL,
    reference           text NOT NULL,
    description         text,
    channel             text NOT NULL,
    return_url          text NOT NULL,
    language            text NOT NULL,
    citizen             text,
    created_by          text NOT NULL,
    delayed_capture     boolean NOT NULL,
    page_token          text NOT NULL,
    authorising_at      timestamptz,
    card_brand          text,
    card_last4          text,
    provider_reference  text,
    captured_amount     bigint NOT NULL DEFAULT 0,
    captured_at         timestamptz,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX payment_created ON payment (created_at DESC, id DESC);
CREATE INDEX payment_citizen ON payment (citizen, created_at DESC, id DESC);
CREATE INDEX payment_reference ON payment (reference);
CREATE INDEX payment_open ON payment (expires_at) WHERE status IN ('CREATED', 'STARTED');

CREATE TABLE payment_line_item (
    payment_id       uuid NOT NULL REFERENCES payment (id),
    number           integer NOT NULL,
    service_id       uuid NOT NULL,
    service_code     text NOT NULL,
    fee_code         text NOT NULL,
    agency_id        text NOT NULL,
    agency_name_ar   text,
    agency_name_en   text,
    description_ar   text,
    description_en   text,
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_amount      bigint NOT NULL CHECK (unit_amount >= 0),
    amount           bigint NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (payment_id, number)
);
CREATE INDEX payment_line_item_agency ON payment_line_item (agency_id, payment_id);

CREATE TABLE payment_event (
    sequence    bigserial PRIMARY KEY,
    payment_id  uuid NOT NULL REFERENCES payment (id),
    type        text NOT NULL,
    status      text NOT NULL,
    at          timestamptz NOT NULL,
    detail      text
);
CREATE INDEX payment_event_payment ON payment_event (payment_id, sequence);

CREATE TABLE refund (
    id            uuid PRIMARY KEY,
    payment_id    uuid NOT NULL REFERENCES payment (id),
    amount        bigint NOT NULL CHECK (amount > 0),
    status        text NOT NULL,
    reason        text,
    requested_by  text NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX refund_payment ON refund (payment_id, created_at);

CREATE TABLE refund_line (
    refund_id    uuid NOT NULL REFERENCES refund (id),
    payment_id   uuid NOT NULL,
    line_number  integer NOT NULL,
    amount       bigint NOT NULL CHECK (amount > 0),
    PRIMARY KEY (refund_id, line_number),
    FOREIGN KEY (payment_id, line_number) REFERENCES payment_line_item (payment_id, number)
);

-- Double-entry ledger. Debits are positive, credits negative; the entries of every transaction sum
-- to zero, which the deferred trigger below checks at commit, whoever writes them.
CREATE TABLE ledger_transaction (
    id          uuid PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('capture', 'refund')),
    payment_id  uuid NOT NULL REFERENCES payment (id),
    refund_id   uuid REFERENCES refund (id),
    at          timestamptz NOT NULL,
    UNIQUE (refund_id)
);
-- A payment is captured into the ledger once, whatever races or retries happen.
CREATE UNIQUE INDEX ledger_one_capture ON ledger_transaction (payment_id) WHERE kind = 'capture';
CREATE INDEX ledger_transaction_at ON ledger_transaction (at);

CREATE TABLE ledger_entry (
    id              bigserial PRIMARY KEY,
    transaction_id  uuid NOT NULL REFERENCES ledger_transaction (id),
    account         text NOT NULL,
    agency_id       text,
    line_number     integer,
    amount          bigint NOT NULL CHECK (amount <> 0)
);
CREATE INDEX ledger_entry_transaction ON ledger_entry (transaction_id);
CREATE INDEX ledger_entry_account ON ledger_entry (account);

CREATE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT coalesce(sum(amount), 0) FROM ledger_entry WHERE transaction_id = NEW.transaction_id) <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not balance', NEW.transaction_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT OR UPDATE ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances();

-- Webhooks: endpoints, their secrets (several while one rotates), the outbox of events written in
-- the same transaction as the payment change, one delivery per event and endpoint, every attempt.
CREATE TABLE webhook_endpoint (
    id           uuid PRIMARY KEY,
    agency_id    text NOT NULL,
    url          text NOT NULL,
    event_types  text[] NOT NULL,
    description  text,
    created_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);
CREATE INDEX webhook_endpoint_agency ON webhook_endpoint (agency_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_secret (
    endpoint_id  uuid NOT NULL REFERENCES webhook_endpoint (id),
    secret       text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz
);
CREATE INDEX webhook_secret_endpoint ON webhook_secret (endpoint_id);

CREATE TABLE webhook_event (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    agency_id   text NOT NULL,
    payment_id  uuid NOT NULL,
    payload     bytea NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE webhook_delivery (
    id               uuid PRIMARY KEY,
    event_id         text NOT NULL REFERENCES webhook_event (id),
    endpoint_id      uuid NOT NULL REFERENCES webhook_endpoint (id),
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    claimed_until    timestamptz,
    created_at       timestamptz NOT NULL,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, created_at DESC, id DESC);

CREATE TABLE webhook_attempt (
    delivery_id      uuid NOT NULL REFERENCES webhook_delivery (id),
    number           integer NOT NULL,
    at               timestamptz NOT NULL,
    response_status  integer,
    error            text,
    duration_millis  bigint NOT NULL,
    PRIMARY KEY (delivery_id, number)
);
