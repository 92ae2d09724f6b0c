package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar run as a child process, exactly as the Job's container runs it. */
class AgentJarIT {

  @TempDir Path dir;

  private record Exit(int code, String out, String err) {}

  private Exit oats(Map<String, String> environment, String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String[] command = new String[args.length + 3];
    command[0] = java.toString();
    command[1] = "-jar";
    command[2] = System.getProperty("oats.jar");
    System.arraycopy(args, 0, command, 3, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectOutput(dir.resolve("out.txt").toFile());
    builder.redirectError(dir.resolve("err.txt").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("oats finished").isTrue();
    return new Exit(
        process.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void theJobEntryPointAnswersTheSeedsQuestionAndExitsZero() throws Exception {
    try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
      server.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"4\"}").withText("Simple."));

      Exit exit =
          oats(
              Map.of(
                  "OATS_GOAL",
                  "What is 2+2?",
                  "ANTHROPIC_API_KEY",
                  "sk-ant-test-key-0123456789",
                  "ANTHROPIC_BASE_URL",
                  server.baseUrl(),
                  "PATH",
                  System.getenv("PATH")),
              "agent");

      assertThat(exit.code()).as(exit.err()).isZero();
      assertThat(exit.out()).contains("EXECUTION SUMMARY").contains("Goal achieved in 1 turn.");
      assertThat(exit.err())
          .contains("--- Turn 1/15 ---")
          .contains("Action: finish")
          .doesNotContain("sk-ant-test-key-0123456789");
      assertThat(dir.resolve("results")).isDirectoryContaining("glob:**/final_result_*.txt");
    }
  }

  @Test
  void theToolListingSaysTheProtectionOnceAndTheDebugLogStillSaysIt() throws Exception {
    Exit listing = oats(Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()), "tools");

    assertThat(listing.code()).as(listing.err()).isZero();
    assertThat(listing.out().lines().filter(l -> l.startsWith("Protection: ")).count())
        .as(listing.out())
        .isEqualTo(1);
    assertThat(listing.err()).as("not said again by the log").doesNotContain("protection");

    Exit debug =
        oats(
            Map.of(
                "PATH", System.getenv("PATH"), "HOME", dir.toString(), "OATS_LOG_LEVEL", "DEBUG"),
            "tools");
    assertThat(debug.err()).contains("Tool protection: ");
  }

  @Test
  void withoutAGoalTheJarExitsOne() throws Exception {
    Exit exit = oats(Map.of("PATH", System.getenv("PATH")), "agent");

    assertThat(exit.code()).isEqualTo(1);
    assertThat(exit.err()).contains("ERROR: OATS_GOAL environment variable not set. Aborting.");
  }

  @Test
  void jsonLogsAreOneObjectALine() throws Exception {
    try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
      server.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"4\"}"));

      Exit exit =
          oats(
              Map.of(
                  "OATS_GOAL", "What is 2+2?",
                  "OATS_LOG_FORMAT", "json",
                  "ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789",
                  "ANTHROPIC_BASE_URL", server.baseUrl()),
              "agent");

      assertThat(exit.code()).isZero();
      assertThat(exit.err().lines().filter(l -> !l.isBlank()))
          .isNotEmpty()
          .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"))
          .anySatisfy(
              line -> assertThat(line).contains("\"level\":\"INFO\"").contains("--- Turn 1"));
    }
  }
}
