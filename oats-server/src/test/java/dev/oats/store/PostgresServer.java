package dev.oats.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server for the tests: either a throwaway one started from Debian's {@code
 * postgresql} package in a temporary directory, or, when {@code OATS_TEST_PG_URL} is set, the
 * server that URL names (user and password may be given in the URL).
 */
public final class PostgresServer implements AutoCloseable {

  static final String URL_VARIABLE = "OATS_TEST_PG_URL";

  private static final String DATABASE = "oats_test";
  private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

  private final String url;
  private final String user;
  private final LocalCluster cluster;

  private PostgresServer(String url, String user, LocalCluster cluster) {
    this.url = url;
    this.user = user;
    this.cluster = cluster;
  }

  /** The server named by {@code OATS_TEST_PG_URL}, or a new throwaway one. */
  public static PostgresServer obtain() {
    String external = System.getenv(URL_VARIABLE);
    if (external != null && !external.isBlank()) {
      return new PostgresServer(external.strip(), null, null);
    }
    long startNanos = System.nanoTime();
    LocalCluster cluster = LocalCluster.create();
    try {
      int port = cluster.start();
      cluster.createDatabase(port, DATABASE);
      String url = "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, DATABASE);
      log.info(
          "Started a throwaway PostgreSQL from {} at {} in {} ms",
          cluster.bin,
          url,
          (System.nanoTime() - startNanos) / 1_000_000);
      PostgresServer server = new PostgresServer(url, LocalCluster.SUPERUSER, cluster);
      // Stops the server even when the run is cut short (Ctrl-C, a surefire timeout).
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-test-stop"));
      return server;
    } catch (RuntimeException e) {
      cluster.destroyAfterFailure(e);
      throw e;
    }
  }

  /** The user to log in as, or null when the URL says. */
  public String user() {
    return user;
  }

  /** The URL of the test database with {@code schema} as the current schema. */
  public String urlWithSchema(String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A connection to the test database, for setting up and dropping schemas. */
  public Connection connect() throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, null);
  }

  @Override
  public void close() {
    if (cluster != null) {
      cluster.destroy();
    }
  }

  /**
   * A server run from Debian's binaries in a temporary directory. It trusts local connections,
   * listens only on 127.0.0.1 on a free port and skips fsync, since its data dies with the run.
   * PostgreSQL refuses to run as root, so as root every command runs as the {@code postgres} user
   * in a directory that user owns.
   */
  private static final class LocalCluster {

    static final String SUPERUSER = "postgres";

    private static final Path DEBIAN_INSTALL = Path.of("/usr/lib/postgresql");
    private static final int START_ATTEMPTS = 3;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path bin;
    private final Path dir;
    private final AtomicBoolean destroyed = new AtomicBoolean();

    private LocalCluster(Path bin, Path dir) {
      this.bin = bin;
      this.dir = dir;
    }

    static LocalCluster create() {
      LocalCluster cluster = new LocalCluster(findBinaries(), createOwnedDirectory());
      try {
        cluster.run(
            "initdb.log",
            cluster.command("initdb"),
            "-D",
            cluster.data(),
            "--auth=trust",
            "--username=" + SUPERUSER,
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
            "--no-instructions");
        return cluster;
      } catch (RuntimeException e) {
        deleteRecursively(cluster.dir);
        throw e;
      }
    }

    /** Starts on a free port; another process may take that port first, so it tries again. */
    int start() {
      IllegalStateException last = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        int port = freePort();
        String options =
            "-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories=%s"
                    .formatted(port, dir)
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        try {
          run(
              "start.log",
              command("pg_ctl"),
              "start",
              "-D",
              data(),
              "-l",
              dir.resolve("server.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              options);
          return port;
        } catch (IllegalStateException e) {
          last = e;
        }
      }
      throw last;
    }

    void createDatabase(int port, String name) {
      String admin = "jdbc:postgresql://127.0.0.1:%d/postgres".formatted(port);
      try (Connection c = DriverManager.getConnection(admin, SUPERUSER, null);
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create the test database: " + e.getMessage(), e);
      }
    }

    /** Stops the server at once (its data is thrown away) and deletes the directory. */
    void destroy() {
      if (!destroyed.compareAndSet(false, true)) {
        return;
      }
      try {
        run("stop.log", command("pg_ctl"), "stop", "-D", data(), "-m", "immediate", "-w");
      } finally {
        deleteRecursively(dir);
      }
    }

    /** Cleans up after a failed start, keeping the original failure as the one reported. */
    void destroyAfterFailure(RuntimeException failure) {
      try {
        destroy();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }

    /** The newest PostgreSQL under Debian's install root, so a newer Debian release works too. */
    private static Path findBinaries() {
      try (Stream<Path> versions =
          Files.isDirectory(DEBIAN_INSTALL) ? Files.list(DEBIAN_INSTALL) : Stream.empty()) {
        return versions
            .filter(v -> v.getFileName().toString().matches("\\d+"))
            .filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
            .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
            .map(v -> v.resolve("bin"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The PostgreSQL store tests need a PostgreSQL server and found none in "
                            + DEBIAN_INSTALL
                            + "/<version>/bin. Install Debian's postgresql package"
                            + " (apt-get install -y postgresql), or set "
                            + URL_VARIABLE
                            + " to the JDBC URL of a running server."));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static Path createOwnedDirectory() {
      try {
        Path dir = Files.createTempDirectory("oats-pg-");
        if (isRoot()) {
          UserPrincipal owner =
              dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
          Files.setOwner(dir, owner);
        }
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare a directory for PostgreSQL", e);
      }
    }

    /** Runs a server command, as the postgres user when we are root; its output goes to a log. */
    private void run(String logName, String... command) {
      List<String> full = new ArrayList<>();
      if (isRoot()) {
        full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
      }
      full.addAll(List.of(command));
      // A file, not a pipe: the server that pg_ctl starts inherits the output and outlives it.
      Path log = dir.resolve(logName);
      try {
        Process process =
            new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(failure(full, "timed out", log));
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(failure(full, "exit " + process.exitValue(), log));
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot run " + String.join(" ", full) + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running " + full, e);
      }
    }

    private String failure(List<String> command, String how, Path log) {
      return "%s failed (%s):%n%s%s"
          .formatted(String.join(" ", command), how, read(log), read(dir.resolve("server.log")));
    }

    private String data() {
      return dir.resolve("data").toString();
    }

    private String command(String name) {
      return bin.resolve(name).toString();
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static boolean isRoot() {
      return "root".equals(System.getProperty("user.name"));
    }

    private static String read(Path file) {
      try {
        return Files.exists(file) ? Files.readString(file) : "";
      } catch (IOException e) {
        return "(cannot read " + file + ": " + e.getMessage() + ")";
      }
    }

    private static void deleteRecursively(Path root) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + root, e);
      }
    }
  }
}
