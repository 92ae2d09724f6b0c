package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.LeanKubeApi;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link KubernetesRunnerTest}, the same runner and client code, against {@link
 * LeanKubeApi} instead of fabric8's mock API server: the Jobs, pods and Secrets created, the status
 * edits (JSON patches), the informers' list and watch, the deletes and the 403 answered as the
 * fabric8 mock answers them, or the lean server does not speak the protocol the runner uses.
 */
class KubernetesRunnerOnLeanApiTest extends KubernetesRunnerTest {

  static LeanKubeApi lean;

  private static KubernetesClient fabric8Client;

  /** Runs after the superclass's start of the fabric8 mock: its client is set aside, not used. */
  @BeforeAll
  static void useTheLeanApi() {
    lean = new LeanKubeApi();
    fabric8Client = client;
    client = lean.client();
  }

  /** Runs before the superclass's stop of the fabric8 mock. */
  @AfterAll
  static void stopTheLeanApi() {
    try {
      assertThat(lean.count("jobs"))
          .as("the tests' Jobs were made in the lean server")
          .isPositive();
    } finally {
      client.close();
      client = fabric8Client;
      lean.close();
    }
  }

  @Override
  void answerNextJobCreate(int code, Status status) {
    lean.answerOnce(
        "POST", "/apis/batch/v1/namespaces/oats/jobs", code, Serialization.asJson(status));
  }
}
