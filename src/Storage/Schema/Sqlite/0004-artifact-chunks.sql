-- Artifacts move into 16 MiB chunks, so one may exceed the 1 GB limit of a single BLOB
-- (a paper-scale kernel bank). Existing artifacts become one chunk each.
CREATE TABLE IF NOT EXISTS DwpArtifactChunks
(
    Sha256  TEXT NOT NULL,
    Seq     INTEGER NOT NULL,
    Content BLOB NOT NULL,
    PRIMARY KEY (Sha256, Seq)
);

INSERT INTO DwpArtifactChunks (Sha256, Seq, Content)
SELECT Sha256, 0, Content FROM DwpArtifacts;

CREATE TABLE DwpArtifactsChunked
(
    Sha256    TEXT NOT NULL PRIMARY KEY,
    Kind      TEXT NOT NULL,
    Size      INTEGER NOT NULL,
    Chunks    INTEGER NOT NULL,
    CreatedAt INTEGER NOT NULL
);

INSERT INTO DwpArtifactsChunked (Sha256, Kind, Size, Chunks, CreatedAt)
SELECT Sha256, Kind, Size, 1, CreatedAt FROM DwpArtifacts;

DROP TABLE DwpArtifacts;
ALTER TABLE DwpArtifactsChunked RENAME TO DwpArtifacts;
