package dev.oats.tools.shell;

import static dev.oats.tools.shell.ShellTestSupport.args;
import static dev.oats.tools.shell.ShellTestSupport.context;
import static dev.oats.tools.shell.ShellTestSupport.pathOnly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.agent.ApprovalGate;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolRegistry;
import dev.oats.event.AgentEvent;
import dev.oats.model.ToolCall;
import dev.oats.tool.ToolProvider;
import dev.oats.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell tools as the agent uses them: registered, classified, approved or not, then run. */
class ShellToolsThroughTheExecutorTest {

  @TempDir Path workspace;

  private final List<AgentEvent> events = new ArrayList<>();

  private ToolResult call(String tool, String argumentName, String value) throws Exception {
    ToolRegistry.Builder registry = ToolRegistry.builder();
    for (ToolProvider.Offer offer : ShellTools.offers(Map.of())) {
      if (offer.isEnabled()) {
        registry.add("builtin", offer.tool());
      }
    }
    ToolExecutor executor =
        new ToolExecutor(
            registry.build(),
            UnaryOperator.identity(),
            ApprovalGate.NOBODY_TO_ASK,
            new ToolExecutor.Settings(16_000, Duration.ofMinutes(5), false));
    ToolCall call = new ToolCall("call-1", tool, args(argumentName, value));
    return executor.execute(1, call, context(workspace, pathOnly()), events::add).result();
  }

  @Test
  void aReadOnlyCommandLineRunsWithoutAskingAnyone() throws Exception {
    ToolResult result = call("bash_executor", "command", "echo ready | grep -c ready");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).contains("stdout:\n1");
    assertThat(events).noneMatch(AgentEvent.ApprovalRequired.class::isInstance);
  }

  @Test
  void aCommandLineThatWritesIsNotRunWithoutAnApproval() throws Exception {
    ToolResult result = call("bash_executor", "command", "ls; touch written-without-approval");

    assertThat(result.status()).isEqualTo(ToolResult.Status.DENIED);
    assertThat(events).anyMatch(AgentEvent.ApprovalRequired.class::isInstance);
    assertThat(Files.exists(workspace.resolve("written-without-approval"))).isFalse();
  }

  @Test
  void aPythonScriptIsNotRunWithoutAnApproval() throws Exception {
    ToolResult result = call("python_executor", "code", "open('written', 'w').write('x')");

    assertThat(result.status()).isEqualTo(ToolResult.Status.DENIED);
    assertThat(Files.exists(workspace.resolve("written"))).isFalse();
  }
}
