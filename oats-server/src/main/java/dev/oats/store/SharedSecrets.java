package dev.oats.store;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * What server replicas sharing one database must agree on and so keep there: secrets made once (the
 * first replica to store one wins, the others read it), API keys as SHA-256 digests, and the
 * WebSocket tickets already used.
 */
public final class SharedSecrets {

  /** Unique violation, the same code in PostgreSQL and H2. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** The row whose insertion makes a replica the one that generates the first API key. */
  private static final String FIRST_KEY_CLAIM = "first-api-key";

  /** Used tickets are swept after this many uses. */
  private static final long SWEEP_EVERY = 256;

  /** An API key as the database keeps it: its name and the hex SHA-256 digest of the key. */
  public record StoredKey(String name, String sha256) {}

  private final Jdbi jdbi;
  private final AtomicLong uses = new AtomicLong();

  public SharedSecrets(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * The secret stored under {@code name}; when there is none, {@code make}'s value is stored,
   * unless another replica stores one first, in which case that one is returned.
   */
  public String secret(String name, Supplier<String> make) {
    Optional<String> stored = storedSecret(name);
    if (stored.isPresent()) {
      return stored.get();
    }
    try {
      String made = make.get();
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO server_secrets (name, secret, created_at)"
                          + " VALUES (:name, :secret, :at)")
                  .bind("name", name)
                  .bind("secret", made)
                  .bind("at", now())
                  .execute());
      return made;
    } catch (UnableToExecuteStatementException e) {
      if (!uniqueViolation(e)) {
        throw e;
      }
      return storedSecret(name).orElseThrow(() -> e);
    }
  }

  private Optional<String> storedSecret(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT secret FROM server_secrets WHERE name = :name")
                .bind("name", name)
                .mapTo(String.class)
                .findOne());
  }

  /** The API keys stored in the database. */
  public List<StoredKey> apiKeys() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT name, key_sha256 FROM api_keys ORDER BY created_at, name")
                .map((rs, ctx) -> new StoredKey(rs.getString("name"), rs.getString("key_sha256")))
                .list());
  }

  /**
   * Stores the first API key, unless a key was ever generated before, by this replica or another:
   * of replicas starting together on an empty database exactly one wins. Returns whether this one
   * did (and must show the key).
   */
  public boolean storeFirstKey(StoredKey key) {
    try {
      jdbi.useTransaction(
          h -> {
            h.createUpdate(
                    "INSERT INTO server_secrets (name, secret, created_at)"
                        + " VALUES (:name, :secret, :at)")
                .bind("name", FIRST_KEY_CLAIM)
                .bind("secret", key.name())
                .bind("at", now())
                .execute();
            h.createUpdate(
                    "INSERT INTO api_keys (name, key_sha256, created_at)"
                        + " VALUES (:name, :digest, :at)")
                .bind("name", key.name())
                .bind("digest", key.sha256())
                .bind("at", now())
                .execute();
          });
      return true;
    } catch (UnableToExecuteStatementException e) {
      if (uniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Records the use of a ticket; false when it was used before (here or on another replica).
   *
   * @param expiresAt when the ticket expires, after which its record may go
   */
  public boolean firstUse(String nonce, Instant expiresAt, Instant now) {
    if (uses.incrementAndGet() % SWEEP_EVERY == 0) {
      jdbi.useHandle(
          h ->
              h.createUpdate("DELETE FROM socket_ticket_uses WHERE expires_at < :now")
                  .bind("now", at(now))
                  .execute());
    }
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO socket_ticket_uses (nonce, expires_at) VALUES (:nonce, :expires)")
                  .bind("nonce", nonce)
                  .bind("expires", at(expiresAt))
                  .execute());
      return true;
    } catch (UnableToExecuteStatementException e) {
      if (uniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static boolean uniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
