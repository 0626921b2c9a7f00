-- Link tokens for emails. Only the SHA-256 of a token is stored; each token has exactly one purpose.
CREATE TABLE subscription_tokens (
    hash          TEXT    NOT NULL PRIMARY KEY,      -- lower-case hex SHA-256 of the token in the link
    purpose       TEXT    NOT NULL CHECK (purpose IN ('confirm', 'manage', 'unsubscribe', 'feeds')),
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    alert_id      INTEGER REFERENCES alerts (id) ON DELETE CASCADE,  -- confirm: the alert it activates
    frequency     TEXT    CHECK (frequency IN ('daily', 'weekly')),  -- confirm: the frequency asked for on the form
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER                            -- null: valid while the subscriber exists
);
CREATE INDEX subscription_tokens_subscriber ON subscription_tokens (subscriber_id);

-- Every email handed to the sender for an address; the per-address confirmation limit counts these rows.
CREATE TABLE email_log (
    id        INTEGER PRIMARY KEY,
    email_key TEXT    NOT NULL,
    kind      TEXT    NOT NULL,                      -- 'confirm' (the digest issue adds 'digest')
    sent_at   INTEGER NOT NULL
);
CREATE INDEX email_log_key ON email_log (email_key, kind, sent_at);
