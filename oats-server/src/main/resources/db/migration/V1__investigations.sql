-- Investigations and their append-only event logs.
--
-- Written in the SQL that PostgreSQL 15 and H2 2.x (in its default mode) both accept, so one
-- migration serves both: TEXT is unbounded in PostgreSQL and a CHARACTER VARYING of up to 10^9
-- characters in H2; TIMESTAMP WITH TIME ZONE keeps instants exactly (to the microsecond) in both.

CREATE TABLE investigations (
    id                 VARCHAR(36)              NOT NULL PRIMARY KEY,
    goal               TEXT                     NOT NULL,
    target_namespace   VARCHAR(253)             NOT NULL,
    status             VARCHAR(16)              NOT NULL,
    runner             VARCHAR(32)              NOT NULL,
    job_name           VARCHAR(253),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at         TIMESTAMP WITH TIME ZONE,
    finished_at        TIMESTAMP WITH TIME ZONE,
    turns              INTEGER                  NOT NULL,
    max_turns          INTEGER                  NOT NULL,
    input_tokens       BIGINT                   NOT NULL,
    output_tokens      BIGINT                   NOT NULL,
    cache_read_tokens  BIGINT                   NOT NULL,
    cache_write_tokens BIGINT                   NOT NULL,
    model              VARCHAR(200),
    report             TEXT,
    failure_reason     TEXT,
    CONSTRAINT investigations_status_check
        CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'))
);

-- The history list reads newest first, optionally narrowed to some statuses or one namespace;
-- id breaks ties between investigations created in the same microsecond.
CREATE INDEX investigations_created_idx ON investigations (created_at, id);
CREATE INDEX investigations_status_idx ON investigations (status, created_at);
CREATE INDEX investigations_namespace_idx ON investigations (target_namespace, created_at);

-- One row per event. The primary key makes appends idempotent: a retried delivery of the same
-- sequence number violates it and is reported as a duplicate.
CREATE TABLE investigation_events (
    investigation_id VARCHAR(36)              NOT NULL,
    seq              BIGINT                   NOT NULL,
    event_type       VARCHAR(64)              NOT NULL,
    emitted_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    event_json       TEXT                     NOT NULL,
    CONSTRAINT investigation_events_pk PRIMARY KEY (investigation_id, seq),
    CONSTRAINT investigation_events_investigation_fk
        FOREIGN KEY (investigation_id) REFERENCES investigations (id) ON DELETE CASCADE
);
