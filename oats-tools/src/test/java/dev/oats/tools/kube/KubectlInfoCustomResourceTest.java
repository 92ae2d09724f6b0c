package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A kind kubectl_info has no table for, a CRD's here, is found by discovery and summarised. */
class KubectlInfoCustomResourceTest {

  private static final CrudApiServer API = new CrudApiServer();

  static KubernetesClient client = API.client;
  static ToolHarness kubectl;

  @BeforeAll
  static void installCertManagerAndACertificate() {
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("certificates.cert-manager.io")
            .endMetadata()
            .withNewSpec()
            .withGroup("cert-manager.io")
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Certificate")
            .withPlural("certificates")
            .withSingular("certificate")
            .withShortNames("cert", "certs")
            .endNames()
            .addNewVersion()
            .withName("v1")
            .withServed(true)
            .withStorage(true)
            .endVersion()
            .endSpec()
            .build();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    GenericKubernetesResource certificate = new GenericKubernetesResource();
    certificate.setApiVersion("cert-manager.io/v1");
    certificate.setKind("Certificate");
    certificate.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("shop-tls")
            .withNamespace("shop")
            .build());
    certificate.setAdditionalProperty(
        "spec", Map.of("secretName", "shop-tls", "dnsNames", List.of("shop.example.com")));
    certificate.setAdditionalProperty(
        "status",
        Map.of(
            "notAfter",
            "2026-11-30T10:00:00Z",
            "conditions",
            List.of(
                Map.of(
                    "type", "Ready",
                    "status", "False",
                    "reason", "Failed",
                    "message",
                        "The certificate request has failed to complete and will be retried"
                            + ": ACME challenge failed: 403"))));
    client
        .genericKubernetesResources(
            new ResourceDefinitionContext.Builder()
                .withGroup("cert-manager.io")
                .withVersion("v1")
                .withPlural("certificates")
                .withKind("Certificate")
                .withNamespaced(true)
                .build())
        .inNamespace("shop")
        .resource(certificate)
        .create();
    kubectl = new ToolHarness(client);
  }

  @Test
  void describeFindsACustomKindByDiscoveryAndShowsItsConditionsNotJson() {
    ToolResult result =
        kubectl.call(
            "{\"action\":\"describe\",\"resource\":\"certificate\",\"name\":\"shop-tls\","
                + "\"namespace\":\"shop\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("Certificate/shop-tls (namespace shop)", "notAfter: 2026-11-30T10:00:00Z")
        .contains("TYPE", "REASON", "MESSAGE")
        .containsPattern("Ready\\s+False\\s+Failed")
        .contains("ACME challenge failed: 403")
        .doesNotContain("{\"");
  }

  @Test
  void theShortNameAndThePluralWithItsGroupListTheObjects() {
    for (String resource : List.of("cert", "certificates.cert-manager.io", "Certificate")) {
      assertThat(
              kubectl.text(
                  "{\"action\":\"list\",\"resource\":\"" + resource + "\",\"namespace\":\"shop\"}"))
          .as(resource)
          .contains("1 Certificate (certificates.cert-manager.io/v1) in namespace shop")
          .contains("Certificate/shop-tls");
    }
  }

  @Test
  void aKindNoOneServesIsAClearError() {
    ToolResult result = kubectl.call("{\"action\":\"list\",\"resource\":\"rollouts\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error())
        .contains("unknown resource 'rollouts'", "API discovery", "pods (po)");
  }

  @Test
  void aMissingObjectSaysWhichKindAndNamespace() {
    ToolResult result =
        kubectl.call(
            "{\"action\":\"get\",\"resource\":\"certs\",\"name\":\"nope\",\"namespace\":\"shop\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error()).isEqualTo("no Certificate named nope in namespace shop");
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
