-- Who a service is for, a search filter like its channels.
ALTER TABLE catalogue_service ADD COLUMN audiences text[] NOT NULL DEFAULT '{}';
CREATE INDEX catalogue_service_audiences ON catalogue_service USING gin (audiences);

-- Search reads a table of its own: every match costs a visit to its row, so these rows carry only
-- what ranking needs: the terms, the code (the ranking's tie-break) and whether the service is active.
CREATE TABLE catalogue_search (
    service_id  uuid PRIMARY KEY REFERENCES catalogue_service (id),
    code        text NOT NULL,
    active      boolean NOT NULL,
    terms       tsvector NOT NULL
);
CREATE INDEX catalogue_search_terms ON catalogue_search USING gin (terms) WITH (fastupdate = off);
INSERT INTO catalogue_search (service_id, code, active, terms)
SELECT id, code, status = 'ACTIVE', search FROM catalogue_service;
ALTER TABLE catalogue_service DROP COLUMN search;

-- Spelling correction: the words services are written with and how many services use each, found
-- by trigram distance. pg_trgm reads Arabic letters only when the database's LC_CTYPE is a UTF-8
-- locale (the catalogue warns at start when it is not).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A service's words (normalised, for the vocabulary below) and the analysis its terms were made by:
-- rows analysed by another analysis, or before there was a vocabulary, are analysed again at start.
-- Beside the document, not in catalogue_service, whose rows search reads and must stay narrow.
ALTER TABLE catalogue_service_document ADD COLUMN words text[] NOT NULL DEFAULT '{}';
ALTER TABLE catalogue_service_document ADD COLUMN analysed_with text NOT NULL DEFAULT '';

CREATE TABLE catalogue_word (
    word      text PRIMARY KEY,
    display   text NOT NULL,
    services  integer NOT NULL CHECK (services > 0)
);

-- GiST, not GIN: it answers "the nearest words" (ORDER BY word <-> :typed LIMIT n) without a
-- similarity threshold, which short words with one typo would not reach.
CREATE INDEX catalogue_word_trigrams ON catalogue_word USING gist (word gist_trgm_ops);
