-- Several processes on one database: ASP.NET Data Protection keys (antiforgery tokens and the admin cookie survive
-- restarts and open in any process), and leases (one holder at a time of a named piece of work, e.g. sending).
CREATE TABLE data_protection_keys (
    name       TEXT    NOT NULL PRIMARY KEY,
    xml        TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE leases (
    name        TEXT    NOT NULL PRIMARY KEY,
    holder      TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL
);
