package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.redact.Redactor;
import dev.oats.tool.SideEffect;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The redactor hides a Secret's {@code data} because the manifest around it says {@code kind:
 * Secret}. A command that prints Secrets whole and passes them through anything that drops,
 * reorders or joins lines ({@code grep -v kind}, {@code grep -A3 data:}, {@code sort}, {@code
 * tail}, an unquoted {@code $( )}) leaves values with nothing around them that says they are
 * secret, so such a line needs an approval; printing the Secret alone, or its table of names, still
 * runs at once.
 */
class SecretManifestFilterAttackTest {

  private static final String SECRET =
      """
      apiVersion: v1
      data:
        conn: cG9zdGdyZXM6Ly9hcHBAZGI6NTQzMi9vcmRlcnM=
      kind: Secret
      metadata:
        name: db
        namespace: shop
      type: Opaque
      """;

  static Stream<String> leaksValues() {
    return Stream.of(
        "kubectl get secret db -o yaml | grep -v kind",
        "kubectl get secret db -o yaml | grep -v -e kind -e apiVersion",
        "kubectl get secrets -o yaml | grep -v 'kind: Secret'",
        "kubectl get secrets -n shop -o yaml | grep -A3 '^data:'",
        "kubectl get secret db -o json | grep -v '\"kind\"'",
        "kubectl get secret db -oyaml | sort",
        "kubectl get secret db --output=yaml | tail -n +2",
        "kubectl -n shop get secret/db -o yaml | head -n 3 | grep -v apiVersion",
        "echo $(kubectl get secret db -o yaml)",
        "diff <(kubectl get secret a -o yaml) <(kubectl get secret b -o yaml)",
        "timeout 10 kubectl get secret db -o yaml | grep -v kind",
        "kubectl get Secret/db -o yaml | grep -v kind",
        "kubectl get secrets.v1. db -o yaml | grep -v kind",
        "kubectl get secrets.v1. db -o json | jq -r .data.conn",
        "kubectl get pods,secrets -o yaml | grep -v kind",
        "kubectl get --raw /api/v1/namespaces/shop/secrets/db | grep -v kind",
        "kubectl get --raw /api/v1/namespaces/shop/%73ecrets/db | grep -v kind",
        // helm prints a release's Secrets whole too
        "helm get manifest orders | grep -v kind",
        "helm get all orders -n shop | grep -A3 data:",
        "helm template ./chart -f prod-values.yaml | grep -v kind",
        // a release's hooks are manifests too: a pre-install hook's Secret is printed whole
        "helm get hooks orders | base64",
        "helm get hooks orders -n shop | grep -v kind");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "kubectl get secret db -o yaml",
        "kubectl get secrets -n shop | grep db",
        "kubectl get secrets -o wide | grep db",
        "kubectl describe secret db | grep -i bytes",
        "kubectl get configmap app -o yaml | grep -v kind",
        "kubectl get pods -o yaml | grep -i image",
        "helm get manifest orders",
        "helm get hooks orders",
        "helm list -A | grep orders",
        "helm status orders | head");
  }

  @ParameterizedTest
  @MethodSource("leaksValues")
  void printingSecretsThroughALineFilterNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  /** Why: the same value the redactor hides in the whole manifest passes once a line is gone. */
  @Test
  void theRedactorHidesTheWholeManifestButNotTheFilteredOne() {
    String value = "cG9zdGdyZXM6Ly9hcHBAZGI6NTQzMi9vcmRlcnM=";
    assertThat(Redactor.standard().redact(SECRET)).doesNotContain(value);
    // kubectl get secret db -o yaml | grep -v -e kind -e apiVersion: its type still tells it
    String filtered =
        SECRET
            .lines()
            .filter(line -> !line.contains("kind") && !line.contains("apiVersion"))
            .collect(Collectors.joining("\n"));
    assertThat(Redactor.standard().redact(filtered)).doesNotContain(value);
    // ... | grep -v -e kind -e apiVersion -e type
    String bare =
        filtered.lines().filter(line -> !line.contains("type")).collect(Collectors.joining("\n"));
    assertThat(Redactor.standard().redact(bare)).contains(value);
  }
}
