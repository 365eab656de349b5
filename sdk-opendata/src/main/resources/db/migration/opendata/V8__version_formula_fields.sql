-- The text fields (by index in the table schema) of a version holding a value that starts with
-- = + - @, the only ones a CSV export that neutralises formulas needs to look at. NULL for versions
-- loaded before this was recorded: every text field is looked at.
ALTER TABLE opendata_version ADD COLUMN formula_fields integer[];
