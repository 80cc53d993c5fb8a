-- Content-addressed artifacts: checkpoints, models, kernel banks, VAE weights.
-- Written once under their SHA-256; grains pass only the hash. The bytes live in
-- chunks, so an artifact may exceed the 1 GB limit of a single BLOB (a paper-scale bank).
CREATE TABLE IF NOT EXISTS DwpArtifacts
(
    Sha256    TEXT NOT NULL PRIMARY KEY,
    Kind      TEXT NOT NULL,
    Size      INTEGER NOT NULL,
    Chunks    INTEGER NOT NULL,
    CreatedAt INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS DwpArtifactChunks
(
    Sha256  TEXT NOT NULL,
    Seq     INTEGER NOT NULL,
    Content BLOB NOT NULL,
    PRIMARY KEY (Sha256, Seq)
);
