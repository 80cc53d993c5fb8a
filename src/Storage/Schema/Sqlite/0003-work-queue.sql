-- The durable work queue that every silo's slots pull from. A claim takes a lease;
-- a lease that is not renewed expires and the unit is handed out again. Generation
-- grows with every claim and fences out a slot whose lease was taken over.
CREATE TABLE IF NOT EXISTS DwpWorkQueue
(
    UnitId         TEXT NOT NULL PRIMARY KEY,
    Kind           TEXT NOT NULL,
    SweepId        TEXT NOT NULL,
    State          TEXT NOT NULL,
    Priority       INTEGER NOT NULL DEFAULT 0,
    EnqueuedAt     INTEGER NOT NULL,
    LeaseOwner     TEXT NULL,
    LeaseExpiresAt INTEGER NULL,
    Attempts       INTEGER NOT NULL DEFAULT 0,
    Generation     INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IF NOT EXISTS IX_DwpWorkQueue_Claim ON DwpWorkQueue (State, Priority, EnqueuedAt);
CREATE INDEX IF NOT EXISTS IX_DwpWorkQueue_Sweep ON DwpWorkQueue (SweepId);

-- Each silo's slot capacity and use, refreshed by its heartbeat, for `cluster status`.
CREATE TABLE IF NOT EXISTS DwpSilos
(
    SiloId      TEXT NOT NULL PRIMARY KEY,
    Address     TEXT NOT NULL,
    Slots       INTEGER NOT NULL,
    BusySlots   INTEGER NOT NULL,
    Device      TEXT NOT NULL,
    HeartbeatAt INTEGER NOT NULL
);
