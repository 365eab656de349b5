-- The service catalogue: agencies, their public services, and citizens' ratings.

CREATE TABLE catalogue_agency (
    id       text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,64}$'),
    name_ar  text,
    name_en  text,
    level    text NOT NULL CHECK (level IN ('FEDERAL', 'LOCAL')),
    emirate  text
);

CREATE TABLE catalogue_service (
    id             uuid PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    agency_id      text NOT NULL REFERENCES catalogue_agency (id),
    status         text NOT NULL CHECK (status IN ('ACTIVE', 'WITHDRAWN')),
    fully_digital  boolean NOT NULL,
    events         text[] NOT NULL,
    channels       text[] NOT NULL,
    -- Arabic and English search terms, analysed by Lucene in the application, stored here so that
    -- every replica ranks from the same data.
    search         tsvector NOT NULL,
    version        integer NOT NULL,
    last_modified  timestamptz NOT NULL
);

-- fastupdate off: a pending list of unsorted entries would be scanned by every search until
-- the next vacuum; catalogue writes are rare, searches constant.
CREATE INDEX catalogue_service_search ON catalogue_service USING gin (search) WITH (fastupdate = off);
CREATE INDEX catalogue_service_agency ON catalogue_service (agency_id, code);
CREATE INDEX catalogue_service_events ON catalogue_service USING gin (events);
CREATE INDEX catalogue_service_channels ON catalogue_service USING gin (channels);

-- The service as its agency wrote it (JSON of PublicService without the catalogue's fields).
-- Kept apart so that search scans narrow rows and reads documents only for the page it returns.
CREATE TABLE catalogue_service_document (
    service_id  uuid PRIMARY KEY REFERENCES catalogue_service (id),
    document    jsonb NOT NULL
);

CREATE TABLE catalogue_rating (
    service_id  uuid NOT NULL REFERENCES catalogue_service (id),
    citizen     text NOT NULL,
    stars       integer NOT NULL CHECK (stars BETWEEN 1 AND 5),
    channel     text NOT NULL,
    comment     text,
    rated_at    timestamptz NOT NULL,
    PRIMARY KEY (service_id, citizen)
);
