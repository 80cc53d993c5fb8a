-- What each unit's attempts did, for `dwpfarm sweep logs`: where an attempt ran, its progress
-- milestones, and how it ended. Id orders the lines and lets a follower ask for what is new.
CREATE TABLE IF NOT EXISTS DwpUnitLog
(
    Id      INTEGER PRIMARY KEY AUTOINCREMENT,
    SweepId TEXT NOT NULL,
    UnitId  TEXT NOT NULL,
    Attempt INTEGER NOT NULL,
    At      INTEGER NOT NULL,
    Silo    TEXT NOT NULL,
    Level   TEXT NOT NULL,
    Message TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS IX_DwpUnitLog_Sweep ON DwpUnitLog (SweepId, Id);
