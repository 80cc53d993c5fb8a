-- Content-addressed artifacts in 16 MiB chunks (the SQLite scripts 0002 and 0004 in
-- their final form): the artifact row is written last, in the chunks' transaction.
-- Times are Unix milliseconds, as the C# code binds them.
CREATE TABLE IF NOT EXISTS DwpArtifacts
(
    Sha256    text NOT NULL PRIMARY KEY,
    Kind      text NOT NULL,
    Size      bigint NOT NULL,
    Chunks    integer NOT NULL,
    CreatedAt bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS DwpArtifactChunks
(
    Sha256  text NOT NULL,
    Seq     integer NOT NULL,
    Content bytea NOT NULL,
    PRIMARY KEY (Sha256, Seq)
);
