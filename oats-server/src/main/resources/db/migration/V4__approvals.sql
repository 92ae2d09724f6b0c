-- Calls held for approval, so that a decision survives a restart and any replica can take it. A
-- decision is a conditional update from WAITING: the first one wins.
CREATE TABLE approvals (
    investigation_id VARCHAR(36)              NOT NULL,
    call_id          VARCHAR(200)             NOT NULL,
    run_no           INTEGER                  NOT NULL,
    tool             VARCHAR(200)             NOT NULL,
    arguments_json   TEXT                     NOT NULL,
    side_effect      VARCHAR(32)              NOT NULL,
    reason           TEXT                     NOT NULL,
    requested_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline         TIMESTAMP WITH TIME ZONE NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    decided_by       VARCHAR(200),
    decided_at       TIMESTAMP WITH TIME ZONE,
    decision_reason  TEXT,
    CONSTRAINT approvals_pk PRIMARY KEY (investigation_id, call_id),
    CONSTRAINT approvals_investigation_fk
        FOREIGN KEY (investigation_id) REFERENCES investigations (id) ON DELETE CASCADE,
    CONSTRAINT approvals_status_check
        CHECK (status IN ('WAITING', 'APPROVED', 'DENIED', 'TIMED_OUT', 'CANCELLED'))
);

CREATE INDEX approvals_waiting_idx ON approvals (status, deadline);
