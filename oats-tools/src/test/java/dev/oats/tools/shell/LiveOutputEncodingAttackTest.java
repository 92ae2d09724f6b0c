package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An encoder fed by output no one has read yet: a pod's log, an object, the environment, a journal,
 * a fetched page. The redactor sees a secret in that output plain ({@code password=…} in a log
 * line, an env value in a pod spec) but not once it is base64, hex, an octal dump, reversed,
 * rot13'd, spaced out or hashed. Files are judged by their content already; live output cannot be,
 * so the line needs an approval whatever the source prints. Encoders of the line's own words, and
 * filters that leave the text readable, still run at once.
 */
class LiveOutputEncodingAttackTest {

  static Stream<String> leaks() {
    return Stream.of(
        "kubectl logs pod | base64",
        "kubectl logs pod | base64 -w0",
        "kubectl get pods -o yaml | base64",
        "kubectl describe pod api | base64",
        "kubectl logs deploy/api --all-containers | base32",
        "kubectl logs pod | od -c",
        "kubectl logs pod | hexdump -C",
        "kubectl logs pod | rev",
        "kubectl logs pod | tr a-zA-Z n-za-mN-ZA-M",
        "kubectl logs pod | tr -d =",
        "kubectl logs pod | fold -w 3",
        "kubectl logs pod | sha256sum",
        "kubectl logs pod | jq -R @base64",
        "kubectl get pods -o json | jq -r '.items[].spec.containers[].env[].value | @base64'",
        "kubectl logs pod | sed 's/./& /g'",
        "kubectl logs pod | sed 'y/abcdefghij/0123456789/'",
        "kubectl logs pod | awk '{print toupper($0)}'",
        "kubectl logs pod | awk '{for(i=1;i<=length($0);i++) printf \"%x\", ord(substr($0,i,1))}'",
        "base64 <<< \"$(kubectl logs pod)\"",
        "x=$(kubectl logs pod); echo \"$x\" | base64",
        "oc logs pod | base64",
        "helm status rel | base64",
        "env | base64",
        "env | od -c",
        "printenv | rev",
        "set | base64",
        "export -p | base64",
        "declare -p | base32",
        "jq -rn 'env | tostring | @base64'",
        "jq -rn '$ENV | tostring' | base64",
        "awk 'BEGIN{for (k in ENVIRON) print k \"=\" ENVIRON[k]}' | rev",
        "journalctl -u api | base64",
        "dmesg | base64",
        "curl -s http://api:8080/debug/vars | base64",
        "ps eww | base64",
        "git log -p | base64",
        "timeout 5 kubectl logs pod | base64",
        "echo pod/api | xargs kubectl logs | base64",
        "sh -c 'kubectl logs pod' | base64",
        "kubectl logs pod | xargs -0 base64",
        // decoding flags are each tool's own: these print numbers
        "kubectl logs pod | od -d",
        "kubectl logs pod | od -Ad -tx1",
        "kubectl logs pod | hexdump -d",
        "kubectl logs pod | hd -d",
        "kubectl logs pod | xxd -d",
        "kubectl logs pod | xxd -groupsize 1",
        // a back-reference spaces a secret out as '&' does
        "kubectl logs pod | sed 's/\\(.\\)/\\1 /g'",
        "kubectl logs pod | sed -E 's/(.)/\\1 /g'",
        "kubectl logs pod | awk '{gsub(/./,\"& \"); print}'",
        "kubectl logs pod | tr -d a-f",
        "kubectl logs pod | tr -cd '[:alnum:]'");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "echo aGVsbG8= | base64 -d",
        "echo hello | base64",
        "date | base64",
        "base64 -d <<< aGVsbG8=",
        "kubectl logs pod | base64 -d",
        "kubectl logs pod | grep -i error | tail -50",
        "kubectl logs pod | cut -d' ' -f1 | sort | uniq -c",
        "kubectl get pods -o jsonpath='{.items[*].metadata.name}' | tr ' ' '\\n'",
        "kubectl logs pod | tr -d '\\r'",
        "kubectl logs pod | tr -s ' '",
        "kubectl logs pod | sed 's/\\x1b\\[[0-9;]*m//g'",
        "kubectl logs pod | awk '{print substr($0, 1, 200)}'",
        "kubectl get pods -o json | jq -r '.items[].metadata.name'",
        "sha256sum deploy.yaml",
        "cat app.log | base64",
        "kubectl logs pod | base64 --decode",
        "kubectl logs pod | base64 -di",
        // deleting quotes or control characters is no encoding
        "kubectl logs pod | tr -d '\"'",
        "kubectl logs pod | tr -cd '[:print:]\\n'",
        "kubectl top pods | awk '{printf \"%d%% cpu\\n\", $2}'",
        "kubectl top pods | awk '{print $3 \"% of\", $1}'",
        "kubectl logs pod | awk '$1 == \"a\" && $2 == \"b\"'");
  }

  @ParameterizedTest
  @MethodSource("leaks")
  void liveOutputThroughAnEncoderNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }
}
