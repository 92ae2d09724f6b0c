-- An investigation run by the Kubernetes runner reports its events with a token that authorises
-- nothing else. Only its SHA-256 is kept, so a leaked database does not leak live tokens.
ALTER TABLE investigations ADD COLUMN event_token_sha256 VARCHAR(64);
