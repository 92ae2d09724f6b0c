package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl config view} shortens the kubeconfig's credentials (tokens read {@code REDACTED},
 * keys {@code DATA+OMITTED}) unless it is given {@code --raw} or {@code --flatten}; with either it
 * prints them whole. {@code --raw} needed an approval, {@code --flatten} ran at once, and with
 * {@code -o jsonpath} it hands the model the user's cluster token with nothing around it that says
 * it is one.
 */
class KubeconfigFlattenAttackTest {

  static Stream<String> printsCredentials() {
    return Stream.of(
        "kubectl config view --flatten -o jsonpath='{.users[0].user.token}'",
        "kubectl config view --minify --flatten -o jsonpath={.users[*].user.client-key-data}",
        "kubectl config view --flatten=true -o go-template='{{range .users}}{{.user.token}}{{end}}'",
        "kubectl config view --minify --flatten",
        "kubectl config view --flatten | grep token",
        "kubectl --context prod config view --flatten");
  }

  static Stream<String> shortened() {
    return Stream.of(
        "kubectl config view",
        "kubectl config view --minify",
        "kubectl config view -o jsonpath='{.contexts[*].name}'",
        "kubectl config current-context",
        "kubectl config get-contexts");
  }

  @ParameterizedTest
  @MethodSource("printsCredentials")
  void aFlattenedKubeconfigNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("shortened")
  void theShortenedViewStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }
}
