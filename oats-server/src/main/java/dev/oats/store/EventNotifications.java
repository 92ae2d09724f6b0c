package dev.oats.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends announced across replicas with PostgreSQL's {@code LISTEN/NOTIFY}. Each append sends
 * {@code NOTIFY oats_events, '<investigation id>:<seq>'} in its own transaction, so the notice goes
 * out exactly when the event is visible to the others; each replica listens on a connection of its
 * own and reads the new events from the store when told.
 *
 * <p>A notice carries no event, only where to look: a replica that missed some (its connection
 * dropped, a notice was lost) reads everything after the last event it delivered once it listens
 * again ({@link Listener#listening()}), so nothing is missed and nothing is delivered twice.
 */
public final class EventNotifications implements AutoCloseable {

  /** The channel every replica listens on. */
  public static final String CHANNEL = "oats_events";

  /**
   * The {@code application_name} of the listening connection, as {@code pg_stat_activity} shows.
   */
  public static final String APPLICATION_NAME = "oats-events";

  private static final Logger log = LoggerFactory.getLogger(EventNotifications.class);
  private static final int WAIT_MILLIS = 500;
  private static final Duration IDLE_CHECK = Duration.ofSeconds(10);
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration LAST_RETRY = Duration.ofSeconds(5);

  /** What the listener is told. */
  public interface Listener {
    /** Event {@code seq} of the investigation was stored, here or on another replica. */
    void changed(String investigationId, long seq);

    /**
     * The listener (re)connected and listens: anything stored while it did not must be read now.
     */
    void listening();
  }

  private final DatabaseConfig config;
  private final Listener listener;
  private final Thread thread;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;
  private volatile Connection connection;

  private EventNotifications(DatabaseConfig config, Listener listener) {
    this.config = config;
    this.listener = listener;
    this.thread =
        Thread.ofPlatform().name("oats-event-notifications").daemon().unstarted(this::run);
  }

  /** Starts listening on a connection of its own; close to stop. */
  public static EventNotifications listen(DatabaseConfig config, Listener listener) {
    EventNotifications notifications = new EventNotifications(config, listener);
    notifications.thread.start();
    return notifications;
  }

  /** Whether the database carries notifications: PostgreSQL does, H2 does not. */
  static boolean supportedBy(Jdbi jdbi) {
    try {
      return jdbi.withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName())
          .equals("PostgreSQL");
    } catch (SQLException e) {
      throw new StoreException("cannot tell which database this is: " + e.getMessage(), e);
    }
  }

  /**
   * Announces event {@code seq}, delivered when (and only if) the transaction of {@code h} commits.
   */
  static void announce(Handle h, String investigationId, long seq) {
    h.createQuery("SELECT pg_notify(:channel, :payload)")
        .bind("channel", CHANNEL)
        .bind("payload", investigationId + ":" + seq)
        .mapToMap()
        .one();
  }

  private void run() {
    Duration retry = FIRST_RETRY;
    while (!closed) {
      try (Connection c = connect()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        retry = FIRST_RETRY;
        // Listening from here: what was stored before is read now, what comes after is announced.
        handlers.execute(listener::listening);
        receive(c);
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn(
            "Listening for events on {} failed ({}); retrying in {} ms",
            config.redactedUrl(),
            e.getMessage(),
            retry.toMillis());
      } finally {
        connection = null;
      }
      sleep(retry);
      retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }
  }

  private void receive(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long quietSince = System.nanoTime();
    while (!closed) {
      PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
      if (notices != null && notices.length > 0) {
        quietSince = System.nanoTime();
        for (PGNotification notice : notices) {
          handle(notice.getParameter());
        }
      } else if (System.nanoTime() - quietSince > IDLE_CHECK.toNanos()) {
        // A connection cut without a word (a dead peer) shows only when used: ask it something,
        // and read the store once in case a notice went missing.
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
        quietSince = System.nanoTime();
        handlers.execute(listener::listening);
      }
    }
  }

  private void handle(String payload) {
    int colon = payload.lastIndexOf(':');
    if (colon <= 0) {
      return;
    }
    String id = payload.substring(0, colon);
    long seq;
    try {
      seq = Long.parseLong(payload.substring(colon + 1));
    } catch (NumberFormatException e) {
      return;
    }
    handlers.execute(() -> listener.changed(id, seq));
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (config.user() != null) {
      properties.setProperty("user", config.user());
    }
    if (config.password() != null) {
      properties.setProperty("password", config.password());
    }
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(config.url(), properties);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the listening connection is open right now. */
  public boolean connected() {
    return connection != null;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("Closing the listening connection: {}", e.toString());
      }
    }
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handlers.shutdownNow();
  }
}
