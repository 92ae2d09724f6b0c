package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubectl reads a flag written with underscores as the flag with dashes ({@code --cache_dir} is
 * {@code --cache-dir}: its flag set normalises word separators), so every flag the rules guard by
 * its dashed name ran at once when written with an underscore: a profile or a dump written
 * anywhere, another identity's key, a discovery cache elsewhere.
 */
class KubectlFlagSpellingAttackTest {

  static Stream<String> guardedFlagsWithUnderscores() {
    return Stream.of(
        "kubectl version --client --profile=cpu --profile_output=/tmp/elsewhere.pprof",
        "kubectl cluster-info dump --output_directory=/tmp/dump",
        "kubectl get pods --cache_dir=/tmp/cache",
        "kubectl get pods --client_key=/tmp/k.pem --client_certificate=/tmp/c.pem",
        "kubectl get pods --insecure_skip_tls_verify",
        "kubectl get pods --tls_server_name=other.example",
        "kubectl get pods --proxy_url=http://10.0.0.9:3128",
        "kubectl get pods --certificate_authority=/tmp/ca.pem");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "kubectl get pods --show_labels",
        "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE_NAME:.spec.nodeName",
        "kubectl get pods --field-selector=spec.nodeName=node_1",
        "kubectl get events --sort_by=.lastTimestamp",
        "kubectl version --client");
  }

  @ParameterizedTest
  @MethodSource("guardedFlagsWithUnderscores")
  void aGuardedFlagSpelledWithUnderscoresNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  /** This machine's kubectl really writes the profile where the underscored flag says. */
  @Test
  void kubectlReallyReadsTheUnderscoredFlag(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path kubectl = Path.of("/usr/bin/kubectl");
    Assumptions.assumeTrue(Files.isExecutable(kubectl), "no kubectl here");
    Path profile = dir.resolve("elsewhere.pprof");
    Process process =
        new ProcessBuilder(
                List.of(
                    kubectl.toString(),
                    "version",
                    "--client",
                    "--profile=cpu",
                    "--profile_output=" + profile))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(profile).exists();
  }
}
