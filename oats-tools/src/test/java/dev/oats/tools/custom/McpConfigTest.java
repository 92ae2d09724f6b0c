package dev.oats.tools.custom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.ToolProvider.Offer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP configuration file: what makes an entry unusable, and how that is reported. */
class McpConfigTest {

  @TempDir Path root;
  private Harness harness;

  @BeforeEach
  void setUp() {
    harness = new Harness(root);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void aConfigurationThatCannotBeParsedIsOneDisabledToolWithTheLineAndColumn() {
    harness.write("mcp.json", "{\"mcpServers\": {\"a\": {\"command\": \"x\",}}}");

    Offer offer = harness.offer("mcp");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.source()).isEqualTo("mcp mcp.json");
    assertThat(offer.disabledReason()).startsWith("cannot parse it at line 1, column ");
  }

  @Test
  void entriesThatCannotBeUsedAreDisabledOneByOneWithWhatToFix() {
    harness.write(
        "mcp.json",
        """
        {"mcpServers": {
          "neither": {"args": ["x"]},
          "both": {"command": "x", "url": "http://127.0.0.1:1/mcp"},
          "legacy": {"type": "sse", "url": "http://127.0.0.1:1/sse"},
          "ftp": {"url": "ftp://example.org/mcp"},
          "odd-env": {"command": "x", "env": {"A=B": "c"}},
          "off": {"command": "x", "disabled": true}
        }}""");

    List<Offer> offers = harness.offers();

    assertThat(offers).noneMatch(Offer::isEnabled);
    assertThat(offers)
        .extracting(offer -> offer.name() + ": " + offer.disabledReason())
        .containsExactlyInAnyOrder(
            "neither: server 'neither': give either command (a server OATS starts, speaking over"
                + " stdio) or url (a streamable HTTP endpoint), not neither",
            "both: server 'both': give either command (a server OATS starts, speaking over stdio)"
                + " or url (a streamable HTTP endpoint), not both",
            "legacy: server 'legacy': the SSE transport is not supported; give the server's"
                + " streamable HTTP endpoint as url",
            "ftp: server 'ftp': url 'ftp://example.org/mcp' must be an http or https URL, like"
                + " http://127.0.0.1:3000/mcp",
            "odd_env: server 'odd-env': env name 'A=B' is not a variable name (letters, digits"
                + " and _)",
            "off: disabled in mcp.json");
  }

  @Test
  void aYamlConfigurationNamedBySettingIsReadAndNotTakenForAYamlTool() {
    harness.write("servers.yaml", "mcpServers:\n  ghost:\n    command: oats-no-such-server\n");
    harness.settings.put(McpTools.CONFIG, harness.toolsDir.resolve("servers.yaml").toString());

    List<Offer> offers = harness.offers();

    assertThat(offers).extracting(Offer::name).containsExactly("ghost");
    assertThat(offers.getFirst().disabledReason()).contains("was not found on the PATH");
  }

  @Test
  void aConfigurationNamedBySettingThatDoesNotExistIsReported() {
    harness.settings.put(McpTools.CONFIG, root.resolve("missing-mcp.json").toString());

    Offer offer = harness.offer("missing_mcp");

    assertThat(offer.disabledReason())
        .contains("OATS_MCP_CONFIG names")
        .contains("which does not exist");
  }

  @Test
  void aTimeoutSettingThatIsNotANumberIsReportedInsteadOfConnecting() {
    harness.write("mcp.json", "{\"mcpServers\": {}}");
    harness.settings.put(McpTools.CONNECT_TIMEOUT, "soon");

    Offer offer = harness.offer("mcp");

    assertThat(offer.disabledReason())
        .isEqualTo(
            "OATS_MCP_CONNECT_TIMEOUT_SECONDS must be a positive whole number of seconds, not"
                + " 'soon'");
  }

  @Test
  void withoutAConfigurationNoServerIsContacted() {
    assertThat(harness.offers()).isEmpty();
  }
}
