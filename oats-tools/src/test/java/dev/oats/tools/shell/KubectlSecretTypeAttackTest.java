package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Secret's values printed bare ({@code -o jsonpath}, a template, custom columns) carry nothing
 * that tells the redactor they are secret, so that needs an approval. kubectl reads a type as
 * {@code Secret.v1}, {@code secrets.v1.core} or {@code secret.v1.} as well as {@code secret}; and
 * {@code xargs} finishes {@code kubectl get -o jsonpath=…} with {@code secret/db} read from {@code
 * kubectl get secrets -o name}. Both printed the values at once.
 */
class KubectlSecretTypeAttackTest {

  static Stream<String> bareSecretValues() {
    return Stream.of(
        "kubectl get Secret.v1 db -o jsonpath='{.data}'",
        "kubectl get secrets.v1.core db -o jsonpath='{.data.password}'",
        "kubectl get secret.v1. db -o go-template='{{.data}}'",
        "kubectl get SECRETS.v1 -o custom-columns=D:.data",
        "kubectl get pods,secret.v1/db -o jsonpath='{..data}'",
        "kubectl get secrets -o name | xargs -n1 kubectl get -o jsonpath='{.data}'",
        "kubectl get secrets -o name | xargs kubectl get -o go-template='{{.data}}'");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
        "kubectl get pod x -o jsonpath='{.status.phase}'",
        "kubectl get deploy -o custom-columns=N:.metadata.name",
        "kubectl get -n shop pods -o jsonpath='{.items[*].metadata.name}'",
        "kubectl get secrets",
        "kubectl get secret.v1 -o name");
  }

  @ParameterizedTest
  @MethodSource("bareSecretValues")
  void secretValuesPrintedBareNeedAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryReadBesideItStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }
}
