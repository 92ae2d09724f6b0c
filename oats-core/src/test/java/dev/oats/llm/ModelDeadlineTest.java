package dev.oats.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.agent.Agent;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.Investigation;
import dev.oats.agent.RunSummary;
import dev.oats.config.OatsConfig;
import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.llm.anthropic.AnthropicChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ModelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The investigation's deadline bounds the model as well: a model that never answers, a retry that
 * would wait past the deadline, and a connection cut in the middle of an answer (retried, not
 * reported as a foreign answer). The model is a raw HTTP server on loopback, so the failures are
 * the real ones the SDK sees.
 */
@Timeout(60)
class ModelDeadlineTest {

  private static final String ANSWER =
      """
      {"id":"msg_1","type":"message","role":"assistant","model":"claude-x",\
      "content":[{"type":"text","text":"all good"}],"stop_reason":"end_turn",\
      "stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":2}}""";

  @TempDir Path dir;

  /** A loopback HTTP server that answers the n-th connection with {@code script.apply(n)}. */
  private static final class RawModel implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger requests = new AtomicInteger();
    final List<Socket> open = new CopyOnWriteArrayList<>();

    RawModel(IntFunction<byte[]> script) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual()
          .start(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket client = socket.accept();
                    open.add(client);
                    int number = requests.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(client, script.apply(number)));
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
    }

    /** Reads the request, then writes {@code reply}; null writes nothing and keeps it open. */
    private void serve(Socket client, byte[] reply) {
      try {
        readRequest(client.getInputStream());
        if (reply == null) {
          return;
        }
        OutputStream out = client.getOutputStream();
        out.write(reply);
        out.flush();
        client.close();
      } catch (IOException e) {
        // the client went away
      }
    }

    private static void readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
      }
      int length = 0;
      for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.readNBytes(length);
    }

    String baseUrl() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket client : open) {
        client.close();
      }
    }
  }

  private static byte[] response(int status, String headers, String body, int declaredLength) {
    return ("HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n%s"
            .formatted(status, declaredLength, headers, body))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static ChatRequest hello() {
    return new ChatRequest("system", List.of(new Message.User("hello")), List.of(), 100, 0.0);
  }

  @Test
  void aHangingModelEndsTheInvestigationAtItsDeadlineNotAtTheModelTimeout() throws Exception {
    try (RawModel model = new RawModel(n -> null)) {
      Map<String, String> env =
          Map.of(
              "ANTHROPIC_API_KEY", "sk-ant-test-deadline-0001",
              "ANTHROPIC_BASE_URL", model.baseUrl(),
              "OATS_TIMEOUT_SECONDS", "2",
              "OATS_MODEL_TIMEOUT_SECONDS", "120",
              "OATS_MODEL_MAX_RETRIES", "5",
              "OATS_WORKSPACE", dir.resolve("workspace").toString(),
              "OATS_TOOLS_DIR", dir.resolve("tools").toString());
      Agent agent = Agent.create(OatsConfig.load(env, dir), env, ApprovalGate.NOBODY_TO_ASK);
      List<RecordedEvent> events = new ArrayList<>();
      long started = System.nanoTime();

      RunSummary summary =
          agent.run(new Investigation("inv-1", "why?", "shop"), events::add, () -> false);

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took).isLessThan(Duration.ofSeconds(6));
      AgentEvent last = events.getLast().event();
      assertThat(last).isInstanceOf(AgentEvent.Failed.class);
      AgentEvent.Failed failed = (AgentEvent.Failed) last;
      assertThat(failed.kind()).isEqualTo(AgentEvent.FailureKind.TIMED_OUT);
      assertThat(failed.reason()).contains("Deadline of 2 s passed while waiting for the model");
      assertThat(summary).isNotNull();
    }
  }

  @Test
  void aRetryThatWouldWaitPastTheDeadlineIsNotStarted() throws Exception {
    String overloaded =
        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"busy\"}}";
    try (RawModel model =
            new RawModel(
                n -> response(500, "retry-after: 30\r\n", overloaded, overloaded.length()));
        AnthropicChatModel adapter =
            new AnthropicChatModel(
                "sk-ant-test-0002", model.baseUrl(), "claude-x", Duration.ofSeconds(30))) {
      RetryingChatModel retrying =
          new RetryingChatModel(adapter, RetryingChatModel.Policy.defaults(), line -> {});
      long started = System.nanoTime();

      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> retrying.chat(hello(), Instant.now().plusSeconds(15)));
      assertThat(failure)
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("not retried: the investigation's deadline comes first");

      // Well short of the 30 s the server asked to wait: the retry was never started.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
      assertThat(model.requests.get()).as(failure.getMessage()).isEqualTo(1);
    }
  }

  @Test
  void aConnectionCutMidAnswerIsRetriedNotCalledAForeignAnswer() throws Exception {
    try (RawModel model =
            new RawModel(
                n ->
                    n == 1
                        ? response(200, "", ANSWER.substring(0, 60), ANSWER.length())
                        : response(200, "", ANSWER, ANSWER.length()));
        AnthropicChatModel adapter =
            new AnthropicChatModel(
                "sk-ant-test-0003", model.baseUrl(), "claude-x", Duration.ofSeconds(30))) {
      List<String> retries = new ArrayList<>();
      RetryingChatModel retrying =
          new RetryingChatModel(
              adapter,
              new RetryingChatModel.Policy(
                  2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1)),
              retries::add);

      ChatResponse response = retrying.chat(hello(), Instant.now().plusSeconds(30));

      assertThat(response.text()).contains("all good");
      assertThat(model.requests.get()).isEqualTo(2);
      assertThat(retries).singleElement().asString().contains("closed the connection");
    }
  }
}
