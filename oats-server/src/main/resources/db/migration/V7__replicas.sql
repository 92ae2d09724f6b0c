-- Several server replicas on one database (issue 17). Every piece of state they share lives here.
--
-- A running investigation has a lease: the replica that claimed it (its owner) and when the claim
-- runs out unless the owner renews it. A replica that stops renewing (killed, partitioned) leaves
-- its leases to expire, and any other replica recovers only those. A row with no lease (written
-- before this migration) counts as expired.
ALTER TABLE investigations ADD COLUMN lease_owner VARCHAR(200);
ALTER TABLE investigations ADD COLUMN lease_expires_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX investigations_lease_idx ON investigations (lease_owner, status);

-- One row that every claim of pending work locks first, so claims from all replicas queue there:
-- counting what runs and claiming the free slots is one step, and the cap holds across replicas.
CREATE TABLE dispatch_lock (
    id         INTEGER                  NOT NULL PRIMARY KEY,
    claimed_at TIMESTAMP WITH TIME ZONE
);
INSERT INTO dispatch_lock (id, claimed_at) VALUES (1, NULL);

-- Work due at a time (the end of a cancelled investigation's grace period), settled by whichever
-- replica's tick finds it first: the tick claims a due row with a row lock and removes it, so it is
-- settled exactly once. Approval deadlines live in the approvals table, decided the same way.
CREATE TABLE timers (
    investigation_id VARCHAR(36)              NOT NULL,
    kind             VARCHAR(32)              NOT NULL,
    due_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    reason           TEXT                     NOT NULL,
    CONSTRAINT timers_pk PRIMARY KEY (investigation_id, kind),
    CONSTRAINT timers_investigation_fk
        FOREIGN KEY (investigation_id) REFERENCES investigations (id) ON DELETE CASCADE,
    CONSTRAINT timers_kind_check CHECK (kind IN ('CANCEL_GRACE'))
);
CREATE INDEX timers_due_idx ON timers (due_at);
