-- Whether a version has a daily rollup: per date field and day, its row count and the count, sum,
-- minimum and maximum of every numeric field, built with the version. Aggregations by day, week,
-- month or year read it instead of the rows. Versions loaded before it have none and are
-- aggregated from their rows.
ALTER TABLE opendata_version ADD COLUMN daily_rollup boolean NOT NULL DEFAULT false;
