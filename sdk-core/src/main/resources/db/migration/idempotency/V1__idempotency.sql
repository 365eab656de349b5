-- Idempotency keys of mutating POSTs. The primary key makes "one request per key" hold across
-- every replica on this database; the stored response is replayed to retries of the same request.
CREATE TABLE idempotency_key (
    scope         text NOT NULL,
    key           text NOT NULL,
    request_hash  bytea NOT NULL,
    status        integer,
    content_type  text,
    location      text,
    etag          text,
    body          bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
