package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval question of {@code oats investigate} in a real terminal (a pty made by {@code
 * script}): the whole held command, wrapped but never cut, and the parts that made it need
 * approval, before the y/N prompt.
 */
class ApprovalPromptCliTest {

  private static final String COMMAND =
      "kubectl -n shop get pods -l app=cart -o name --sort-by=.metadata.creationTimestamp"
          + " | xargs kubectl delete --force --grace-period=0 -n shop"
          + " && kubectl rollout restart deployment/cart -n shop";

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

  @Test
  void theWholeCommandAndWhatMadeItNeedApprovalAppearBeforeThePrompt() throws Exception {
    String arguments = JsonNodeFactory.instance.objectNode().put("command", COMMAND).toString();
    model.enqueue(
        ScriptedReply.toolCall("bash_executor", arguments),
        ScriptedReply.toolCall("finish", "{\"result\": \"Nothing was deleted.\"}"));
    Map<String, String> env = environment();

    PtyTerminal terminal =
        PtyTerminal.start(env, "investigate", "--no-follow-up", "restart the cart pods?");
    terminal.awaitOutput("Approve? [y/N]");
    String question = terminal.output();
    terminal.type("n\n");

    assertThat(terminal.exitCode()).as(terminal.output()).isZero();
    String beforePrompt = question.substring(0, question.indexOf("Approve? [y/N]"));
    assertThat(beforePrompt.replaceAll("\\r?\\n {4}(  )?", ""))
        .as(beforePrompt)
        .contains("OATS wants to run bash_executor:" + COMMAND);
    String asked = beforePrompt.substring(beforePrompt.lastIndexOf("OATS wants to run"));
    String held = asked.substring(asked.indexOf("Needs approval for: ")).replaceAll("\\r?\\n", "");
    assertThat(held).contains("kubectl delete").contains("kubectl rollout restart");
    for (String line : asked.split("\\r?\\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(60);
    }
    assertThat(terminal.output()).contains("Nothing was deleted.");
  }

  @Test
  void aHeldScriptIsShownLineByLineUnderItsArgumentsNameNotAsEscapedJson() throws Exception {
    String code =
        "import subprocess\n"
            + "for namespace in ['shop', 'payments']:\n"
            + "    subprocess.run(['kubectl', '-n', namespace, 'delete', 'pods', '--all'])\n";
    String arguments = JsonNodeFactory.instance.objectNode().put("code", code).toString();
    model.enqueue(
        ScriptedReply.toolCall("python_executor", arguments),
        ScriptedReply.toolCall("finish", "{\"result\": \"Nothing was deleted.\"}"));

    PtyTerminal terminal =
        PtyTerminal.start(environment(), "investigate", "--no-follow-up", "clean up the pods?");
    terminal.awaitOutput("Approve? [y/N]");
    String question = terminal.output();
    terminal.type("n\n");

    assertThat(terminal.exitCode()).as(terminal.output()).isZero();
    String asked =
        question.substring(
            question.lastIndexOf("OATS wants to run"), question.indexOf("Approve? [y/N]"));
    assertThat(asked.lines().map(String::stripTrailing).toList())
        .as(asked)
        .containsSubsequence(
            "OATS wants to run python_executor:",
            "    code:",
            "      import subprocess",
            "      for namespace in ['shop', 'payments']:",
            "          subprocess.run(['kubectl', '-n', namespace,",
            "            'delete', 'pods', '--all'])");
    assertThat(asked).doesNotContain("\\n", "{\"code\"");
    for (String line : asked.split("\\r?\\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(60);
    }
  }

  private Map<String, String> environment() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789");
    env.put("ANTHROPIC_BASE_URL", model.baseUrl());
    env.put("OATS_RESULTS_DIR", dir.resolve("results").toString());
    env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
    env.put("OATS_TOOLS_DIR", dir.resolve("tools").toString());
    env.put("OATS_MODEL_MAX_RETRIES", "0");
    env.put("PATH", System.getenv("PATH"));
    env.put("COLUMNS", "60");
    Files.createDirectories(dir.resolve("workspace"));
    return env;
  }
}
