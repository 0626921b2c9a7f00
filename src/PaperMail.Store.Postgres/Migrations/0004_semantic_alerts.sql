-- Semantic ("similar papers") alerts: the PostgreSQL twin of SQLite's semantic_alerts migration.
-- One vector per paper for its title + abstract, from the model named; text_hash says which text it was made from,
-- so a paper is re-embedded only when that text changes (or the model does). vector: int8 values after a 4-byte scale,
-- kept as the same bytes the SQLite provider stores (bytea), so the matcher reads one format on both.
-- embedded_seq is the paper's change_seq when its text was read: a later change (upvotes too) has it looked at again.
CREATE TABLE paper_embeddings (
    paper_id     TEXT   NOT NULL PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    model        TEXT   NOT NULL,
    text_hash    TEXT   NOT NULL,
    vector       BYTEA  NOT NULL,
    embedded_seq BIGINT NOT NULL,
    embedded_at  BIGINT NOT NULL
);

-- A similar-papers alert keeps its description, examples and threshold as JSON here (NULL for other kinds); its
-- optional keyword filter is the ordinary query column ('' when none).
ALTER TABLE alerts ADD COLUMN similar_to TEXT;

-- The alert's combined vector, worked out by the match job for one alert version and model, and its parts (the
-- description's and each example's vector, with the words the digest gives as the reason: JSON).
CREATE TABLE alert_embeddings (
    alert_id BIGINT NOT NULL PRIMARY KEY REFERENCES alerts (id) ON DELETE CASCADE,
    version  BIGINT NOT NULL,
    model    TEXT   NOT NULL,
    vector   BYTEA  NOT NULL,
    parts    TEXT   NOT NULL
);
