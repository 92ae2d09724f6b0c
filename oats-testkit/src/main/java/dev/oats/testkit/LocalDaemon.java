package dev.oats.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real server program from a Debian package (Prometheus, Alertmanager), started by a test on
 * 127.0.0.1 with its files in a temporary folder, waited for until it answers, and stopped again.
 * Its output goes to a log file whose tail is shown when a wait gives up.
 */
public final class LocalDaemon implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  private final String name;
  private final Process process;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalDaemon(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the program and waits until {@code readyUrl} answers 200.
   *
   * @param debianPackage the package that installs {@code binary}, named when it is missing
   */
  public static LocalDaemon start(
      String name,
      Path binary,
      String debianPackage,
      List<String> arguments,
      Path dir,
      URI readyUrl,
      Duration limit)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(binary)) {
      throw new AssertionError(
          "%s is missing: this test runs a real %s. Install Debian's package: apt-get update &&"
                  .formatted(binary, name)
              + " apt-get install -y "
              + debianPackage);
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(arguments);
    Path log = dir.resolve(name.toLowerCase().replace(' ', '-') + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalDaemon daemon = new LocalDaemon(name, process, log);
    try {
      daemon.awaitUntil(name + " to be ready", limit, () -> daemon.answers(readyUrl));
    } catch (AssertionError | InterruptedException e) {
      daemon.close();
      throw e;
    }
    return daemon;
  }

  /** A free port on 127.0.0.1 for a program to listen on. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  /** Whether a GET of the URL answers 200. */
  public boolean answers(URI url) {
    try {
      return http.send(
                  HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Polls, bounded, until the condition holds; fails with the program's log when it does not, or at
   * once when the program has exited.
   */
  public void awaitUntil(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (!process.isAlive() || Instant.now().isAfter(giveUp)) {
        throw new AssertionError(
            "Gave up waiting for %s (%s alive: %s). Its log:%n%s"
                .formatted(what, name, process.isAlive(), logTail()));
      }
      Thread.sleep(POLL);
    }
  }

  /** The last lines of the program's output. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
