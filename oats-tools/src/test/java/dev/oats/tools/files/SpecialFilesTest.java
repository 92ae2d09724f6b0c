package dev.oats.tools.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolRegistry;
import dev.oats.model.ToolCall;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolProvider;
import dev.oats.tool.ToolResult;
import dev.oats.tools.logs.LogTools;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIFOs, devices and huge sparse files under an allowed root, given to the file tools by a hostile
 * model: each is refused or read with a cap, at once, and a call stuck in {@code open()} still ends
 * at its time limit, at the investigation's deadline or on cancel.
 */
@Timeout(60)
class SpecialFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  private Path workspace;

  @BeforeEach
  void layout() throws Exception {
    workspace = Files.createDirectories(root.resolve("workspace"));
    Files.writeString(root.resolve("app.log"), "ERROR timeout talking to db\n");
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assumeTrue(process.waitFor() == 0, "cannot run " + String.join(" ", command) + " here");
  }

  private ToolExecutor executor(Duration maxTimeout, Tool... extra) {
    Map<String, String> settings = Map.of(AllowedRoots.SETTING, root.toString());
    ToolRegistry.Builder registry = ToolRegistry.builder();
    for (ToolProvider.Offer offer : FileTools.offers(settings)) {
      registry.add("builtin", offer.tool());
    }
    for (ToolProvider.Offer offer : LogTools.offers(settings)) {
      if (offer.isEnabled()) {
        registry.add("builtin", offer.tool());
      }
    }
    for (Tool tool : extra) {
      registry.add("test", tool);
    }
    return new ToolExecutor(
        registry.build(),
        UnaryOperator.identity(),
        ApprovalGate.NOBODY_TO_ASK,
        new ToolExecutor.Settings(16_000, maxTimeout, false));
  }

  private ToolResult call(ToolExecutor executor, String tool, String json) throws Exception {
    return call(executor, tool, json, Instant.now().plusSeconds(120), () -> false);
  }

  private ToolResult call(
      ToolExecutor executor, String tool, String json, Instant deadline, BooleanSupplier cancelled)
      throws Exception {
    ToolContext context = new ToolContext("inv", workspace, Map.of(), deadline, cancelled);
    ObjectNode arguments = (ObjectNode) JSON.readTree(json);
    return executor.execute(1, new ToolCall("c1", tool, arguments), context, e -> {}).result();
  }

  @Test
  void aFifoIsRefusedByEveryFileToolWithoutOpeningIt() throws Exception {
    Path fifo = root.resolve("pipe");
    run("mkfifo", fifo.toString());
    ToolExecutor executor = executor(Duration.ofSeconds(30));
    long started = System.nanoTime();

    ToolResult search =
        call(executor, "code_search", "{\"pattern\":\"x\",\"path\":\"" + fifo + "\"}");
    ToolResult read = call(executor, "file_reader", "{\"path\":\"" + fifo + "\"}");
    ToolResult yaml = call(executor, "yaml_parser", "{\"path\":\"" + fifo + "\"}");
    ToolResult walk =
        call(executor, "code_search", "{\"pattern\":\"timeout\",\"path\":\"" + root + "\"}");

    assertThat(search.error()).contains("not a regular file");
    assertThat(read.error()).contains("not a regular file");
    assertThat(yaml.error()).contains("not a regular file");
    assertThat(walk.output()).contains("app.log");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aCharacterDeviceIsNeverReadToItsEnd() throws Exception {
    Path zero = root.resolve("zero");
    run("mknod", zero.toString(), "c", "1", "5");
    ToolExecutor executor = executor(Duration.ofSeconds(30));

    ToolResult search =
        call(executor, "code_search", "{\"pattern\":\"x\",\"path\":\"" + zero + "\"}");
    ToolResult log = call(executor, "log_analyzer", "{\"path\":\"" + zero + "\"}");

    assertThat(search.error()).contains("not a regular file");
    assertThat(log.isError()).isTrue();
  }

  @Test
  void aTwoGigabyteSparseLogIsReadOnlyUpToItsCap() throws Exception {
    Path sparse = root.resolve("huge.log");
    try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
      file.setLength(2L * 1024 * 1024 * 1024);
      file.seek(file.length() - 40);
      file.write("\nERROR the last line of the log\n".getBytes());
    }
    ToolExecutor executor = executor(Duration.ofSeconds(50));
    Runtime runtime = Runtime.getRuntime();
    long started = System.nanoTime();

    ToolResult log = call(executor, "log_analyzer", "{\"path\":\"" + sparse + "\"}");
    ToolResult search =
        call(executor, "code_search", "{\"pattern\":\"ERROR\",\"path\":\"" + sparse + "\"}");
    ToolResult read = call(executor, "file_reader", "{\"path\":\"" + sparse + "\"}");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(40));
    assertThat(runtime.totalMemory() - runtime.freeMemory()).isLessThan(1024L * 1024 * 1024);
    assertThat(log.output()).contains("last line of the log");
    assertThat(search.error()).contains("binary");
    assertThat(read.error()).isNotEmpty();
  }

  /**
   * A tool stuck in open() on a FIFO, as any plugin could be: the executor must not wait for it.
   */
  private static Tool stuckIn(Path fifo, AtomicBoolean entered) {
    return new Tool() {
      @Override
      public ToolDefinition definition() {
        return new ToolDefinition(
            "stuck_reader",
            "opens a FIFO nobody writes to",
            ToolCategory.CODE,
            JSON.createObjectNode().put("type", "object"));
      }

      @Override
      public SideEffect sideEffect(ObjectNode arguments) {
        return SideEffect.READ_ONLY;
      }

      @Override
      public Duration timeout() {
        return Duration.ofSeconds(2);
      }

      @Override
      public ToolResult execute(ObjectNode arguments, ToolContext context) throws Exception {
        entered.set(true);
        try (InputStream in = Files.newInputStream(fifo)) {
          return ToolResult.success(new String(in.readAllBytes()));
        }
      }
    };
  }

  @Test
  void aCallBlockedInOpenStillEndsAtItsTimeLimitAtTheDeadlineAndOnCancel() throws Exception {
    // Outside the @TempDir: the abandoned threads still hold it while the test's files are deleted.
    Path fifo = Files.createTempDirectory("oats-fifo").resolve("blocking-pipe");
    run("mkfifo", fifo.toString());
    AtomicBoolean entered = new AtomicBoolean();
    ToolExecutor executor = executor(Duration.ofSeconds(30), stuckIn(fifo, entered));

    long started = System.nanoTime();
    ToolResult timedOut = call(executor, "stuck_reader", "{}");
    Duration tookTimeout = Duration.ofNanos(System.nanoTime() - started);

    started = System.nanoTime();
    ToolResult pastDeadline =
        call(executor, "stuck_reader", "{}", Instant.now().plusMillis(700), () -> false);
    Duration tookDeadline = Duration.ofNanos(System.nanoTime() - started);

    AtomicBoolean cancel = new AtomicBoolean();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                return;
              }
              cancel.set(true);
            });
    started = System.nanoTime();
    ToolResult cancelled =
        call(executor, "stuck_reader", "{}", Instant.now().plusSeconds(60), cancel::get);
    Duration tookCancel = Duration.ofNanos(System.nanoTime() - started);

    assertThat(entered).isTrue();
    assertThat(timedOut.error()).contains("did not finish within 2 s");
    assertThat(tookTimeout).isLessThan(Duration.ofSeconds(5));
    assertThat(pastDeadline.error()).contains("deadline");
    assertThat(tookDeadline).isLessThan(Duration.ofSeconds(3));
    assertThat(cancelled.error()).contains("cancelled");
    assertThat(tookCancel).isLessThan(Duration.ofSeconds(3));
    // Free the threads still blocked in open(): opening the writing end lets them all return.
    Thread.ofVirtual()
        .start(
            () -> {
              try (var out = Files.newOutputStream(fifo)) {
                out.write('x');
              } catch (java.io.IOException ignored) {
                // the test is over either way
              }
            });
  }
}
