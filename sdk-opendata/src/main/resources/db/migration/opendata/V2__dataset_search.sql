-- Dataset search: Arabic and English terms analysed in the application (as the catalogue's are),
-- titles and keywords weighted above descriptions; themes and keywords filtered through the document.

ALTER TABLE opendata_dataset ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX opendata_dataset_search ON opendata_dataset USING gin (search) WITH (fastupdate = off);
CREATE INDEX opendata_dataset_document ON opendata_dataset USING gin (document jsonb_path_ops);
