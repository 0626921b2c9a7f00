-- The digest outbox: one row per (subscriber, period), e.g. (7, '2026-11-29') or (7, '2026-W48').
CREATE TABLE digests (
    id              INTEGER PRIMARY KEY,
    subscriber_id   INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    period          TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'suppressed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    claimed_at      INTEGER,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    message_id      TEXT,
    last_error      TEXT,
    web_token_hash  TEXT UNIQUE,                       -- SHA-256 of the "view in browser" link's token
    UNIQUE (subscriber_id, period)
);
CREATE INDEX digests_state ON digests (state, next_attempt_at);

-- The (alert, paper) matches a digest covers, fixed when it is planned.
CREATE TABLE digest_items (
    digest_id INTEGER NOT NULL REFERENCES digests (id) ON DELETE CASCADE,
    alert_id  INTEGER NOT NULL,
    paper_id  TEXT    NOT NULL,
    PRIMARY KEY (digest_id, alert_id, paper_id)
) WITHOUT ROWID;
CREATE INDEX digest_items_match ON digest_items (alert_id, paper_id);

-- Set in the transaction that marks the digest sent: a paper is never mailed twice to an address.
ALTER TABLE matches ADD COLUMN digest_id INTEGER REFERENCES digests (id) ON DELETE SET NULL;
CREATE INDEX matches_unsent ON matches (subscriber_id, digest_id);
