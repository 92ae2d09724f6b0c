-- The Idempotency-Key a caller sent with POST /investigate, so that a submit retried after a lost
-- answer (a timeout, a dropped connection, a second click) returns the investigation the first one
-- started instead of starting another: one row per caller (the API key's name, '' without keys)
-- and key, written in the transaction that stores the investigation. request_digest (SHA-256 of
-- the goal and namespace) tells a retry from a different request under a reused key. Keys expire
-- (the server drops rows older than a day as it stores new ones), and go with their investigation.
CREATE TABLE submit_keys (
    caller            VARCHAR(200)             NOT NULL,
    idempotency_key   VARCHAR(255)             NOT NULL,
    request_digest    VARCHAR(64)              NOT NULL,
    investigation_id  VARCHAR(36)              NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT submit_keys_pk PRIMARY KEY (caller, idempotency_key),
    CONSTRAINT submit_keys_investigation_fk
        FOREIGN KEY (investigation_id) REFERENCES investigations (id) ON DELETE CASCADE
);

CREATE INDEX submit_keys_created_idx ON submit_keys (created_at);
