-- Papers, one row per arXiv id (without version) or source-specific key. Times are Unix milliseconds (UTC).
CREATE TABLE papers (
    id               TEXT    NOT NULL PRIMARY KEY,
    title            TEXT    NOT NULL,
    abstract         TEXT    NOT NULL DEFAULT '',
    authors          TEXT    NOT NULL DEFAULT '[]',  -- JSON array, byline order
    org_name         TEXT,
    org_display_name TEXT,
    published_at     INTEGER,
    listed_on        TEXT,                           -- yyyy-MM-dd, Hugging Face Daily Papers day
    upvotes          INTEGER,
    github_repo      TEXT,
    project_page     TEXT,
    ai_summary       TEXT,
    ai_keywords      TEXT    NOT NULL DEFAULT '[]',
    categories       TEXT    NOT NULL DEFAULT '[]',
    sources          TEXT    NOT NULL DEFAULT '[]',  -- names of the sources that saw it
    first_seen_at    INTEGER NOT NULL,
    changed_at       INTEGER NOT NULL,
    change_seq       INTEGER NOT NULL                -- store-wide, increases with every matchable change
);
CREATE UNIQUE INDEX papers_change_seq ON papers (change_seq);
CREATE INDEX papers_first_seen_at ON papers (first_seen_at);

-- Every upvote value we observed, so a threshold crossing can be explained later.
CREATE TABLE paper_upvotes (
    paper_id    TEXT    NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    observed_at INTEGER NOT NULL,
    upvotes     INTEGER NOT NULL
);
CREATE INDEX paper_upvotes_paper ON paper_upvotes (paper_id, observed_at);

-- One row per run of one source.
CREATE TABLE source_runs (
    id          INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    fetched     INTEGER NOT NULL DEFAULT 0,
    new         INTEGER NOT NULL DEFAULT 0,
    changed     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    ignored     INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    error       TEXT
);
CREATE INDEX source_runs_source ON source_runs (source, started_at);
