-- The store numbers each investigation's events itself, in the transaction that appends one: the
-- investigation's row keeps the last number given, and the update that takes the next one also
-- locks the row, so concurrent appenders (an agent, the server settling an investigation, another
-- replica) get one dense sequence. An agent's delivery carries a key of its own (its run's id and
-- its local number), so a resent event is recognised rather than stored twice or overwritten.

ALTER TABLE investigations ADD COLUMN last_seq BIGINT DEFAULT 0 NOT NULL;
UPDATE investigations SET last_seq =
    (SELECT COALESCE(MAX(e.seq), 0) FROM investigation_events e WHERE e.investigation_id = investigations.id);

ALTER TABLE investigation_events ADD COLUMN delivery_key VARCHAR(120);
ALTER TABLE investigation_events
    ADD CONSTRAINT investigation_events_delivery_key_uq UNIQUE (investigation_id, delivery_key);

-- A run can park while a call waits for approval.
ALTER TABLE investigations DROP CONSTRAINT investigations_status_check;
ALTER TABLE investigations ALTER COLUMN status SET DATA TYPE VARCHAR(32);
ALTER TABLE investigations ADD CONSTRAINT investigations_status_check
    CHECK (status IN ('PENDING', 'RUNNING', 'WAITING_FOR_APPROVAL', 'SUCCEEDED', 'FAILED', 'CANCELLED'));
