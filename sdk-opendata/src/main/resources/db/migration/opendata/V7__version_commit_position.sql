-- Where in the primary's write-ahead log a version was committed (at or after its commit record),
-- so its rows are read from a replica only once that replica has replayed that far. Versions made
-- before this are long replicated. A version whose position was not recorded (its server stopped
-- between the commit and the record) is read from the primary.
ALTER TABLE opendata_version ADD COLUMN committed_at_lsn pg_lsn;
UPDATE opendata_version SET committed_at_lsn = '0/0';
