-- The dispatch lock row keeps an upper bound on how many investigations are RUNNING, so that a
-- claim with room to spare under the cap need not count the running rows (a COUNT(*) over the
-- status index that grows with every running investigation). Every way into RUNNING raises it: a
-- claim by what it claimed, a move into RUNNING by one (before the move). Ways out (an end, a
-- re-queue, a park for an approval) leave it high; a claim that finds no room under the bound
-- counts the rows and sets the bound to the count plus what it claims, so the cap is judged on
-- the exact count whenever it could bind. NULL (as this migration leaves it) means "count".
-- Plain ALTER TABLE ... ADD COLUMN: valid on H2 and PostgreSQL.
ALTER TABLE dispatch_lock ADD COLUMN running_bound BIGINT;
