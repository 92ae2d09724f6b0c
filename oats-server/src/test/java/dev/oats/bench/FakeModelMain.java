package dev.oats.bench;

import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A fake Anthropic as a process of its own, for the benchmarks that run the OATS jar: writes its
 * base URL to the file named by the first argument and answers a script named by the second.
 *
 * <ul>
 *   <li>{@code investigations N}: N short investigations (one tool call, then finish), answered in
 *       any order;
 *   <li>{@code paced TURNS MILLIS [HOLD [GATE]]}: one investigation of TURNS tool calls, each
 *       answered after MILLIS, the first after HOLD seconds (default 20) so that every watcher is
 *       connected before it goes on; with GATE, the first as soon as the file GATE exists (the
 *       benchmark's client creates it once every watcher's stream is open), HOLD being then the
 *       longest wait: if it passes first, the file GATE.timeout is written and the turn answered;
 *   <li>{@code arrivals N FILE}: N agents that finish at once; the time each request arrived (epoch
 *       microseconds) is appended to FILE, for the agent start benchmark.
 * </ul>
 */
public final class FakeModelMain {

  private FakeModelMain() {}

  public static void main(String[] args) throws Exception {
    FakeAnthropicServer model = FakeAnthropicServer.start();
    switch (args[1]) {
      case "investigations" -> {
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
          model.enqueue(
              ScriptedReply.toolCall("yaml_parser", "{\"content\": \"replicas: " + i + "\"}"),
              ScriptedReply.toolCall("finish", "{\"result\": \"done " + i + "\"}"));
        }
      }
      case "paced" -> {
        int turns = Integer.parseInt(args[2]);
        Duration pace = Duration.ofMillis(Long.parseLong(args[3]));
        Duration hold = Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 20);
        java.util.concurrent.CompletableFuture<Void> open =
            args.length > 5 ? gate(Path.of(args[5]), hold) : null;
        for (int i = 0; i < turns; i++) {
          ScriptedReply turn =
              ScriptedReply.toolCall("yaml_parser", "{\"content\": \"turn: " + i + "\"}");
          if (i > 0) {
            turn = turn.withDelay(pace);
          } else if (open != null) {
            turn = turn.heldUntil(open);
          } else {
            turn = turn.withDelay(hold);
          }
          model.enqueue(turn);
        }
        model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"done\"}").withDelay(pace));
      }
      case "arrivals" -> {
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
          model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"started\"}"));
        }
        Thread.ofPlatform().daemon().start(() -> noteArrivals(model, Path.of(args[3])));
      }
      default -> throw new IllegalArgumentException("unknown script " + args[1]);
    }
    Files.writeString(Path.of(args[0]), model.baseUrl());
    Thread.currentThread().join();
  }

  /**
   * Completes when {@code file} exists (polled every 5 ms), or after {@code longest}, having then
   * written {@code file.timeout} so that the benchmark knows its live phase began before every
   * watcher's stream was open.
   */
  private static java.util.concurrent.CompletableFuture<Void> gate(Path file, Duration longest) {
    java.util.concurrent.CompletableFuture<Void> open =
        new java.util.concurrent.CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              long deadline = System.nanoTime() + longest.toNanos();
              try {
                while (!Files.exists(file)) {
                  if (System.nanoTime() - deadline > 0) {
                    Files.writeString(
                        file.resolveSibling(file.getFileName() + ".timeout"),
                        java.time.Instant.now().toString());
                    break;
                  }
                  Thread.sleep(5);
                }
              } catch (Exception e) {
                open.completeExceptionally(e);
                return;
              }
              open.complete(null);
            });
    return open;
  }

  /** Polls the recorded requests every 100 µs: arrival times within a fraction of a millisecond. */
  private static void noteArrivals(FakeAnthropicServer model, Path file) {
    int seen = 0;
    try {
      while (true) {
        int now = model.requests().size();
        if (now > seen) {
          java.time.Instant at = java.time.Instant.now();
          long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
          for (; seen < now; seen++) {
            Files.writeString(
                file,
                micros + "\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
          }
        }
        Thread.sleep(0, 100_000);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
