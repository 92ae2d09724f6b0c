package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oats investigate} in a real terminal (a pty made by {@code script}): the start lines, the
 * spinner, the report printed once and rendered, plain text with {@code NO_COLOR}, Ctrl-C.
 */
class TerminalViewTest {

  private static final String REPORT =
      "## Root cause\\n\\nThe **cart** pod is OOM-killed.\\n\\n- limit 128Mi\\n- usage 300Mi\\n\\n"
          + "```\\nkubectl top pod cart\\n```\\n";

  @TempDir Path dir;
  private FakeAnthropicServer model;

  @BeforeEach
  void startTheModel() throws IOException {
    model = FakeAnthropicServer.start();
  }

  @AfterEach
  void stopTheModel() {
    model.close();
  }

  private Map<String, String> environment() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789");
    env.put("ANTHROPIC_BASE_URL", model.baseUrl());
    env.put("OATS_MODEL_MAX_RETRIES", "0");
    env.put("HOME", dir.resolve("home").toString());
    env.put("PATH", System.getenv("PATH"));
    env.put("TERM", "xterm-256color");
    Files.createDirectories(dir.resolve("home"));
    return env;
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  @Test
  void theReportIsRenderedOnceAfterASpinnerWithTheElapsedTime() throws Exception {
    model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"echo evidence-42\"}")
            .withText("Let me look.")
            .withDelay(Duration.ofMillis(1500)),
        ScriptedReply.toolCall("finish", "{\"result\": \"" + REPORT + "\"}"));

    PtyTerminal terminal =
        PtyTerminal.start(environment(), "investigate", "--no-follow-up", "why does cart restart?");

    assertThat(terminal.exitCode()).as(terminal.output()).isZero();
    String out = terminal.output();
    assertThat(out)
        .contains("OATS investigates: why does cart restart?")
        .contains("cluster    none: kubectl_info is off (no Kubernetes configuration found")
        .containsPattern("thinking \\d+\\.\\d s")
        .contains("→ bash_executor\u001b[0m echo evidence-42")
        .contains("evidence-42")
        .contains("\u001b[1m\u001b[4mRoot cause\u001b[0m")
        .contains("  • limit 128Mi")
        .contains("    \u001b[33mkubectl top pod cart\u001b[0m")
        .doesNotContain("```")
        .doesNotContain("## Root cause")
        .doesNotContain("sun.misc.Unsafe");
    assertThat(count(out, "OOM-killed")).as(out).isEqualTo(1);
    Path results = dir.resolve("home/.local/share/oats/results");
    assertThat(results).isDirectoryContaining("glob:**/final_result_*.md");
    try (var files = Files.list(results)) {
      assertThat(Files.readString(files.findFirst().orElseThrow()))
          .startsWith("# why does cart restart?")
          .contains("## Root cause");
    }
  }

  @Test
  void withNoColorTheReportIsPlainMarkdownAndNothingSpins() throws Exception {
    model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"" + REPORT + "\"}")
            .withDelay(Duration.ofMillis(800)));
    Map<String, String> env = environment();
    env.put("NO_COLOR", "1");

    PtyTerminal terminal = PtyTerminal.start(env, "investigate", "--no-follow-up", "why?");

    assertThat(terminal.exitCode()).as(terminal.output()).isZero();
    String out = terminal.output();
    assertThat(out).doesNotContain("\u001b[").doesNotContain("thinking");
    assertThat(count(out, "## Root cause")).as(out).isEqualTo(1);
    assertThat(count(out, "OOM-killed")).isEqualTo(1);
  }

  @Test
  void ctrlCStopsTheRunAndPrintsWhatWasFoundAndTheSummary() throws Exception {
    model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"echo evidence-42\"}"),
        ScriptedReply.delay(Duration.ofSeconds(60)));
    Map<String, String> env = environment();
    env.put("NO_COLOR", "1");
    PtyTerminal terminal = PtyTerminal.start(env, "investigate", "why does cart restart?");
    terminal.awaitOutput("Turn 2/");
    Thread.sleep(300);

    terminal.pressCtrlC();

    assertThat(terminal.exitCode()).as(terminal.output()).isEqualTo(130);
    String out = terminal.output().substring(terminal.output().indexOf("Stopping"));
    assertThat(out)
        .contains("Cancelled after 2 turns. What was found so far:")
        .contains("Partial report")
        .contains("bash_executor {\"command\":\"echo evidence-42\"}")
        .containsPattern("Stopped · bash_executor ×1 · [\\d,]+ tokens")
        .doesNotContain("Ask a follow-up");
  }

  @Test
  void theStartLineNamesTheKubeconfigContextAndItsNamespaceIsTheDefault() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: kind-oats
        clusters:
        - name: kind-oats
          cluster: {server: "https://127.0.0.1:1"}
        contexts:
        - name: kind-oats
          context: {cluster: kind-oats, user: me, namespace: shop}
        users:
        - name: me
          user: {token: not-a-real-token}
        """);
    model.enqueue(
        ScriptedReply.toolCall("kubectl_info", "{\"action\": \"get\", \"resource\": \"pods\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"The API server is unreachable.\"}"));
    Map<String, String> env = environment();
    env.put("KUBECONFIG", kubeconfig.toString());

    PtyTerminal terminal = PtyTerminal.start(env, "investigate", "--no-follow-up", "why?");

    assertThat(terminal.exitCode()).as(terminal.output()).isZero();
    assertThat(terminal.output())
        .contains(
            "cluster    context kind-oats (cluster kind-oats, https://127.0.0.1:1), namespace shop,"
                + " from kubeconfig "
                + kubeconfig)
        .contains("→ kubectl_info")
        .doesNotContain("sun.misc.Unsafe")
        .doesNotContain("kubectl_info is off");
    assertThat(model.requests().getFirst().body().toString()).contains("shop");
  }
}
