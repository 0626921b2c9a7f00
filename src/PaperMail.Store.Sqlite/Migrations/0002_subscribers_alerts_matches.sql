-- Subscribers: one per email address (compared case-insensitively through email_key).
CREATE TABLE subscribers (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL,                  -- as the person typed it (domain in Unicode)
    email_key       TEXT    NOT NULL UNIQUE,           -- lower-cased, IDN domain in ASCII: what comparisons use
    frequency       TEXT    NOT NULL CHECK (frequency IN ('daily', 'weekly')),
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'active', 'unsubscribed', 'suppressed')),
    state_reason    TEXT,
    created_at      INTEGER NOT NULL,
    confirmed_at    INTEGER,
    state_changed_at INTEGER NOT NULL
);

-- Alerts: a query plus filters. 'pending' until the address confirms it by email.
CREATE TABLE alerts (
    id                 INTEGER PRIMARY KEY,
    subscriber_id      INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    query              TEXT    NOT NULL,
    min_upvotes        INTEGER,
    paused             INTEGER NOT NULL DEFAULT 0,
    state              TEXT    NOT NULL CHECK (state IN ('pending', 'active', 'deleted')),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,     -- bumped by every confirmation or edit
    backfilled_version INTEGER NOT NULL DEFAULT 0      -- the version the match job last back-filled
);
CREATE INDEX alerts_subscriber ON alerts (subscriber_id);

-- Each (alert, paper) match exactly once.
CREATE TABLE matches (
    alert_id      INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    paper_id      TEXT    NOT NULL REFERENCES papers (id),
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    matched_at    INTEGER NOT NULL,
    relevance     REAL    NOT NULL,
    score         REAL    NOT NULL,
    hits          TEXT    NOT NULL,                    -- JSON [{"term": "...", "fields": "Title, Abstract"}]
    PRIMARY KEY (alert_id, paper_id)
) WITHOUT ROWID;
CREATE INDEX matches_subscriber ON matches (subscriber_id, matched_at);

-- Watermarks and other small counters that jobs keep between runs.
CREATE TABLE job_state (
    name       TEXT    NOT NULL PRIMARY KEY,
    value      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One row per run of the match job.
CREATE TABLE match_runs (
    id               INTEGER PRIMARY KEY,
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER,
    alerts           INTEGER NOT NULL DEFAULT 0,
    papers_evaluated INTEGER NOT NULL DEFAULT 0,
    backfilled       INTEGER NOT NULL DEFAULT 0,
    matches_added    INTEGER NOT NULL DEFAULT 0,
    error            TEXT
);
