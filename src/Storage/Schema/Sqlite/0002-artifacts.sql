-- Content-addressed artifacts: checkpoints, kernel banks, VAE weights.
-- Written once under their SHA-256; grains pass only the hash.
CREATE TABLE IF NOT EXISTS DwpArtifacts
(
    Sha256    TEXT NOT NULL PRIMARY KEY,
    Kind      TEXT NOT NULL,
    Size      INTEGER NOT NULL,
    Content   BLOB NOT NULL,
    CreatedAt INTEGER NOT NULL
);
