-- Open data: datasets (DCAT-AP metadata as a document), and the immutable versions of their data.
-- Each version's rows live in a typed table of their own, named by the server, never by input.

CREATE TABLE opendata_dataset (
    id              uuid PRIMARY KEY,
    publisher       text NOT NULL,
    status          text NOT NULL,
    document        jsonb NOT NULL,
    latest_version  integer,
    version         integer NOT NULL,
    issued          timestamptz NOT NULL,
    modified        timestamptz NOT NULL
);
CREATE INDEX opendata_dataset_modified ON opendata_dataset (modified DESC, id DESC);
CREATE INDEX opendata_dataset_publisher ON opendata_dataset (publisher, modified DESC, id DESC);

CREATE TABLE opendata_version (
    dataset_id    uuid NOT NULL REFERENCES opendata_dataset (id) ON DELETE CASCADE,
    number        integer NOT NULL,
    table_name    text NOT NULL UNIQUE,
    row_count     bigint NOT NULL,
    bytes         bigint NOT NULL,
    sha256        text NOT NULL,
    table_schema  jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (dataset_id, number)
);
