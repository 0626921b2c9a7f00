-- A confirmation link is single use: the time it confirmed. Opening it again says "already confirmed".
ALTER TABLE subscription_tokens ADD COLUMN used_at INTEGER;

-- "Sign out all links" and unsubscribing: manage links (and a digest's links to the manage page) issued before this
-- time stop working. Unsubscribe links keep working.
ALTER TABLE subscribers ADD COLUMN links_revoked_at INTEGER;

-- Housekeeping finds expired tokens and old email-log rows without reading the tables whole; the global cap on
-- confirmation emails per hour counts by kind and time.
CREATE INDEX subscription_tokens_expiry ON subscription_tokens (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX email_log_kind_sent ON email_log (kind, sent_at);
CREATE INDEX subscribers_state ON subscribers (state, state_changed_at);

-- Links from feeds must be http(s): ones stored before ingestion checked (javascript:, data:) are dropped.
UPDATE papers SET github_repo = NULL
WHERE github_repo IS NOT NULL AND lower(github_repo) NOT LIKE 'http://%' AND lower(github_repo) NOT LIKE 'https://%';
UPDATE papers SET project_page = NULL
WHERE project_page IS NOT NULL AND lower(project_page) NOT LIKE 'http://%' AND lower(project_page) NOT LIKE 'https://%';
