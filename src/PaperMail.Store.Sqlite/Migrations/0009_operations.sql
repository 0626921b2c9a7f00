-- A subscriber's own time zone (IANA name, such as Europe/Berlin): their digests go out at the send hour on their
-- clock. NULL: the operator's zone (PaperMail:Digest:TimeZone) applies.
ALTER TABLE subscribers ADD COLUMN time_zone TEXT;

-- CSV imports by an admin: who, when, which file, how many rows, and whether the admin declared that the people had
-- already consented (then no confirmation email was sent and their alerts were active at once).
CREATE TABLE imports (
    id               INTEGER PRIMARY KEY,
    imported_by      TEXT    NOT NULL,
    imported_at      INTEGER NOT NULL,
    file_name        TEXT    NOT NULL,
    rows_total       INTEGER NOT NULL,
    rows_imported    INTEGER NOT NULL,
    rows_rejected    INTEGER NOT NULL,
    confirmations_sent     INTEGER NOT NULL,
    confirmations_deferred INTEGER NOT NULL,
    already_consented INTEGER NOT NULL CHECK (already_consented IN (0, 1))
);
CREATE INDEX imports_at ON imports (imported_at);
