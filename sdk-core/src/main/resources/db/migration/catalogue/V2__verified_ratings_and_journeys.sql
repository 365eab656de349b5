-- A rating given for a completed service request names the request: a verified rating.
ALTER TABLE catalogue_rating ADD COLUMN request_number text;

-- Integrated journeys: bundles of several agencies' services a citizen applies for once. The
-- journey as the platform wrote it (JSON of Journey), versioned for If-Match.
CREATE TABLE catalogue_journey (
    code           text PRIMARY KEY CHECK (code ~ '^[A-Z0-9-]{2,40}$'),
    document       jsonb NOT NULL,
    version        integer NOT NULL,
    last_modified  timestamptz NOT NULL
);
