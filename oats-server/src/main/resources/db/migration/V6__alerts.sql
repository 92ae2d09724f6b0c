-- The Alertmanager alert that started an investigation, kept on it: one row per investigation an
-- alert started. The latest row of a fingerprint is what a re-sent alert is recorded on while its
-- investigation is open or ended within the dedup window.
CREATE TABLE investigation_alerts (
    investigation_id  VARCHAR(36)              NOT NULL PRIMARY KEY,
    fingerprint       VARCHAR(128)             NOT NULL,
    alertname         VARCHAR(253)             NOT NULL,
    status            VARCHAR(16)              NOT NULL,
    labels_json       TEXT                     NOT NULL,
    annotations_json  TEXT                     NOT NULL,
    starts_at         TIMESTAMP WITH TIME ZONE,
    ends_at           TIMESTAMP WITH TIME ZONE,
    generator_url     TEXT,
    external_url      TEXT,
    receiver          VARCHAR(253),
    runbook           VARCHAR(253),
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    deliveries        INTEGER                  NOT NULL,
    resolved_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT investigation_alerts_investigation_fk
        FOREIGN KEY (investigation_id) REFERENCES investigations (id) ON DELETE CASCADE,
    CONSTRAINT investigation_alerts_status_check CHECK (status IN ('firing', 'resolved'))
);

CREATE INDEX investigation_alerts_fingerprint_idx ON investigation_alerts (fingerprint, received_at);
CREATE INDEX investigation_alerts_received_idx ON investigation_alerts (received_at);

-- One row that every alert intake locks (SELECT ... FOR UPDATE) while it decides whether an alert
-- starts an investigation: the dedup check, the hourly cap and the start are one step, across
-- threads and across server replicas sharing the database, so concurrent identical deliveries
-- (Alertmanager retries, several Alertmanagers in a cluster) start one investigation.
CREATE TABLE alert_intake_lock (
    id        INTEGER                  NOT NULL PRIMARY KEY,
    locked_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO alert_intake_lock (id, locked_at) VALUES (1, CURRENT_TIMESTAMP);
