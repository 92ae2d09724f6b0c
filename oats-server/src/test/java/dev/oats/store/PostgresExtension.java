package dev.oats.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives tests a real PostgreSQL database: register it as a static field with
 * {@code @RegisterExtension} and call {@link #newDatabase()} for an empty schema of one's own.
 *
 * <p>The server ({@link PostgresServer}) starts once per test run, on first use, and is kept in the
 * root extension store, which closes it (stops the server, deletes its files) when the run ends.
 * Each new database is a fresh schema, dropped after the test, so tests never see each other's rows
 * and a shared {@code OATS_TEST_PG_URL} server is left as it was found. When PostgreSQL is not
 * installed, starting it throws and every test that uses it fails with the reason: these tests are
 * never skipped.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);

  private PostgresServer server;
  private final List<String> schemas = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(
                PostgresServer.class, key -> PostgresServer.obtain(), PostgresServer.class);
  }

  /** An empty schema in the test database, as the store's configuration. */
  public DatabaseConfig newDatabase() {
    String schema = "t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    execute("CREATE SCHEMA " + schema);
    schemas.add(schema);
    return new DatabaseConfig(server.urlWithSchema(schema), server.user(), null);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (String schema : schemas) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
    schemas.clear();
  }

  private void execute(String sql) {
    try (Connection c = server.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }
}
