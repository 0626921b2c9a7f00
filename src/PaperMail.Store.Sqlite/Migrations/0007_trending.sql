-- Trending ("top papers") alerts: top_n is the N of "the N most upvoted papers of each day/week"; NULL marks a query
-- alert. A top alert's query is an optional filter ('' for none).
ALTER TABLE alerts ADD COLUMN top_n INTEGER CHECK (top_n IS NULL OR top_n BETWEEN 1 AND 50);

-- What a trending pick was when its digest was planned: its rank among the period's papers and its upvotes then.
-- NULL for the items of query alerts.
ALTER TABLE digest_items ADD COLUMN rank INTEGER;
ALTER TABLE digest_items ADD COLUMN upvotes INTEGER;

-- The day a paper counts for in trending and on /papers: its Hugging Face listing day where known, else the UTC day it
-- was first seen. Computed, so no writer can forget it; indexed with upvotes so a day's ranking is one index range.
ALTER TABLE papers ADD COLUMN list_day TEXT GENERATED ALWAYS AS
    (COALESCE(listed_on, strftime('%Y-%m-%d', first_seen_at / 1000, 'unixepoch'))) VIRTUAL;
CREATE INDEX papers_list_day ON papers (list_day, upvotes);
