package dev.oats.llm;

import static dev.oats.llm.Conversations.firstTurn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.oats.llm.anthropic.AnthropicChatModel;
import dev.oats.llm.openai.OpenAiChatModel;
import dev.oats.model.ChatModel;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import dev.oats.model.ModelException.Kind;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.FakeModelServer;
import dev.oats.testkit.FakeOpenAiServer;
import dev.oats.testkit.ScriptedReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How both adapters, and the retry decorator over them, fail against a real HTTP server. */
class ProviderFailuresTest {

  enum Provider {
    ANTHROPIC("anthropic/claude-test") {
      @Override
      FakeModelServer startFake() {
        return FakeAnthropicServer.start();
      }

      @Override
      ChatModel connect(String baseUrl, Duration timeout) {
        return new AnthropicChatModel("sk-test", baseUrl, "claude-test", timeout);
      }

      @Override
      String baseUrlOfPort(int port) {
        return "http://127.0.0.1:" + port;
      }
    },
    OPENAI("openai/gpt-test") {
      @Override
      FakeModelServer startFake() {
        return FakeOpenAiServer.start();
      }

      @Override
      ChatModel connect(String baseUrl, Duration timeout) {
        return new OpenAiChatModel("sk-test", baseUrl, "gpt-test", timeout);
      }

      @Override
      String baseUrlOfPort(int port) {
        return "http://127.0.0.1:" + port + "/v1";
      }
    };

    final String label;

    Provider(String label) {
      this.label = label;
    }

    abstract FakeModelServer startFake();

    abstract ChatModel connect(String baseUrl, Duration timeout);

    abstract String baseUrlOfPort(int port);
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final List<String> retryLines = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void retriesARateLimitAfterTheDelayTheProviderAskedFor(Provider provider) {
    FakeModelServer server = start(provider);
    server.enqueue(
        ScriptedReply.httpError(429, "Too many requests").withHeader("retry-after", "7"),
        ScriptedReply.text("ok"));

    ChatResponse response =
        retrying(connect(provider, server.baseUrl(), TIMEOUT), 5).chat(firstTurn());

    assertThat(response.text()).isEqualTo("ok");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(retryLines).hasSize(1);
    assertThat(retryLines.get(0))
        .startsWith(provider.label + ": rate limited (")
        .contains("HTTP 429", "Too many requests")
        .endsWith("retry 1/5 in 7.0 s");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void honoursRetryAfterInMilliseconds(Provider provider) {
    FakeModelServer server = start(provider);
    server.enqueue(
        ScriptedReply.httpError(429, "Too many requests")
            .withHeader("retry-after", "7")
            .withHeader("retry-after-ms", "1500"),
        ScriptedReply.text("ok"));

    retrying(connect(provider, server.baseUrl(), TIMEOUT), 5).chat(firstTurn());

    assertThat(sleeps).containsExactly(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void retriesAnOverloadedProviderWithBackoff(Provider provider) {
    FakeModelServer server = start(provider);
    server.enqueue(
        ScriptedReply.overloaded(), ScriptedReply.overloaded(), ScriptedReply.text("ok"));

    ChatResponse response =
        retrying(connect(provider, server.baseUrl(), TIMEOUT), 5).chat(firstTurn());

    assertThat(response.text()).isEqualTo("ok");
    // Full jitter at one half of a cap that doubles from 1 s.
    assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    String kind = provider == Provider.ANTHROPIC ? "overloaded" : "server error";
    assertThat(retryLines.get(0)).startsWith(provider.label + ": " + kind + " (");
    assertThat(retryLines.get(0))
        .contains(provider == Provider.ANTHROPIC ? "HTTP 529" : "HTTP 503");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void doesNotRetryAWrongKey(Provider provider) {
    FakeModelServer server = start(provider);
    server.expectApiKey("the-right-key");
    ChatModel model = retrying(connect(provider, server.baseUrl(), TIMEOUT), 5);

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.chat(firstTurn()));

    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("HTTP 401", "check the API key").doesNotContain("sk-test");
    assertThat(server.requests()).hasSize(1);
    assertThat(sleeps).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void saysWhichUrlItCouldNotReach(Provider provider) {
    String baseUrl = provider.baseUrlOfPort(FakeModelServer.unusedLocalPort());
    ChatModel model = connect(provider, baseUrl, TIMEOUT);

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.chat(firstTurn()));

    assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
    String name = provider == Provider.ANTHROPIC ? "Anthropic" : "OpenAI";
    assertThat(e.getMessage())
        .isEqualTo("cannot reach " + name + " at " + baseUrl + ": Connection refused");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void timesOutWhenTheAnswerComesTooLate(Provider provider) {
    FakeModelServer server = start(provider);
    server.enqueue(ScriptedReply.text("warm"), ScriptedReply.delay(Duration.ofSeconds(5)));
    // A first call loads the SDK's classes, which can take longer than the timeout under test.
    connect(provider, server.baseUrl(), TIMEOUT).chat(firstTurn());
    ChatModel model = connect(provider, server.baseUrl(), Duration.ofMillis(500));
    long started = System.nanoTime();

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.chat(firstTurn()));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage()).contains(server.baseUrl(), "did not answer within 0.5 s");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void givesUpWithTheLastErrorWhenTheRetriesRunOut(Provider provider) {
    FakeModelServer server = start(provider);
    server.enqueue(
        ScriptedReply.httpError(500, "first failure"),
        ScriptedReply.httpError(502, "second failure"),
        ScriptedReply.httpError(503, "third failure"));
    ChatModel model = retrying(connect(provider, server.baseUrl(), TIMEOUT), 2);

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.chat(firstTurn()));

    assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(e.getMessage()).contains("HTTP 503", "third failure", "gave up after 3 attempts");
    assertThat(e.getCause()).isInstanceOf(ModelException.class);
    assertThat(server.requests()).hasSize(3);
    assertThat(retryLines).hasSize(2);
    assertThat(retryLines.get(1)).contains("retry 2/2");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void cancelsWhenTheThreadIsInterrupted(Provider provider) throws Exception {
    FakeModelServer server = start(provider);
    server.enqueue(ScriptedReply.delay(Duration.ofSeconds(10)));
    ChatModel model = connect(provider, server.baseUrl(), Duration.ofSeconds(20));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();

    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    model.chat(firstTurn());
                  } catch (Throwable t) {
                    thrown.set(t);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                  }
                });
    awaitFirstRequest(server, caller);
    caller.interrupt();
    caller.join(Duration.ofSeconds(5));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(ModelException.class);
    assertThat(((ModelException) thrown.get()).kind()).isEqualTo(Kind.CANCELLED);
    assertThat(stillInterrupted).isTrue();
  }

  private static void awaitFirstRequest(FakeModelServer server, Thread caller)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.requests().isEmpty() && caller.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private FakeModelServer start(Provider provider) {
    FakeModelServer server = provider.startFake();
    opened.add(server);
    return server;
  }

  private ChatModel connect(Provider provider, String baseUrl, Duration timeout) {
    ChatModel model = provider.connect(baseUrl, timeout);
    opened.add((AutoCloseable) model);
    return model;
  }

  private ChatModel retrying(ChatModel model, int maxRetries) {
    RetryingChatModel.Policy policy =
        new RetryingChatModel.Policy(
            maxRetries, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    return new RetryingChatModel(model, policy, retryLines::add, sleeps::add, () -> 0.5);
  }
}
