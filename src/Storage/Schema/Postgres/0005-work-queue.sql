-- The durable work queue (SQLite script 0003): claims take a lease, an unrenewed lease
-- expires and the unit is handed out again; Generation grows with every claim and fences
-- out a slot whose lease was taken over. Claimers pass each other with FOR UPDATE SKIP LOCKED.
CREATE TABLE IF NOT EXISTS DwpWorkQueue
(
    UnitId         text NOT NULL PRIMARY KEY,
    Kind           text NOT NULL,
    SweepId        text NOT NULL,
    State          text NOT NULL,
    Priority       integer NOT NULL DEFAULT 0,
    EnqueuedAt     bigint NOT NULL,
    LeaseOwner     text NULL,
    LeaseExpiresAt bigint NULL,
    Attempts       integer NOT NULL DEFAULT 0,
    Generation     bigint NOT NULL DEFAULT 0
);

CREATE INDEX IF NOT EXISTS ix_dwpworkqueue_claim ON DwpWorkQueue (State, Priority, EnqueuedAt);
CREATE INDEX IF NOT EXISTS ix_dwpworkqueue_sweep ON DwpWorkQueue (SweepId);

-- Each silo's slot capacity and use, refreshed by its heartbeat, for `cluster status`.
CREATE TABLE IF NOT EXISTS DwpSilos
(
    SiloId      text NOT NULL PRIMARY KEY,
    Address     text NOT NULL,
    Slots       integer NOT NULL,
    BusySlots   integer NOT NULL,
    Device      text NOT NULL,
    HeartbeatAt bigint NOT NULL
);
