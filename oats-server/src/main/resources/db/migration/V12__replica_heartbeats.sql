-- One heartbeat row per replica (issue 14): a replica renews its leases by rewriting its own row
-- every renewal, not every running row it holds (V7's renewal wrote O(running) rows every few
-- seconds and held their row locks while the claim rounds needed them).
--
-- A running or waiting investigation's lease runs until the later of its own lease_expires_at
-- (written when a replica claims it or takes it over) and its owner's heartbeat here. A replica
-- that stops renewing (killed, partitioned) lets its heartbeat run out, and then any other replica
-- recovers what it held, as before. A row whose owner has no heartbeat here counts by its own
-- lease alone; a row with no owner or no lease counts as expired.
CREATE TABLE replica_heartbeats (
    replica_id VARCHAR(200)             NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
