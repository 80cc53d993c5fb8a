-- The slots of one silo a unit holds together while it runs (SQLite script 0006): a slot loop claims only rows that
-- need no more than its silo has free. Rows queued before this script need one, as every unit did then.
ALTER TABLE DwpWorkQueue ADD COLUMN IF NOT EXISTS Slots integer NOT NULL DEFAULT 1;
