-- The slots of one silo a unit holds together while it runs (a spec's resources.slots): a slot loop claims only rows
-- that need no more than its silo has free. Rows queued before this script need one, as every unit did then.
ALTER TABLE DwpWorkQueue ADD COLUMN Slots INTEGER NOT NULL DEFAULT 1;
