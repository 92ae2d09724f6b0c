package dev.oats.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.UnknownHostException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * An open store database: a connection pool, a schema brought up to date by the Flyway migrations
 * in {@code db/migration}, and the {@link InvestigationStore} over it. H2 runs in its default mode;
 * the migrations use only SQL that it and PostgreSQL share.
 *
 * <pre>{@code
 * try (Database db = Database.open(DatabaseConfig.of(config.store()))) {
 *   InvestigationStore store = db.investigations();
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {

  private static final String POOL_NAME = "oats-store";
  private static final int MINIMUM_IDLE = 2;

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;
  private final int migrationsApplied;
  private final InvestigationStore investigations;

  private Database(DatabaseConfig config, HikariDataSource dataSource, int migrationsApplied) {
    this.config = config;
    this.dataSource = dataSource;
    this.migrationsApplied = migrationsApplied;
    this.investigations = new JdbiInvestigationStore(Jdbi.create(dataSource));
  }

  /**
   * Connects and migrates the schema, so a store that opens is ready to use.
   *
   * @throws StoreException when the database cannot be reached or migrated; the message names the
   *     database and the cause, never the password
   */
  public static Database open(DatabaseConfig config) {
    HikariDataSource dataSource = connect(config);
    try {
      return new Database(config, dataSource, migrate(config, dataSource));
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** The investigations and their event logs. */
  public InvestigationStore investigations() {
    return investigations;
  }

  /** How many migrations this open applied: 0 when the schema was already current. */
  public int migrationsApplied() {
    return migrationsApplied;
  }

  /** The configuration it was opened with; its {@code toString()} is safe to log. */
  public DatabaseConfig config() {
    return config;
  }

  /** Closes the pool; an H2 file database is closed with its last connection. */
  @Override
  public void close() {
    dataSource.close();
  }

  private static HikariDataSource connect(DatabaseConfig config) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName(POOL_NAME);
    pool.setJdbcUrl(config.url());
    pool.setUsername(config.user());
    pool.setPassword(config.password());
    // Investigations write a few events a second at most: two warm connections cover the usual
    // load, and the pool grows to its default ten under a burst.
    pool.setMinimumIdle(MINIMUM_IDLE);
    try {
      // Hikari opens its first connection here and fails at once when it cannot.
      return new HikariDataSource(pool);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to %s at %s: %s (check OATS_DB_URL, OATS_DB_USER and OATS_DB_PASSWORD)"
              .formatted(config.kind(), config.redactedUrl(), reason(e, config)),
          e);
    }
  }

  private static int migrate(DatabaseConfig config, DataSource dataSource) {
    try {
      return Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          .load()
          .migrate()
          .migrationsExecuted;
    } catch (FlywayException e) {
      throw new StoreException(
          "cannot migrate the OATS schema in %s at %s: %s"
              .formatted(config.kind(), config.redactedUrl(), reason(e, config)),
          e);
    }
  }

  /**
   * The most specific explanation in the cause chain: drivers wrap the network error that says what
   * actually happened ("Connection refused") in a generic one.
   */
  private static String reason(Throwable e, DatabaseConfig config) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        switch (root) {
          case UnknownHostException u -> "unknown host " + u.getMessage();
          default ->
              root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        };
    return scrub(message, config);
  }

  /** Drivers may echo the URL or the login in a message; the password must never reach a log. */
  private static String scrub(String message, DatabaseConfig config) {
    String scrubbed = message.replace(config.url(), config.redactedUrl());
    return config.password() == null ? scrubbed : scrubbed.replace(config.password(), "****");
  }
}
