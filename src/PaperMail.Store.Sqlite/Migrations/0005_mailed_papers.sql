-- Which papers reached which address, written in the transaction that marks a digest sent: a paper is never mailed
-- twice to an address. It replaces matches.digest_id, which marking a digest sent had to set on every match the digest
-- covered, rewriting each wide row (hits and all) and an index entry: one narrow insert per paper costs a fifth of that.
CREATE TABLE mailed_papers (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    paper_id      TEXT    NOT NULL,
    digest_id     INTEGER NOT NULL,                    -- the digest that carried it (goes with the subscriber)
    PRIMARY KEY (subscriber_id, paper_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO mailed_papers (subscriber_id, paper_id, digest_id)
SELECT subscriber_id, paper_id, MIN(digest_id) FROM matches WHERE digest_id IS NOT NULL GROUP BY subscriber_id, paper_id;

DROP INDEX matches_unsent;
ALTER TABLE matches DROP COLUMN digest_id;
