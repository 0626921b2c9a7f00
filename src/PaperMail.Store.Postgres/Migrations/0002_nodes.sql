-- Several nodes on one database: ASP.NET Data Protection keys (antiforgery tokens and the admin cookie made on one
-- node open on another and survive restarts), and leases (one holder at a time of a named piece of work).
CREATE TABLE data_protection_keys (
    name       TEXT    NOT NULL PRIMARY KEY,
    xml        TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);

CREATE TABLE leases (
    name        TEXT    NOT NULL PRIMARY KEY,
    holder      TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    acquired_at BIGINT  NOT NULL
);
