-- What each unit's attempts did (SQLite script 0005), for `dwpfarm sweep logs`. Id orders the
-- lines and lets a follower ask for what is new.
CREATE TABLE IF NOT EXISTS DwpUnitLog
(
    Id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    SweepId text NOT NULL,
    UnitId  text NOT NULL,
    Attempt integer NOT NULL,
    At      bigint NOT NULL,
    Silo    text NOT NULL,
    Level   text NOT NULL,
    Message text NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_dwpunitlog_sweep ON DwpUnitLog (SweepId, Id);
