package dev.oats.server;

import dev.oats.config.ConfigException;
import dev.oats.config.ConfigValue;
import dev.oats.config.OatsConfig;
import dev.oats.event.RecordedEvent;
import dev.oats.store.Database;
import dev.oats.store.EventNotifications;
import dev.oats.store.InvestigationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lets several server replicas on one PostgreSQL database act as one server: the live event
 * bus spans them (each append is announced with {@code NOTIFY}, each replica listens and reads the
 * new events from the store), WebSocket tickets are signed with a key they share, and readiness
 * says whether this replica can reach the database. With H2 (one process) the bus stays in the
 * process; tickets and readiness work the same.
 */
public final class Replicas implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Replicas.class);

  /** The name of the ticket key in the database, when {@code OATS_TICKET_SECRET} is unset. */
  static final String TICKET_SECRET = "websocket-ticket-hmac";

  /** How long {@code /readyz} waits for the database before it answers "not ready". */
  static final Duration READY_WITHIN = Duration.ofSeconds(2);

  private final Database database;
  private final EventBus bus;
  private final SocketTickets tickets;
  private final EventNotifications notifications;
  private final AtomicReference<CompletableFuture<Boolean>> check = new AtomicReference<>();

  private Replicas(
      Database database, EventBus bus, SocketTickets tickets, EventNotifications notifications) {
    this.database = database;
    this.bus = bus;
    this.tickets = tickets;
    this.notifications = notifications;
  }

  /** Builds the shared parts over the open database and, with PostgreSQL, starts listening. */
  public static Replicas start(Database database, OatsConfig config) {
    EventBus bus = new EventBus(source(database.investigations()));
    SocketTickets tickets =
        new SocketTickets(
            Clock.systemUTC(), ticketSecret(database, config), database.shared()::firstUse);
    EventNotifications notifications = null;
    if (database.shareable()) {
      notifications =
          EventNotifications.listen(
              database.config(),
              new EventNotifications.Listener() {
                @Override
                public void changed(String investigationId, long seq) {
                  bus.changed(investigationId, seq);
                }

                @Override
                public void listening() {
                  bus.catchUpAll();
                }
              });
      log.info("Live events are shared with other replicas through {}", database.config());
    }
    return new Replicas(database, bus, tickets, notifications);
  }

  static EventBus.Source source(InvestigationStore store) {
    return new EventBus.Source() {
      @Override
      public List<RecordedEvent> events(String investigationId, long afterSeq) {
        return store.events(investigationId, afterSeq);
      }

      @Override
      public long lastSeq(String investigationId) {
        return store.lastSeq(investigationId);
      }
    };
  }

  private static String ticketSecret(Database database, OatsConfig config) {
    ConfigValue configured = config.values().get("OATS_TICKET_SECRET");
    if (configured != null && !configured.value().isBlank()) {
      String secret = configured.value().strip();
      if (secret.length() < SocketTickets.MINIMUM_SECRET_LENGTH) {
        throw new ConfigException(
            "OATS_TICKET_SECRET is %d characters long; it must have at least %d (for example the"
                    .formatted(secret.length(), SocketTickets.MINIMUM_SECRET_LENGTH)
                + " output of `openssl rand -base64 32`), and be the same on every replica.");
      }
      return secret;
    }
    return database.shared().secret(TICKET_SECRET, SocketTickets::newSecret);
  }

  public EventBus bus() {
    return bus;
  }

  public SocketTickets tickets() {
    return tickets;
  }

  /**
   * Whether this replica can serve: the database answers and can write, within {@link
   * #READY_WITHIN} (a database that went away makes a connection attempt hang far longer), and with
   * PostgreSQL, this replica hears the others' events. One check runs at a time; probes that come
   * meanwhile wait for it.
   */
  public boolean ready() {
    CompletableFuture<Boolean> running = check.get();
    if (running == null || running.isDone()) {
      CompletableFuture<Boolean> next = new CompletableFuture<>();
      if (check.compareAndSet(running, next)) {
        Thread.ofVirtual()
            .name("oats-readiness")
            .start(
                () -> {
                  try {
                    next.complete(database.ready());
                  } catch (RuntimeException e) {
                    next.complete(false);
                  }
                });
      }
      running = check.get();
    }
    try {
      return running.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS)
          && (notifications == null || notifications.connected());
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (notifications != null) {
      notifications.close();
    }
  }
}
