package dev.oats.tools.files;

import static dev.oats.tools.files.Fixtures.call;
import static dev.oats.tools.files.Fixtures.roots;
import static dev.oats.tools.files.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlParserToolTest {

  @TempDir Path tmp;

  private Path root;
  private YamlParserTool tool;

  @BeforeEach
  void layout() throws IOException {
    root = Files.createDirectories(tmp.resolve("repo"));
    tool = new YamlParserTool(roots(root));
    write(root.resolve("deploy/checkout.yaml"), resource("checkout.yaml"));
    write(root.resolve("deploy/secret.yaml"), resource("secret.yaml"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = YamlParserToolTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private ToolResult parse(Object... pairs) throws Exception {
    return call(tool, tmp.resolve("workspace"), pairs);
  }

  @Test
  void everyDocumentOfAMultiDocumentFileIsSummarised() throws Exception {
    ToolResult result = parse("path", "deploy/checkout.yaml");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("3 documents in " + root.toRealPath().resolve("deploy/checkout.yaml"))
        .contains("Document 1: Deployment shop/checkout-api (apps/v1)")
        .contains("Document 2: Service shop/checkout (v1)")
        .contains("Document 3: ConfigMap shop/checkout-config (v1)");
  }

  /** The containers as kubectl_info describe writes them (PodDescribersAgreeTest). */
  @Test
  void aDeploymentSummaryShowsContainersProbesResourcesAndEnvWithSecretsAsReferencesOnly()
      throws Exception {
    String output = parse("path", "deploy/checkout.yaml").output();

    assertThat(output)
        .contains("replicas: 3")
        .contains("selector: app=checkout-api")
        .contains("service account: checkout")
        .contains("  Init containers:\n    migrate:\n")
        .contains("      Command: /migrate --up\n")
        .contains("  Containers:\n    app:\n      Image: ghcr.io/acme/checkout:1.4.2\n")
        .contains("      Ports: 8080/TCP (http), 9090/TCP (metrics)\n")
        .contains("        LOG_LEVEL=plain-env-value-debug\n")
        .contains("        DB_PASSWORD <- secret db-credentials key password\n")
        .contains("        FEATURE_FLAGS <- configmap checkout-config key flags\n")
        .contains("        POD_IP <- field status.podIP\n")
        .contains("        all keys of secret payment-keys\n")
        .contains("      Requests: cpu=250m, memory=256Mi\n      Limits: memory=512Mi\n")
        .contains(
            "      Liveness: http-get http://:8080/healthz delay=15s timeout=1s period=20s"
                + " failure=5\n")
        .contains("      Readiness: tcp-socket :http delay=0s")
        .contains("      Startup: exec cat /tmp/ready delay=0s")
        .contains("      Mounts: /etc/checkout from config (ro)\n")
        .contains("    sidecar:\n")
        .contains("volumes: config (configMap checkout-config), creds (secret db-credentials)");
    String sidecar = output.substring(output.indexOf("    sidecar:"));
    assertThat(sidecar).contains("Limits: none").doesNotContain("Liveness");
  }

  @Test
  void aServiceSummaryShowsTypeSelectorAndPorts() throws Exception {
    assertThat(parse("path", "deploy/checkout.yaml").output())
        .contains("type: NodePort")
        .contains("selector: app=checkout-api")
        .contains("ports: http 80 -> http/TCP (nodePort 30080)");
  }

  @Test
  void aConfigMapSummaryShowsItsKeysOnly() throws Exception {
    String output = parse("path", "deploy/checkout.yaml").output();

    assertThat(output).contains("keys: flags, application.properties");
    assertThat(output).doesNotContain("new-cart=true").doesNotContain("server.port");
  }

  @Test
  void aSecretSummaryShowsKeysAndNeverValues() throws Exception {
    ToolResult result = parse("path", "deploy/secret.yaml");

    assertThat(result.output())
        .contains("Secret shop/db-credentials (v1)")
        .contains("type: Opaque")
        .contains("keys: username, password, empty")
        .contains("stringData keys: api-token")
        .contains("values are never shown");
    assertSecretValuesAbsent(result);
  }

  @Test
  void queriesIntoASecretSeeOnlyPlaceholders() throws Exception {
    ToolResult data = parse("path", "deploy/secret.yaml", "query", "data");
    ToolResult annotations = parse("path", "deploy/secret.yaml", "query", "metadata.annotations");
    ToolResult whole = parse("path", "deploy/secret.yaml", "query", "*");

    assertThat(data.output())
        .contains("password: '<hidden: 15 bytes>'")
        .contains("empty: '<hidden: 0 bytes>'");
    assertThat(annotations.output()).contains("<hidden: it holds the values>");
    for (ToolResult result : new ToolResult[] {data, annotations, whole}) {
      assertSecretValuesAbsent(result);
    }
  }

  private static void assertSecretValuesAbsent(ToolResult result) {
    assertThat(result.output() + result.error())
        .doesNotContain("czNjcjN0LXBhc3N3MHJk")
        .doesNotContain("s3cr3t-passw0rd")
        .doesNotContain("Y2hlY2tvdXQ")
        .doesNotContain("checkout")
        .doesNotContain("tok-live-abcdef123456");
  }

  @Test
  void aQueryWithAnIndexIsAnsweredForEachDocument() throws Exception {
    ToolResult result =
        parse("path", "deploy/checkout.yaml", "query", "spec.template.spec.containers[0].image");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("query spec.template.spec.containers[0].image")
        .contains(
            "Document 1 (Deployment shop/checkout-api):\n"
                + "  spec.template.spec.containers[0].image: ghcr.io/acme/checkout:1.4.2")
        .contains("Document 2 (Service shop/checkout):\n  no match: spec has no key 'template'")
        .contains(
            "Document 3 (ConfigMap shop/checkout-config):\n"
                + "  no match: the document has no key 'spec'");
  }

  @Test
  void aWildcardQueryListsEveryItemWithItsConcretePath() throws Exception {
    ToolResult result =
        parse("path", "deploy/checkout.yaml", "query", "spec.template.spec.containers[*].image");

    assertThat(result.output())
        .contains("spec.template.spec.containers[0].image: ghcr.io/acme/checkout:1.4.2")
        .contains("spec.template.spec.containers[1].image: envoyproxy/envoy:v1.30");
  }

  @Test
  void aQueryThatReachesAMappingPrintsItAsYaml() throws Exception {
    ToolResult result =
        parse(
            "path", "deploy/checkout.yaml", "query", "spec.template.spec.containers[0].resources");

    assertThat(result.output())
        .contains(
            "spec.template.spec.containers[0].resources:\n"
                + "    requests:\n"
                + "      cpu: 250m\n"
                + "      memory: 256Mi\n"
                + "    limits:\n"
                + "      memory: 512Mi\n");
  }

  @Test
  void aMultiLineValueIsPrintedAsABlock() throws Exception {
    ToolResult result =
        parse("path", "deploy/checkout.yaml", "query", "data[\"application.properties\"]");

    assertThat(result.output())
        .contains("data[\"application.properties\"]: |\n    server.port=8080\n");
  }

  @Test
  void quotedKeysAndNegativeIndexesWork() throws Exception {
    String yaml =
        """
        metadata:
          labels:
            app.kubernetes.io/name: checkout
        items: [first, middle, last]
        """;

    assertThat(
            parse("content", yaml, "query", "metadata.labels[\"app.kubernetes.io/name\"]").output())
        .contains("metadata.labels[\"app.kubernetes.io/name\"]: checkout");
    assertThat(parse("content", yaml, "query", "items[-1]").output()).contains("items[2]: last");
  }

  @Test
  void aQueryThatMatchesNothingIsNoDataWithTheReason() throws Exception {
    ToolResult result =
        parse("content", "spec:\n  containers: []\n", "query", "spec.containers[0].image");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output()).contains("spec.containers has 0 items; [0] is out of range");
  }

  @Test
  void aMalformedQueryIsAnErrorWithAnExample() throws Exception {
    ToolResult result = parse("content", "a: 1\n", "query", "spec.containers[first");

    assertThat(result.error()).contains("'[' without a closing ']'").contains("Example:");
  }

  @Test
  void aSyntaxErrorGivesTheLineAndColumn() throws Exception {
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x: y\n";

    ToolResult result = parse("content", yaml);

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .contains("line 4, column 10: mapping values are not allowed here")
        .contains("name: x: y")
        .contains("document 1");
  }

  @Test
  void aSyntaxErrorInALaterDocumentNamesThatDocument() throws Exception {
    String yaml = "a: 1\n---\nb: [1, 2\nc: 3\n";

    ToolResult result = parse("content", yaml);

    assertThat(result.error())
        .contains("line 4, column 2: expected ',' or ']'")
        .contains("while parsing a flow sequence started at line 3, column 4")
        .contains("document 2");
  }

  @Test
  void aDuplicateKeyIsAnError() throws Exception {
    ToolResult result = parse("content", "env: a\nimage: x\nenv: b\n");

    assertThat(result.error()).contains("line 3, column 1: found duplicate key env");
  }

  @Test
  void anchorsAndAliasesAreResolved() throws Exception {
    String yaml = "defaults: &defaults\n  memory: 512Mi\nprod: *defaults\n";

    assertThat(parse("content", yaml, "query", "prod.memory").output())
        .contains("prod.memory: 512Mi");
  }

  @Test
  void yamlThatIsNotKubernetesIsShownAsAnOutlineOfKeysWithoutValues() throws Exception {
    String yaml =
        """
        server:
          port: 8080
          tls: true
        database:
          url: jdbc:postgresql://db/shop
          password: not-for-your-eyes
        replicas:
          - name: a
            weight: 3
          - name: b
            weight: 1
        tags: [blue, green]
        """;

    ToolResult result = parse("content", yaml);

    assertThat(result.output())
        .contains("Document 1: not a Kubernetes object; its keys:")
        .contains("  server:\n    port: number\n    tls: boolean\n")
        .contains("    password: string\n")
        .contains(
            "  replicas: list of 2 mappings, first:\n      name: string\n      weight: number\n")
        .contains("  tags: list of 2 strings\n");
    assertThat(result.output()).doesNotContain("not-for-your-eyes").doesNotContain("jdbc:");
  }

  @Test
  void aListOfObjectsFromKubectlIsSummarisedItemByItem() throws Exception {
    String yaml =
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: checkout-7d9f, namespace: shop}
            spec:
              containers: [{name: app, image: "ghcr.io/acme/checkout:1.4.2"}]
            status:
              phase: Running
              containerStatuses:
                - name: app
                  ready: false
                  restartCount: 7
                  state: {waiting: {reason: CrashLoopBackOff}}
                  lastState: {terminated: {reason: OOMKilled, exitCode: 137}}
          - apiVersion: v1
            kind: Secret
            metadata: {name: token}
            data: {token: dG9wLXNlY3JldA==}
        """;

    ToolResult result = parse("content", yaml);

    assertThat(result.output())
        .contains("Document 1: List of 2 items")
        .contains("Pod shop/checkout-7d9f (v1)")
        .contains("phase: Running")
        .contains(
            "    app:\n"
                + "      Image: ghcr.io/acme/checkout:1.4.2\n"
                + "      State: Waiting: CrashLoopBackOff\n"
                + "      Last termination: Terminated: OOMKilled, exit 137\n"
                + "      Ready: false   Restarts: 7\n")
        .contains("Secret token (v1, no namespace set)")
        .contains("keys: token");
    assertThat(result.output()).doesNotContain("dG9wLXNlY3JldA");
  }

  @Test
  void anIngressSummaryShowsHostsPathsAndBackends() throws Exception {
    String yaml =
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          ingressClassName: nginx
          tls:
            - hosts: [shop.example.com]
              secretName: shop-tls
          rules:
            - host: shop.example.com
              http:
                paths:
                  - path: /api
                    pathType: Prefix
                    backend:
                      service: {name: checkout, port: {number: 80}}
                  - path: /
                    pathType: Prefix
                    backend:
                      service: {name: web, port: {name: http}}
        """;

    assertThat(parse("content", yaml).output())
        .contains("class: nginx")
        .contains("tls: [shop.example.com] (secret shop-tls)")
        .contains("shop.example.com/api (Prefix) -> service checkout:80")
        .contains("shop.example.com/ (Prefix) -> service web:http");
  }

  @Test
  void anotherKindShowsItsTopLevelFields() throws Exception {
    String yaml =
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: checkout, namespace: shop}
        spec: {minReplicas: 2, maxReplicas: 10, scaleTargetRef: {kind: Deployment, name: checkout}}
        """;

    assertThat(parse("content", yaml).output())
        .contains("HorizontalPodAutoscaler shop/checkout (autoscaling/v2)")
        .contains("fields: spec (minReplicas, maxReplicas, scaleTargetRef)");
  }

  @Test
  void contentThatHoldsNoDocumentIsNoData() throws Exception {
    assertThat(parse("content", "# only a comment\n---\n").status())
        .isEqualTo(ToolResult.Status.NO_DATA);
  }

  @Test
  void contentOrPathIsRequiredAndNotBoth() throws Exception {
    assertThat(parse().error()).contains("Give content or path.");
    assertThat(parse("content", "a: 1", "path", "deploy/secret.yaml").error())
        .contains("Give content or path, not both.");
  }

  @Test
  void aPathOutsideTheRootsIsRefused() throws Exception {
    Path outside = write(tmp.resolve("elsewhere/app.yaml"), "a: 1\n");

    assertThat(parse("path", outside.toString()).error()).contains("outside the allowed roots");
    assertThat(parse("path", "../elsewhere/app.yaml").error())
        .contains("outside the allowed roots");
  }

  @Test
  void aMissingPathListsTheNearestDirectory() throws Exception {
    assertThat(parse("path", "deploy/checkout.yml").error())
        .contains("No such file or directory")
        .contains("checkout.yaml, secret.yaml");
  }

  @Test
  void aDirectoryOrABinaryFileIsRefused() throws Exception {
    write(root.resolve("chart.tgz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});

    assertThat(parse("path", "deploy").error()).contains("is not a regular file");
    assertThat(parse("path", "chart.tgz").error()).contains("binary file (gzip archive");
  }
}
