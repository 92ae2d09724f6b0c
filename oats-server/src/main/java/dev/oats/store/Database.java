package dev.oats.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * An open store database: a connection pool, a schema brought up to date by the Flyway migrations
 * in {@code db/migration}, and the {@link InvestigationStore} over it. H2 runs in its default mode;
 * the migrations use only SQL that it and PostgreSQL share.
 *
 * <p>A write the store acknowledges is on disk: PostgreSQL commits synchronously, and an H2 file
 * database is opened with {@code WRITE_DELAY=0}, so each commit is written to the file before it
 * returns (H2's default keeps commits in memory for up to half a second, and a {@code kill -9} in
 * that window loses them). A write that fails marks the store unwritable ({@link #health()}) until
 * a write succeeds again.
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

  private static final Pattern WRITE_DELAY = Pattern.compile("(?i);\\s*WRITE_DELAY\\s*=");

  private final DatabaseConfig config;
  private final HikariDataSource dataSource;
  private final int migrationsApplied;
  private final Jdbi jdbi;
  private final StoreHealth health = new StoreHealth(Clock.systemUTC());
  private final InvestigationStore investigations;
  private final SharedSecrets shared;
  private final AlertStore alerts;

  private Database(DatabaseConfig config, HikariDataSource dataSource, int migrationsApplied) {
    this.config = config;
    this.dataSource = dataSource;
    this.migrationsApplied = migrationsApplied;
    this.jdbi = Jdbi.create(dataSource);
    jdbi.getConfig(SqlStatements.class).setSqlLogger(health);
    jdbi.setTransactionHandler(health.watch(jdbi.getTransactionHandler()));
    jdbi.registerArgument(new TextWithoutNul());
    this.investigations = new JdbiInvestigationStore(jdbi);
    this.shared = new SharedSecrets(jdbi);
    this.alerts = new AlertStore(jdbi);
  }

  /**
   * Every text bound to a statement, with a NUL character as U+FFFD. PostgreSQL's text cannot hold
   * NUL and refuses the whole write ({@code invalid byte sequence for encoding "UTF8": 0x00}): a
   * goal, a report or a reason that carried one (a model quoting a binary file) could not be
   * stored, the investigation could not end, and the failed write made the server report itself not
   * ready. H2 would keep it; both keep the same text.
   */
  private static final class TextWithoutNul
      extends org.jdbi.v3.core.argument.AbstractArgumentFactory<String> {

    TextWithoutNul() {
      super(java.sql.Types.VARCHAR);
    }

    @Override
    protected org.jdbi.v3.core.argument.Argument build(
        String value, org.jdbi.v3.core.config.ConfigRegistry config) {
      String text = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
      return (position, statement, context) -> statement.setString(position, text);
    }
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

  /** What replicas sharing this database agree on: secrets, API keys, used tickets. */
  public SharedSecrets shared() {
    return shared;
  }

  /**
   * Whether other replicas may share this database (PostgreSQL), rather than this process alone.
   */
  public boolean shareable() {
    return config.kind().equals("PostgreSQL");
  }

  /** The Alertmanager alerts that started investigations. */
  public AlertStore alerts() {
    return alerts;
  }

  /** Whether the last write reached the database. */
  public StoreHealth health() {
    return health;
  }

  /**
   * Whether the store can serve: it answers a read, and it can write. After a failed write, each
   * call tries one small write (the {@code store_probe} row), so the store is ready again as soon
   * as the disk has room, without waiting for a client's write.
   */
  public boolean ready() {
    try {
      investigations.countByStatus();
      if (health.writeFailure().isPresent()) {
        jdbi.useHandle(
            h ->
                h.createUpdate("UPDATE store_probe SET written_at = :now WHERE id = 1")
                    .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                    .execute());
      }
      return health.writeFailure().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
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
    pool.setJdbcUrl(durable(config.url()));
    if (!durable(config.url()).equals(config.url())) {
      // The URL setting alone did not hold in the server (a kill -9 still lost commits): set it on
      // every connection too.
      pool.setConnectionInitSql("SET WRITE_DELAY 0");
    }
    pool.setUsername(config.user());
    pool.setPassword(config.password());
    // Investigations write a few events a second at most: two warm connections cover the usual
    // load, and the pool grows to its default ten under a burst.
    pool.setMinimumIdle(MINIMUM_IDLE);
    pool.setExceptionOverrideClassName(EvictClosedH2.class.getName());
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

  /**
   * An H2 URL with {@code WRITE_DELAY=0} unless the operator set a delay: each commit then reaches
   * the file before it returns.
   */
  static String durable(String url) {
    if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
      return url;
    }
    return WRITE_DELAY.matcher(url).find() ? url : url + ";WRITE_DELAY=0";
  }

  /**
   * When H2 cannot write its file it closes the database; its pooled connections then fail for ever
   * ("database has been closed"). Evicting them lets the next connection open the file again, so
   * the store recovers once the disk has room.
   */
  public static final class EvictClosedH2 implements SQLExceptionOverride {
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
      return switch (e.getErrorCode()) {
        case 90098, 90028, 50000 ->
            SQLExceptionOverride.Override.MUST_EVICT; // closed, I/O, general
        default -> SQLExceptionOverride.Override.CONTINUE_EVICT;
      };
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
