package dev.oats.tools.kube;

import static dev.oats.tools.kube.ShopCluster.API_TOKEN;
import static dev.oats.tools.kube.ShopCluster.PASSWORD;
import static dev.oats.tools.kube.ShopCluster.PASSWORD_BASE64;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.CrudApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class KubectlInfoSecretsTest {

  private static final CrudApiServer API = new CrudApiServer();

  static KubernetesClient client = API.client;
  static ToolHarness kubectl;

  /** Every way the tool could show a secret, directly or through an object that refers to it. */
  static final List<String> CALLS =
      List.of(
          "{\"action\":\"get\",\"resource\":\"secret\",\"name\":\"db-credentials\"}",
          "{\"action\":\"list\",\"resource\":\"secrets\"}",
          "{\"action\":\"list\",\"resource\":\"secret\",\"name\":\"db-credentials\"}",
          "{\"action\":\"describe\",\"resource\":\"secret\",\"name\":\"db-credentials\"}",
          "{\"action\":\"describe\",\"resource\":\"secrets\",\"label_selector\":\"!missing\"}",
          "{\"action\":\"get\",\"resource\":\"secrets\",\"namespace\":\"all\"}",
          "{\"action\":\"get\",\"name\":\"secret/db-credentials\"}",
          "{\"action\":\"describe\",\"resource\":\"pod\",\"name\":\"checkout-7d9f8-crash\"}",
          "{\"action\":\"get\",\"resource\":\"deploy\",\"name\":\"checkout\"}",
          "{\"action\":\"describe\",\"resource\":\"deploy\",\"name\":\"checkout\"}",
          "{\"action\":\"events\",\"resource\":\"secret\",\"name\":\"db-credentials\"}",
          "{\"action\":\"get\",\"resource\":\"secret\",\"name\":\"db-credential\"}");

  @BeforeAll
  static void createTheShop() {
    new ShopCluster(client).create();
    kubectl = new ToolHarness(client);
  }

  @Test
  void aSecretShowsItsKeysAndSizesOnly() {
    String output =
        kubectl.text("{\"action\":\"get\",\"resource\":\"secret\",\"name\":\"db-credentials\"}");

    assertThat(output)
        .startsWith("Secret shop/db-credentials\nType: Opaque\n")
        .contains("Data (values are never shown):")
        .contains("password: " + PASSWORD.length() + " bytes")
        .contains("username: 8 bytes")
        .contains("api-token: " + API_TOKEN.length() + " bytes")
        .doesNotContain("last-applied-configuration");
  }

  @Test
  void aSecretListShowsTypeAndKeyCount() {
    assertThat(
            KubectlInfoGetTest.line(
                kubectl.text("{\"action\":\"list\",\"resource\":\"secrets\"}"), "db-credentials"))
        .contains("Opaque", "3");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("CALLS")
  void noCallEverShowsASecretValueInAnyEncoding(String call) {
    String output = kubectl.text(call);

    assertThat(output)
        .isNotBlank()
        .doesNotContain(PASSWORD, PASSWORD_BASE64, API_TOKEN, base64(API_TOKEN))
        .doesNotContain(base64("checkout"));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
