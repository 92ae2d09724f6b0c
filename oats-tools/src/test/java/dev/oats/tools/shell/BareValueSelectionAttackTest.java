package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value picked out of live output without the name beside it that tells the redactor it is a
 * secret: a container's env value or a ConfigMap's data printed bare by a kubectl jsonpath, a Go
 * template, custom columns or a jq program ({@code {..value}}, {@code env[?(@.name=="DB_PASSWORD")]
 * .value}), and a log line about a password cut down to what follows its '=' ({@code grep password
 * | cut -d= -f2}, {@code grep -A1 'name: DB_PASSWORD' | tail -1}). The whole object, or the whole
 * line, still runs at once: the redactor sees the name there.
 */
class BareValueSelectionAttackTest {

  static Stream<String> leaks() {
    return Stream.of(
        "kubectl get pods -o json | jq '.items[].spec.containers[].env[].value'",
        "kubectl get pods -o json | jq -r '.items[].spec.containers[].env[] | .value'",
        "kubectl get pod api -o yaml | yq '.spec.containers[0].env'",
        "kubectl get pod api -o jsonpath='{.spec.containers[*].env[*].value}'",
        "kubectl get pod api -o jsonpath='{..value}'",
        "kubectl get deploy api -o"
            + " jsonpath='{.spec.template.spec.containers[0].env[?(@.name==\"DB_PASSWORD\")].value}'",
        "kubectl get pod api -o go-template='{{range .spec.containers}}{{range .env}}{{.value}}"
            + " {{end}}{{end}}'",
        "kubectl get pod api -o custom-columns=V:.spec.containers[*].env[*].value",
        "kubectl get cm app -o jsonpath='{.data.password}'",
        "oc get cm app --template='{{.data.DB_PASSWORD}}'",
        "kubectl logs pod | grep password | cut -d= -f2",
        "kubectl logs pod | awk -F= '/password/{print $2}'",
        "kubectl logs pod | sed -n 's/.*password=//p'",
        "kubectl logs pod | grep -o 'token=[^ ]*' | cut -c7-",
        "kubectl get pods -o yaml | grep -A1 'name: DB_PASSWORD' | tail -1",
        "env | grep -i secret | cut -d= -f2",
        // bracket notation, and jq's recursive descent to bare scalars
        "kubectl get deploy api -o json"
            + " | jq -r '.spec.template.spec.containers[0][\"env\"][][\"value\"]'",
        "kubectl get pod api -o jsonpath=\"{.spec.containers[0]['env'][*]['value']}\"",
        "kubectl get pods -o json | jq -r '.. | strings'",
        "kubectl get pods -o json | jq '..|scalars'",
        "kubectl get pod api -o jsonpath='{.spec.containers[*].*[*].*}'",
        "kubectl get pod api -o jsonpath='{..[*]}'",
        "kubectl get pod api -o json"
            + " | jq -r 'getpath([\"spec\",\"containers\",0,\"env\",0,\"value\"])'",
        "kubectl get pods -o yaml | grep -C1 'name: DB_PASSWORD' | tail -1");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "kubectl get pods -o jsonpath='{..image}'",
        "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
        "kubectl get pod api -o jsonpath='{.status.containerStatuses[*].restartCount}'",
        "kubectl get pods -o json | jq -r '.items[] | select(.status.phase!=\"Running\")"
            + " | .metadata.name'",
        "curl -s 'http://prometheus:9090/api/v1/query?query=up' | jq '.data.result[].value'",
        "kubectl get pod api -o yaml",
        "kubectl logs pod | grep -i 'invalid token'",
        "kubectl logs pod | grep -i token | tail -20",
        "kubectl logs pod | grep -i error | cut -c1-200",
        "kubectl get events | grep -i secret",
        "kubectl describe pod api | grep -A3 Environment",
        // before-context cannot show a value that follows its name
        "kubectl logs pod | grep -B2 'password authentication failed'",
        "kubectl logs pod | grep -i -B 3 'invalid token' | tail -20",
        "kubectl get pod api -o jsonpath=\"{.metadata['name']}\"",
        "kubectl get pods -o json | jq -r '.items[] | .metadata.name'",
        "kubectl get pods -o jsonpath='{.items[*].metadata.name}'");
  }

  @ParameterizedTest
  @MethodSource("leaks")
  void aValuePickedOutWithoutItsNameNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }
}
