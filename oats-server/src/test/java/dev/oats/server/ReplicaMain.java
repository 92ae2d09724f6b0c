package dev.oats.server;

import dev.oats.runner.LocalRunner;
import dev.oats.server.wiring.OatsServer;

/**
 * One server replica as a process of its own, configured by its environment like {@code oats
 * server} and run with the local runner, so that a test can {@code kill -9} it as the operating
 * system would.
 */
public final class ReplicaMain {

  private ReplicaMain() {}

  public static void main(String[] args) throws Exception {
    OatsServer server = OatsServer.start(System.getenv(), System.out, LocalRunner::create);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "replica-stop"));
    Thread.currentThread().join();
  }
}
