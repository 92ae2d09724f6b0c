package dev.oats.tools.custom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.event.AgentEvent;
import dev.oats.tool.SideEffect;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolProvider.Offer;
import dev.oats.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP servers over stdio: {@link TestMcpServer} started as a real child process. */
class McpStdioTest {

  @TempDir Path root;
  private Harness harness;

  @BeforeEach
  void setUp() {
    harness = new Harness(root);
    // Starting a JVM on a busy two-core machine can take a while; the hang test sets its own.
    harness.settings.put(McpTools.CONNECT_TIMEOUT, "120");
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  /** The test JVM's class path; surefire keeps it in this property when it hides it in a jar. */
  private static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void configure(ObjectNode servers) {
    ObjectNode config = Harness.JSON.createObjectNode();
    config.set("mcpServers", servers);
    harness.write("mcp.json", config.toPrettyString());
  }

  private static ObjectNode stdioServer(String command, String... args) {
    ObjectNode server = Harness.JSON.createObjectNode().put("command", command);
    ArrayNode list = server.putArray("args");
    List.of(args).forEach(list::add);
    return server;
  }

  private static ObjectNode testServer() {
    ObjectNode server =
        stdioServer(
            java(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            testClassPath(),
            TestMcpServer.class.getName());
    server.putObject("env").put("GREETING", "hi");
    return server;
  }

  private void configureTestServer() {
    ObjectNode servers = Harness.JSON.createObjectNode();
    servers.set("local", testServer());
    configure(servers);
  }

  @Test
  void theServersToolsAreOfferedWithTheirSchemasAndWhereTheyCameFrom() {
    configureTestServer();

    List<Offer> offers = harness.offers();

    assertThat(offers)
        .extracting(Offer::name, Offer::source, Offer::isEnabled)
        .containsExactly(
            Tuple.tuple("greet", "mcp local", true),
            Tuple.tuple("restart_service", "mcp local", true),
            Tuple.tuple("show_environment", "mcp local", true));
    var greet = offers.get(0).tool();
    assertThat(greet.description()).startsWith("Says hello to someone.");
    assertThat(greet.parameters())
        .isEqualTo(
            Harness.args(
                """
                {"type": "object", "required": ["name"],
                 "properties": {"name": {"type": "string", "description": "Who to greet"}}}"""));
    assertThat(greet.category()).isEqualTo(ToolCategory.OTHER);
    ObjectNode restart = offers.get(1).tool().parameters();
    assertThat(restart.get("type").asText()).isEqualTo("object");
    assertThat(restart.has("$schema")).isFalse();
  }

  @Test
  void aReadOnlyHintMakesCallsReadOnlyAndEverythingElseNeedsAnApproval() throws Exception {
    configureTestServer();
    List<Offer> offers = harness.offers();
    var registry = Harness.registry(offers);

    ToolResult restart = harness.call(registry, "restart_service", "{\"service\": \"web\"}");

    assertThat(offers.get(0).tool().sideEffect(Harness.args("{}"))).isEqualTo(SideEffect.READ_ONLY);
    assertThat(offers.get(1).tool().sideEffect(Harness.args("{}"))).isEqualTo(SideEffect.UNKNOWN);
    assertThat(restart.status()).isEqualTo(ToolResult.Status.DENIED);
    assertThat(harness.events).anyMatch(AgentEvent.ApprovalRequired.class::isInstance);
  }

  @Test
  void aCallReturnsTheServersTextThroughTheExecutor() throws Exception {
    configureTestServer();
    var registry = Harness.registry(harness.offers());

    ToolResult result = harness.call(registry, "greet", "{\"name\": \"Ada\"}");
    ToolResult invalid = harness.call(registry, "greet", "{\"nom\": \"Ada\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).isEqualTo("Hello, Ada!");
    assertThat(invalid.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(invalid.error()).startsWith("Invalid arguments for greet");
  }

  @Test
  void imagesAreSummarisedAndAnErrorResultBecomesAnError() throws Exception {
    configureTestServer();
    List<Offer> offers = harness.offers();
    var restart = offers.get(1).tool();

    ToolResult restarted =
        restart.execute(Harness.args("{\"service\": \"web\"}"), harness.context());
    ToolResult refused = restart.execute(Harness.args("{\"service\": \"db\"}"), harness.context());

    assertThat(restarted.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(restarted.output()).isEqualTo("restarted web\n[image, image/png, 2 KB]");
    assertThat(refused.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(refused.error())
        .isEqualTo(
            "restart-service (MCP server 'local') reported an error: permission denied: db is"
                + " managed by the platform team");
  }

  @Test
  void theServerGetsOnlyItsOwnVariablesAndPathAndHome() throws Exception {
    configureTestServer();
    harness.processEnvironment.put("ANTHROPIC_API_KEY", "sk-ant-must-not-leak");
    harness.processEnvironment.put("OATS_DB_PASSWORD", "must-not-leak");
    harness.processEnvironment.put("LOGNAME", "oats");
    harness.processEnvironment.put("TERM", "xterm");
    var show = harness.offer("show_environment").tool();

    ToolResult result = show.execute(Harness.args("{}"), harness.context());

    assertThat(result.output().lines())
        .containsExactly(
            "GREETING=hi",
            "HOME=" + System.getProperty("user.home"),
            "PATH=" + System.getenv("PATH"));
  }

  @Test
  void aServerThatStillAnswersKeepsItsClientForLaterLoads() throws Exception {
    ObjectNode entry = testServer();
    List<String> args = new ArrayList<>();
    entry.get("args").forEach(arg -> args.add(arg.asText()));
    McpServerConfig server = McpServerConfig.stdio("local", java(), args, Map.of("GREETING", "hi"));
    Duration timeout = Duration.ofSeconds(120);

    var first = harness.connections.connect(server, harness.childEnvironment, timeout, timeout);
    var second = harness.connections.connect(server, harness.childEnvironment, timeout, timeout);
    harness.connections.close();
    var third = harness.connections.connect(server, harness.childEnvironment, timeout, timeout);

    assertThat(second).isSameAs(first);
    assertThat(third).isNotSameAs(first);
    assertThat(third.tools()).hasSize(3);
  }

  @Test
  void aServerCommandThatDoesNotExistIsOneDisabledToolWithTheReason() {
    ObjectNode servers = Harness.JSON.createObjectNode();
    servers.set("Ghost-Server", stdioServer("oats-no-such-mcp-server", "--stdio"));
    configure(servers);

    Offer offer = harness.offer("ghost_server");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.source()).isEqualTo("mcp Ghost-Server");
    assertThat(offer.disabledReason())
        .startsWith("MCP server 'Ghost-Server' (oats-no-such-mcp-server --stdio) is unavailable:")
        .contains("command 'oats-no-such-mcp-server' was not found on the PATH");
  }

  @Test
  void aServerThatNeverAnswersIsDisabledAfterTheConnectTimeout() {
    ObjectNode servers = Harness.JSON.createObjectNode();
    servers.set("stuck", stdioServer("sleep", "600"));
    configure(servers);
    harness.settings.put(McpTools.CONNECT_TIMEOUT, "2");

    Offer offer = harness.offer("stuck");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.disabledReason())
        .contains("did not answer within 2 s (OATS_MCP_CONNECT_TIMEOUT_SECONDS)");
  }

  @Test
  void aServerThatExitsAtOnceIsDisabledWithWhatItWroteOnStderr() throws Exception {
    Path script = root.resolve("crashing-server");
    Files.writeString(
        script, "#!/bin/sh\necho 'fatal: cannot read /etc/crashing.conf' >&2\nexit 3\n");
    script.toFile().setExecutable(true);
    ObjectNode servers = Harness.JSON.createObjectNode();
    servers.set("crashing", stdioServer(script.toString()));
    configure(servers);
    harness.settings.put(McpTools.CONNECT_TIMEOUT, "3");

    Offer offer = harness.offer("crashing");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.disabledReason())
        .contains("is unavailable: ")
        .endsWith("it wrote on stderr:\nfatal: cannot read /etc/crashing.conf");
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .noneMatch(name -> name.startsWith("oats-mcp-crashing-"));
    }
  }

  @Test
  void oneBrokenServerDoesNotHideTheToolsOfAnother() {
    ObjectNode servers = Harness.JSON.createObjectNode();
    servers.set("local", testServer());
    servers.set("ghost", stdioServer("oats-no-such-mcp-server"));
    configure(servers);

    var registry = Harness.registry(harness.offers());

    assertThat(registry.enabledNames()).contains("greet", "restart_service");
    assertThat(registry.entries())
        .filteredOn(entry -> !entry.enabled())
        .extracting(entry -> entry.name())
        .containsExactly("ghost");
  }
}
