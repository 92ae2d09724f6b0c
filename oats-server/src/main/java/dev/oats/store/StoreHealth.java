package dev.oats.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionException;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store can write. Every write statement reports here (it is the {@link SqlLogger} of
 * the store's JDBI, and wraps its transactions): a write that fails for any reason but a constraint
 * or a lost race (a full disk, a read-only file system, a database that went away) marks the store
 * unwritable until a write succeeds again. The server is not ready meanwhile.
 */
public final class StoreHealth implements SqlLogger {

  private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

  private final AtomicReference<Failure> failure = new AtomicReference<>();
  private final Clock clock;

  /** Why the last write failed and when. */
  public record Failure(String reason, Instant at) {}

  public StoreHealth(Clock clock) {
    this.clock = clock;
  }

  /** The failure of the last write, empty when the last write succeeded. */
  public Optional<Failure> writeFailure() {
    return Optional.ofNullable(failure.get());
  }

  /** A write (statement in auto-commit, or a whole transaction) reached the database. */
  void written() {
    if (failure.getAndSet(null) != null) {
      log.warn("The store can write again");
    }
  }

  void failed(Throwable e) {
    SQLException sql = sqlException(e);
    if (sql != null && isNotAStorageFailure(sql)) {
      return;
    }
    String reason = reason(e);
    if (failure.getAndSet(new Failure(reason, clock.instant())) == null) {
      log.error("The store cannot write: {}. The server is not ready until it can.", reason);
    }
  }

  @Override
  public void logAfterExecution(StatementContext ctx) {
    if (isWrite(ctx) && autoCommit(ctx)) {
      written();
    }
  }

  @Override
  public void logException(StatementContext ctx, SQLException e) {
    if (isWrite(ctx)) {
      failed(e);
    }
  }

  /** Wraps JDBI's transactions: a commit that fails is a write that failed. */
  TransactionHandler watch(TransactionHandler transactions) {
    return new DelegatingTransactionHandler(transactions) {
      // Jdbi binds a transaction handler to each handle (LocalTransactionHandler keeps its state
      // per handle there); DelegatingTransactionHandler does not pass that on, and without it the
      // unbound handler runs statements outside any transaction.
      @Override
      public TransactionHandler specialize(Handle handle) throws SQLException {
        TransactionHandler bound = transactions.specialize(handle);
        return bound == transactions ? this : watch(bound);
      }

      @Override
      public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
          throws X {
        try {
          return super.inTransaction(handle, callback);
        } catch (TransactionException e) {
          failed(e);
          throw e;
        }
      }

      @Override
      public <R, X extends Exception> R inTransaction(
          Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
        try {
          return super.inTransaction(handle, level, callback);
        } catch (TransactionException e) {
          failed(e);
          throw e;
        }
      }
    };
  }

  /** How long ago the store last failed to write, for messages. */
  public Optional<Duration> failingFor() {
    return writeFailure().map(f -> Duration.between(f.at(), clock.instant()));
  }

  private static final List<String> WRITES = List.of("INSERT", "UPDATE", "DELETE", "MERGE");

  private static boolean isWrite(StatementContext ctx) {
    String sql = ctx.getRawSql();
    if (sql == null) {
      return false;
    }
    // Every statement passes here: the first word is read in place, with no regex or copy.
    int start = 0;
    while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
      start++;
    }
    for (String verb : WRITES) {
      if (sql.regionMatches(true, start, verb, 0, verb.length())
          && (start + verb.length() == sql.length()
              || Character.isWhitespace(sql.charAt(start + verb.length())))) {
        return true;
      }
    }
    return false;
  }

  private static boolean autoCommit(StatementContext ctx) {
    try {
      return ctx.getConnection().getAutoCommit();
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Constraint violations (class 23) and lost races (class 40: serialization failure, deadlock) are
   * answers about the data, not about whether the store can write.
   */
  private static boolean isNotAStorageFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("23") || state.startsWith("40"));
  }

  private static SQLException sqlException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /** The first line of the deepest message: drivers wrap the I/O error that says what happened. */
  public static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message).strip();
  }
}
