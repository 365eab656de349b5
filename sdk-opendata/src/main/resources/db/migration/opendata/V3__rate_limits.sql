-- Rate limits: API keys issued to registered consumers (only a SHA-256 of each key is kept), and
-- fixed-window request counts shared by every replica when the limits are configured as shared.

CREATE TABLE opendata_api_key (
    id          uuid PRIMARY KEY,
    key_hash    text NOT NULL UNIQUE,
    name        text NOT NULL,
    owner       text NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX opendata_api_key_owner ON opendata_api_key (owner);

CREATE UNLOGGED TABLE opendata_rate_window (
    bucket        text NOT NULL,
    window_start  timestamptz NOT NULL,
    count         integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
