-- State that replicas sharing one database must agree on, rather than each keeping its own.

-- Secrets made once for all replicas (the WebSocket ticket key, when OATS_TICKET_SECRET is unset).
-- The first replica to insert a name wins; the others read what it stored.
CREATE TABLE server_secrets (
    name       VARCHAR(100)             NOT NULL,
    secret     VARCHAR(200)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT server_secrets_pk PRIMARY KEY (name)
);

-- API keys kept in the database (with PostgreSQL and no OATS_API_KEYS), as SHA-256 digests only.
CREATE TABLE api_keys (
    name       VARCHAR(200)             NOT NULL,
    key_sha256 CHAR(64)                 NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT api_keys_pk PRIMARY KEY (name),
    CONSTRAINT api_keys_digest_unique UNIQUE (key_sha256)
);

-- WebSocket tickets already used: a signed ticket opens one socket, on whichever replica.
CREATE TABLE socket_ticket_uses (
    nonce      VARCHAR(64)              NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT socket_ticket_uses_pk PRIMARY KEY (nonce)
);

CREATE INDEX socket_ticket_uses_expiry_idx ON socket_ticket_uses (expires_at);
