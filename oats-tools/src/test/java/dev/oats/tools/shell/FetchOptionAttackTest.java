package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fetch to an allowed host ran at once whatever options it carried but the few known to write or
 * send: {@code wget --use-askpass=PROGRAM} runs the program (before anything is fetched, and with
 * no server at all), {@code --rejected-log} and {@code --hsts-file} write where they are told; curl
 * 8.3's {@code --expand-data} posts, its {@code -w '%output{file}'} writes a file, and a method
 * override header turns a GET into a DELETE on servers that honour it.
 */
class FetchOptionAttackTest {

  private static final ShellPolicy POLICY =
      new ShellPolicy(
          AllowedHosts.from(Map.of("OATS_PROMETHEUS_URL", "http://127.0.0.1:9090")), path -> false);

  static Stream<String> actsBeyondTheFetch() {
    return Stream.of(
        "wget -qO- --use-askpass=./tools/ask.sh http://127.0.0.1:9090/api/v1/status/config",
        "wget -qO- --use-ask=./tools/ask.sh http://127.0.0.1:9090/",
        "wget -qO- --rejected-log=/tmp/r.log http://127.0.0.1:9090/",
        "wget -qO- --hsts-file=/tmp/hsts http://127.0.0.1:9090/",
        "wget -qO- --input-metalink=/tmp/m.meta4 http://127.0.0.1:9090/",
        "wget -qO- --backups=3 http://127.0.0.1:9090/",
        "wget -qO- --certificate=/tmp/c.pem --private-key=/tmp/k.pem http://127.0.0.1:9090/",
        "curl --expand-data http://127.0.0.1:9090/x http://127.0.0.1:9090/api/v1/admin/tsdb/snapshot",
        "curl --expand-url http://127.0.0.1:9090/x",
        "curl -s -w '%output{/tmp/elsewhere}%{http_code}' http://127.0.0.1:9090/",
        "curl -s --write-out '%output{>>/tmp/elsewhere}x' http://127.0.0.1:9090/",
        "curl -H 'X-HTTP-Method-Override: DELETE' http://127.0.0.1:9090/api/v1/x",
        "curl --header 'x-http-method: PUT' http://127.0.0.1:9090/api/v1/x");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "wget -qO- http://127.0.0.1:9090/api/v1/query?query=up",
        "wget -q -O - --timeout=5 --tries=2 http://127.0.0.1:9090/metrics",
        "wget -S --spider http://127.0.0.1:9090/-/healthy",
        "wget -nv -O- --header='Accept: application/json' http://127.0.0.1:9090/",
        "curl -s -w '%{http_code}' http://127.0.0.1:9090/-/ready",
        "curl -sH 'Accept: application/json' http://127.0.0.1:9090/api/v1/targets",
        "curl -H 'X-HTTP-Method-Override: GET' http://127.0.0.1:9090/api/v1/x");
  }

  @ParameterizedTest
  @MethodSource("actsBeyondTheFetch")
  void anOptionThatActsBeyondTheFetchNeedsAnApproval(String line) {
    assertThat(CommandClassifier.judge(line, POLICY).effect())
        .as(line)
        .isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryFetchStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.judge(line, POLICY).effect())
        .as(line)
        .isEqualTo(SideEffect.READ_ONLY);
  }

  /** This machine's wget really runs the askpass program, with nothing listening at the URL. */
  @Test
  void wgetReallyRunsTheAskpassProgram(@TempDir Path dir) throws IOException, InterruptedException {
    Path wget = Path.of("/usr/bin/wget");
    Assumptions.assumeTrue(Files.isExecutable(wget), "no wget here");
    Path mark = dir.resolve("MARK");
    Path ask = dir.resolve("ask.sh");
    Files.writeString(ask, "#!/bin/sh\ntouch '" + mark + "'\necho someone\n");
    Files.setPosixFilePermissions(ask, PosixFilePermissions.fromString("rwx------"));
    Process process =
        new ProcessBuilder(
                List.of(wget.toString(), "-qO-", "--use-askpass=" + ask, "http://127.0.0.1:1/"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(mark).exists();
  }
}
