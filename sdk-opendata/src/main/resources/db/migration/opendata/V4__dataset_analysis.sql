-- The search analysis a dataset's terms were made by: datasets analysed by another one (or before
-- this column) are analysed again when the server starts.
ALTER TABLE opendata_dataset ADD COLUMN analysed_with text NOT NULL DEFAULT '';
