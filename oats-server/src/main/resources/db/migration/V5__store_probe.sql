-- One row the server rewrites to learn whether the store can write again after a write failed
-- (a full disk): /readyz stays "not ready" until this update reaches the database.
CREATE TABLE store_probe (
  id INTEGER PRIMARY KEY,
  written_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO store_probe (id, written_at) VALUES (1, CURRENT_TIMESTAMP);
