package dev.oats.runner.kubernetes;

import dev.oats.server.ServerHarness;
import dev.oats.testkit.CrudApiServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts a server on the Kubernetes runner over a CRUD API server and keeps each Job's event token,
 * as the test's stand-in for whatever in the Job's pod could read it (the agent, or a tool's
 * child).
 */
final class TokenKeepingRunner {

  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  TokenKeepingRunner(ServerHarness harness, CrudApiServer kube) throws Exception {
    harness.start(
        request ->
            new KubernetesRunner(
                kube.client,
                AgentCluster.config(600, 600),
                request.service(),
                id -> {
                  String token = request.service().issueEventToken(id);
                  tokens.put(id, token);
                  return token;
                }));
  }

  /** The event token of the investigation's Job, once its Job is made (null after ~6 s). */
  String awaitToken(String id) throws InterruptedException {
    for (int i = 0; i < 300 && !tokens.containsKey(id); i++) {
      Thread.sleep(20);
    }
    return tokens.get(id);
  }
}
