package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The classifier names the parts of a line that make it need an approval, not the whole line. */
class ApprovalReasonsTest {

  private static CommandClassifier.Verdict judge(String line) {
    return CommandClassifier.judge(line, ShellPolicy.DEFAULT);
  }

  @Test
  void aPipelineThatDeletesAndRestartsNamesBothWritersAndNotTheReaders() {
    CommandClassifier.Verdict verdict =
        judge(
            "kubectl -n shop get pods -o name | grep checkout | xargs kubectl -n shop delete --force"
                + " && kubectl --namespace shop rollout restart deployment/checkout-api");
    assertThat(verdict.reasons()).containsExactly("kubectl delete", "kubectl rollout restart");
  }

  @Test
  void aRedirectIsNamedWithItsTarget() {
    assertThat(judge("kubectl get pods > pods.txt && rm -f old.txt").reasons())
        .containsExactly("a redirect (> pods.txt)", "rm");
  }

  @Test
  void aCommandNotKnownToOnlyReadIsNamedAsSuch() {
    assertThat(judge("frobnicate --all").reasons())
        .containsExactly("frobnicate (not known to only read)");
  }

  @Test
  void aReadOnlyLineHasNoReason() {
    assertThat(judge("kubectl get pods -A | grep -v Running").reasons()).isEmpty();
  }

  @Test
  void backgroundingIsNamedAsALineRule() {
    assertThat(judge("sleep 100 &").reasons()).singleElement().asString().contains("backgrounding");
  }
}
