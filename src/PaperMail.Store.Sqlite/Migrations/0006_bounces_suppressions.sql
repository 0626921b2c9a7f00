-- Why an address is suppressed: one row per suppressed subscriber (subscribers.state = 'suppressed' stays the switch
-- every query already reads). A complaint is lifted only by the admin, never by confirming again.
CREATE TABLE suppressions (
    subscriber_id INTEGER NOT NULL PRIMARY KEY REFERENCES subscribers (id) ON DELETE CASCADE,
    reason        TEXT    NOT NULL CHECK (reason IN ('hard', 'soft', 'complaint')),
    status        TEXT,                              -- enhanced status code (5.1.1) or reply code, when known
    detail        TEXT,                              -- the server's or report's words
    source        TEXT    NOT NULL,                  -- 'smtp', 'mailbox', 'webhook'
    created_at    INTEGER NOT NULL
);
CREATE INDEX suppressions_reason ON suppressions (reason, created_at);
CREATE INDEX suppressions_created ON suppressions (created_at);

-- Addresses suppressed before this table existed were all suppressed by a 5xx on RCPT.
INSERT INTO suppressions (subscriber_id, reason, status, detail, source, created_at)
SELECT id, 'hard', NULL, state_reason, 'smtp', state_changed_at FROM subscribers WHERE state = 'suppressed';

-- Every report against an address. event_key names the report, so one processed twice counts once.
CREATE TABLE bounce_events (
    id            INTEGER PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    verdict       TEXT    NOT NULL CHECK (verdict IN ('hard', 'soft', 'complaint', 'ignore')),
    status        TEXT,
    detail        TEXT,
    source        TEXT    NOT NULL,
    event_key     TEXT    NOT NULL UNIQUE,
    occurred_at   INTEGER NOT NULL
);
CREATE INDEX bounce_events_subscriber ON bounce_events (subscriber_id, verdict, occurred_at);

-- The envelope of every message sent: its opaque VERP id (the envelope sender's +tag) and its Message-Id.
CREATE TABLE envelopes (
    verp_id       TEXT    NOT NULL PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    message_id    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX envelopes_message_id ON envelopes (message_id);
CREATE INDEX envelopes_subscriber ON envelopes (subscriber_id);

-- Why sending stopped (a relay refusing everyone, a relay down, a configuration error), for the admin overview.
CREATE TABLE delivery_problems (
    id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    kind      TEXT    NOT NULL,
    detail    TEXT    NOT NULL,
    since     INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
);

-- Which node claimed a digest, so a restarted node can release its own dead claims at once.
ALTER TABLE digests ADD COLUMN claimed_by TEXT;
