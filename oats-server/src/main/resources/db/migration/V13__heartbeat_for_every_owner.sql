-- Every owner of a running or waiting investigation has a heartbeat row (issue 14), so that a
-- replica's recovery can start from replica_heartbeats (a row per replica) and read no
-- investigation while no heartbeat has run out and no running row is without an owner. From this
-- migration on, a claim or a takeover writes its owner's row in its own transaction when it is
-- missing (with the lease it writes on the rows, so no other lease of that owner is lengthened),
-- and a heartbeat is dropped only with its row lock held and its replica holding nothing.
--
-- Owners from before (rows claimed before their replica's first renewal) get a row that lengthens
-- none of their leases: the earliest of them (a row with no lease counts as expired, so the epoch).
-- A lease keeps running until the later of the row's own expiry and this row's, so each lease runs
-- out exactly when it did without the row.
INSERT INTO replica_heartbeats (replica_id, expires_at)
SELECT i.lease_owner,
       CASE WHEN COUNT(*) = COUNT(i.lease_expires_at) THEN MIN(i.lease_expires_at)
            ELSE TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00:00' END
FROM investigations i
WHERE i.lease_owner IS NOT NULL
  AND i.status IN ('RUNNING', 'WAITING_FOR_APPROVAL')
  AND NOT EXISTS (SELECT 1 FROM replica_heartbeats hb WHERE hb.replica_id = i.lease_owner)
GROUP BY i.lease_owner;
