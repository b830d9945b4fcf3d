-- The metrics sampler counts the registrations of the last minute every 30 s (registrations per minute); without an
-- index on created_at that is a scan of every registration ever made, which grows with each forum.
CREATE INDEX ix_registrations_created ON registrations (created_at);
