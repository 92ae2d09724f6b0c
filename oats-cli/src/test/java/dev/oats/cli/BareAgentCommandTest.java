package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.FakeModelServer;
import dev.oats.testkit.ScriptedReply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bare {@code oats agent} runs without picocli (see {@link Main#execute}): it must end as the
 * same command run through picocli ends, exit code and output, whatever the run meets.
 */
class BareAgentCommandTest {

  @TempDir Path dir;

  private record Ended(int exitCode, String out, String err) {}

  @Test
  void aRunWithoutAGoalEndsAsThroughPicocli() throws Exception {
    Map<String, String> env = environment("http://127.0.0.1:9");
    env.remove("OATS_GOAL");

    Ended bare = bare(env);

    assertThat(bare).isEqualTo(picocli(env));
    assertThat(bare.exitCode()).isEqualTo(1);
    assertThat(bare.err()).contains("OATS_GOAL environment variable not set");
  }

  @Test
  void aRunWithoutAModelEndsAsThroughPicocli() throws Exception {
    Map<String, String> env = environment("http://127.0.0.1:9");
    env.remove("ANTHROPIC_API_KEY");

    Ended bare = bare(env);

    assertThat(bare).isEqualTo(picocli(env));
    assertThat(bare.exitCode()).isEqualTo(1);
    assertThat(bare.err()).contains("ERROR: No language model is configured");
  }

  @Test
  void aBadSettingEndsAsThroughPicocli() throws Exception {
    Map<String, String> env = environment("http://127.0.0.1:9");
    env.put("OATS_MAX_TURNS", "many");

    Ended bare = bare(env);

    assertThat(bare).isEqualTo(picocli(env));
    assertThat(bare.exitCode()).isEqualTo(1);
    assertThat(bare.err()).contains("OATS_MAX_TURNS");
  }

  @Test
  void aFinishedRunAndAFailedRunEndAsThroughPicocli() throws Exception {
    try (FakeModelServer server = FakeAnthropicServer.start()) {
      Map<String, String> env = environment(server.baseUrl());
      env.put("OATS_INVESTIGATION_ID", "inv-bare");
      server.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"2+2 = 4\"}"));
      server.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"2+2 = 4\"}"));
      Ended bare = bare(env);
      Ended parsed = picocli(env);
      assertThat(bare.exitCode()).isZero().isEqualTo(parsed.exitCode());
      assertThat(withoutTimes(bare.out())).isEqualTo(withoutTimes(parsed.out()));
      assertThat(bare.out()).contains("2+2 = 4");

      server.enqueue(ScriptedReply.httpError(401, "invalid x-api-key"));
      server.enqueue(ScriptedReply.httpError(401, "invalid x-api-key"));
      Ended refused = bare(env);
      Ended refusedParsed = picocli(env);
      assertThat(refused.exitCode()).isEqualTo(1).isEqualTo(refusedParsed.exitCode());
      assertThat(withoutTimes(refused.out())).isEqualTo(withoutTimes(refusedParsed.out()));
    }
  }

  private Map<String, String> environment(String modelUrl) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("OATS_GOAL", "What is 2+2?");
    env.put("ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789");
    env.put("ANTHROPIC_BASE_URL", modelUrl);
    env.put("OATS_MODEL_MAX_RETRIES", "0");
    env.put("OATS_RESULTS_DIR", dir.resolve("results").toString());
    env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
    env.put("OATS_TOOLS_DIR", dir.resolve("tools").toString());
    env.put("OATS_FILE_ROOTS", dir.resolve("workspace").toString());
    env.put("OATS_LOG_LEVEL", "warn");
    env.put("PATH", System.getenv("PATH"));
    Files.createDirectories(dir.resolve("workspace"));
    return env;
  }

  /** Durations and the saved result's time-stamped name differ from run to run. */
  private static String withoutTimes(String out) {
    return out.replaceAll("\\d+(\\.\\d+)?\\s?(ms|s)\\b", "T")
        .replaceAll("Result saved to .*", "Result saved")
        .replaceAll("req_fake_\\d+", "req");
  }

  private static Ended bare(Map<String, String> env) {
    return capture(env, true);
  }

  private static Ended picocli(Map<String, String> env) {
    return capture(env, false);
  }

  private static Ended capture(Map<String, String> env, boolean bare) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code =
        bare
            ? Main.execute(new String[] {"agent"}, env, o, e)
            : Main.parse(new String[] {"agent"}, env, o, e);
    return new Ended(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
