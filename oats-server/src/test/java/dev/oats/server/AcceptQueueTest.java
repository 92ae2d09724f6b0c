package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients connecting at once (a thousand watchers of one investigation) while the server is
 * not taking connections for a moment (its acceptor thread not scheduled on a loaded machine): the
 * kernel keeps their completed handshakes in the listening socket's queue. Jetty's default left
 * that queue at the JDK's 50, and the kernel dropped every handshake past it; the client retried
 * each only after 1, 3, 7... s, some ended in a reset, and the fan-out benchmark's watchers took 20
 * s to connect. Now the queue holds 4096 (the kernel caps it at {@code net.core.somaxconn}).
 */
class AcceptQueueTest {

  @TempDir Path dir;

  @Test
  void connectionsMadeWhileTheServerTakesNoneWaitInTheQueueAndAreAnswered() throws Exception {
    try (ServerHarness harness = new ServerHarness(dir).start()) {
      ServerConnector connector = (ServerConnector) harness.server.jetty().getConnectors()[0];
      int port = URI.create(harness.url("/")).getPort();
      // The acceptor stops taking connections (at most the one it is already waiting for).
      connector.setAccepting(false);
      List<Socket> sockets = new ArrayList<>();
      try {
        int completed = 0;
        for (int i = 0; i < 300; i++) {
          Socket socket = new Socket();
          sockets.add(socket);
          try {
            // A handshake the full queue dropped would be retried by the kernel only after 1 s.
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            completed++;
          } catch (SocketTimeoutException e) {
            break;
          }
        }
        assertThat(completed)
            .as("handshakes completed while the server took no connection")
            .isEqualTo(300);
        for (Socket socket : sockets) {
          socket.setSoTimeout(30_000);
          socket
              .getOutputStream()
              .write(
                  "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
        }
        connector.setAccepting(true);
        for (Socket socket : sockets) {
          String answer =
              new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
          assertThat(answer).startsWith("HTTP/1.1 200");
        }
      } finally {
        connector.setAccepting(true);
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }
}
