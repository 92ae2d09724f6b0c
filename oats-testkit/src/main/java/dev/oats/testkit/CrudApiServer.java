package dev.oats.testkit;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * fabric8's mock API server in CRUD mode, where expectations still answer first, shared by the
 * tests of a class. {@code @EnableKubernetesMockClient} would also start a server for every test,
 * which costs seconds for nothing here.
 */
public final class CrudApiServer implements AutoCloseable {

  /** The server, for expectations that answer before the CRUD store. */
  public final KubernetesMockServer server;

  /** A client of it. */
  public final NamespacedKubernetesClient client;

  /** Starts the server. */
  public CrudApiServer() {
    this(KubernetesMixedDispatcher::new);
  }

  /**
   * Starts the server with a dispatcher of the test's making, such as one that delays or counts
   * some requests; it is given the expectations map and usually extends {@link
   * KubernetesMixedDispatcher}.
   */
  public CrudApiServer(
      Function<Map<ServerRequest, Queue<ServerResponse>>, ? extends Dispatcher> dispatcher) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            dispatcher.apply(expectations),
            false);
    server.init();
    client = server.createClient();
  }

  @Override
  public void close() {
    client.close();
    stop(server);
  }

  /**
   * Stops a mock API server. fabric8's {@code MockWebServer.shutdown} closes its Vert.x instance
   * and then waits on the close's future; when the close completes first, the wait's listener is
   * handed to an event loop that has already ended and Vert.x throws {@code
   * RejectedExecutionException} (seen under load, failing a test whose assertions had all passed).
   * By then the server is closed, so that exception alone is not a failure.
   */
  public static void stop(KubernetesMockServer server) {
    try {
      server.destroy();
    } catch (RejectedExecutionException closedAlready) {
      // the listening socket and the event loops are gone: what destroy() was for
    }
  }
}
