-- A dataset's name: URL-friendly, unique and stable, as CKAN tools expect beside the id. Datasets
-- made before this column are named from their English title, as new ones are; when two titles
-- make one name, the later dataset's name ends with the start of its id.
ALTER TABLE opendata_dataset ADD COLUMN name text;

WITH slugs AS (
    SELECT id, issued,
           left(trim(BOTH '-' FROM regexp_replace(lower(document -> 'title' ->> 'en'), '[^a-z0-9]+', '-', 'g')),
                80) AS slug
      FROM opendata_dataset
), named AS (
    SELECT id, issued,
           CASE WHEN length(slug) >= 2 THEN slug WHEN slug = '' THEN 'dataset' ELSE 'dataset-' || slug END AS slug
      FROM slugs
), numbered AS (
    SELECT id, slug, row_number() OVER (PARTITION BY slug ORDER BY issued, id) AS n FROM named
)
UPDATE opendata_dataset d
   SET name = CASE WHEN n = 1 THEN numbered.slug ELSE numbered.slug || '-' || left(d.id::text, 8) END
  FROM numbered
 WHERE d.id = numbered.id;

ALTER TABLE opendata_dataset
    ALTER COLUMN name SET NOT NULL,
    ADD CONSTRAINT opendata_dataset_name_key UNIQUE (name),
    ADD CONSTRAINT opendata_dataset_name_format CHECK (name ~ '^[a-z0-9][a-z0-9_-]{1,99}$');
