-- Which papers reached which address, written in the transaction that marks a digest sent: a paper is never mailed
-- twice to an address. It replaces matches.digest_id, which marking a digest sent had to set on every match the digest
-- covered, rewriting each wide row (hits and all) and an index entry: one narrow insert per paper costs a fifth of that.
CREATE TABLE mailed_papers (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    paper_id      TEXT    NOT NULL,
    digest_id     INTEGER NOT NULL,                    -- the digest that carried it (goes with the subscriber)
    PRIMARY KEY (subscriber_id, paper_id)
) WITHOUT ROWID;

-- Every paper of every sent digest (this also covers matches deleted since with their alert), and every match marked.
INSERT OR IGNORE INTO mailed_papers (subscriber_id, paper_id, digest_id)
SELECT d.subscriber_id, di.paper_id, MIN(d.id)
FROM digests d JOIN digest_items di ON di.digest_id = d.id
WHERE d.state = 'sent'
GROUP BY d.subscriber_id, di.paper_id;
INSERT OR IGNORE INTO mailed_papers (subscriber_id, paper_id, digest_id)
SELECT subscriber_id, paper_id, MIN(digest_id) FROM matches WHERE digest_id IS NOT NULL GROUP BY subscriber_id, paper_id;

DROP INDEX matches_unsent;
ALTER TABLE matches DROP COLUMN digest_id;

-- A subscriber's digests on their way (a handful at most), for planning's "already on its way to this address" check.
CREATE INDEX digests_unsent ON digests (subscriber_id) WHERE state IN ('pending', 'sending');
