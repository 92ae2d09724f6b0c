package dev.oats.tools.custom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.event.AgentEvent;
import dev.oats.tool.SideEffect;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolProvider.Offer;
import dev.oats.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML tools loaded from a real tools directory and run as real processes. */
class YamlToolsTest {

  /** Prints each argument on its own line in brackets, so argument boundaries show. */
  private static final String SHOW_ARGS =
      """
      name: show_args
      description: 'Prints its arguments. Example: {"text": "hi"}'
      parameters:
        type: object
        properties:
          text: {type: string}
          count: {type: integer}
          verbose: {type: boolean}
          since: {type: string}
          path: {type: string, default: "/var/log"}
        required: [text]
      command: ["printf", "[%s]\\n", "{{text}}", "--count={{count}}", "{{verbose}}", "--since={{since}}", "{{path}}"]
      """;

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
  void aYamlToolRunsItsCommandWithEachValueInsideItsOwnArgument() throws Exception {
    harness.write("show_args.yaml", SHOW_ARGS);

    ToolResult result =
        harness.call(
            "show_args",
            """
            {"text": "two words", "count": 3, "verbose": true, "since": "1h", "path": "/tmp"}""");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("exit code 0")
        .contains("[two words]\n[--count=3]\n[true]\n[--since=1h]\n[/tmp]");
  }

  @Test
  void shellMetacharactersInAnArgumentArePassedThroughLiterally() throws Exception {
    harness.write("show_args.yaml", SHOW_ARGS);
    String hostile =
        "; touch pwned-semicolon; $(touch pwned-dollar) `touch pwned-backtick` | rm -rf x";

    ToolResult result =
        harness.call("show_args", Harness.JSON.createObjectNode().put("text", hostile).toString());

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).contains("[" + hostile + "]");
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .noneMatch(name -> name.startsWith("pwned"));
    }
  }

  @Test
  void anAbsentParameterTakesItsDefaultOrDropsEveryElementThatNamesIt() throws Exception {
    harness.write("show_args.yaml", SHOW_ARGS);

    ToolResult result = harness.call("show_args", "{\"text\": \"only\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("stdout:\n[only]\n[/var/log]")
        .doesNotContain("--count")
        .doesNotContain("--since");
  }

  @Test
  void theSampleFileLoadsAndRunsKubectlWithTheArgvItDescribes() throws Exception {
    Files.copy(
        Path.of("src/test/resources/dev/oats/tools/custom/pod_disk_usage.yaml"),
        harness.toolsDir.resolve("pod_disk_usage.yaml"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(kubectl, "#!/bin/sh\nprintf '[%s]' \"$@\"\n");
    kubectl.toFile().setExecutable(true);
    harness.childEnvironment.put("PATH", bin + ":" + System.getenv("PATH"));

    Offer offer = harness.offer("pod_disk_usage");
    ToolResult result =
        harness.call("pod_disk_usage", "{\"namespace\": \"shop\", \"pod\": \"checkout-api-1\"}");

    assertThat(offer.isEnabled()).isTrue();
    assertThat(offer.source()).isEqualTo("yaml pod_disk_usage.yaml");
    assertThat(offer.tool().category()).isEqualTo(ToolCategory.KUBERNETES);
    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).contains("[exec][-n][shop][checkout-api-1][--][df][-h][/]");
  }

  @Test
  void theCommandGetsTheScrubbedChildEnvironmentAsItsWholeEnvironment() throws Exception {
    harness.write(
        "show_env.yaml",
        """
        name: show_env
        description: Prints the environment.
        command: ["env"]
        side_effect: read_only
        """);
    harness.childEnvironment.put("OATS_TEST_MARKER", "present");

    ToolResult result = harness.call("show_env", "{}");

    assertThat(result.output().lines().filter(line -> line.contains("=")))
        .containsExactlyInAnyOrder("PATH=" + System.getenv("PATH"), "OATS_TEST_MARKER=present");
  }

  @Test
  void argumentsThatBreakTheSchemaAreRefusedBeforeTheCommandRuns() throws Exception {
    harness.write(
        "make_file.yaml",
        """
        name: make_file
        description: Creates a file (declared read-only here only to reach the schema check).
        parameters:
          type: object
          properties:
            file: {type: string, pattern: "^[a-z]+$"}
          required: [file]
        command: ["touch", "{{file}}"]
        side_effect: read_only
        """);

    ToolResult badPattern = harness.call("make_file", "{\"file\": \"../escaped\"}");
    ToolResult unknownArgument = harness.call("make_file", "{\"file\": \"ok\", \"mode\": \"x\"}");
    ToolResult missing = harness.call("make_file", "{}");

    assertThat(badPattern.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(badPattern.error()).startsWith("Invalid arguments for make_file");
    assertThat(unknownArgument.error()).contains("mode");
    assertThat(missing.error()).contains("file");
    try (Stream<Path> files = Files.list(harness.workspace)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aToolDeclaredMutatingIsNotRunWithoutAnApproval() throws Exception {
    harness.write(
        "make_file.yaml",
        """
        name: make_file
        description: Creates a file in the workspace.
        parameters:
          type: object
          properties:
            file: {type: string}
        command: ["touch", "{{file}}"]
        side_effect: mutating
        """);

    ToolResult result = harness.call("make_file", "{\"file\": \"created\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.DENIED);
    assertThat(harness.events).anyMatch(AgentEvent.ApprovalRequired.class::isInstance);
    assertThat(harness.workspace.resolve("created")).doesNotExist();
  }

  @Test
  void withoutADeclaredSideEffectEachCallsArgvIsClassified() {
    harness.write(
        "kube_verb.yaml",
        """
        name: kube_verb
        description: Runs kubectl with a verb on pods.
        parameters:
          type: object
          properties:
            verb: {type: string}
            name: {type: string}
        command: ["kubectl", "{{verb}}", "pods", "{{name}}"]
        """);
    var tool = harness.offer("kube_verb").tool();

    assertThat(tool.sideEffect(Harness.args("{\"verb\": \"get\"}")))
        .isEqualTo(SideEffect.READ_ONLY);
    assertThat(tool.sideEffect(Harness.args("{\"verb\": \"delete\", \"name\": \"web-1\"}")))
        .isEqualTo(SideEffect.MUTATING);
    assertThat(tool.sideEffect(Harness.args("{\"verb\": [\"get\"]}")))
        .isEqualTo(SideEffect.UNKNOWN);
  }

  @Test
  void aListValueForAPlaceholderIsRefusedWithAReason() throws Exception {
    harness.write(
        "loose.yaml",
        """
        name: loose
        description: A parameter without a type.
        parameters:
          type: object
          properties:
            value: {}
        command: ["echo", "{{value}}"]
        side_effect: read_only
        """);

    ToolResult result = harness.call("loose", "{\"value\": [\"a\", \"b\"]}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error()).contains("parameter 'value' is a list");
  }

  @Test
  void aCommandThatOutlivesItsTimeoutIsKilledWithEverythingItStarted() throws Exception {
    harness.write(
        "slow.yaml",
        """
        name: slow
        description: Sleeps.
        command: ["sleep", "60"]
        side_effect: read_only
        timeout_seconds: 1
        """);

    ToolResult result = harness.call("slow", "{}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error())
        .contains("did not finish within 1 s and was killed")
        .contains("timeout_seconds")
        .contains("slow.yaml");
  }

  @Test
  void aFailingCommandIsAnErrorThatKeepsItsOutput() throws Exception {
    harness.write(
        "list_dir.yaml",
        """
        name: list_dir
        description: Lists a directory.
        parameters:
          type: object
          properties:
            dir: {type: string}
        command: ["ls", "{{dir}}"]
        """);

    ToolResult result = harness.call("list_dir", "{\"dir\": \"/no/such/dir\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error()).contains("exited with code");
    assertThat(result.output()).contains("stderr:").contains("/no/such/dir");
  }

  @Test
  void aProgramThatIsNotInstalledIsReportedByTheCall() throws Exception {
    harness.write(
        "missing.yaml",
        """
        name: missing
        description: Runs a program that does not exist.
        command: ["oats-no-such-program", "--version"]
        side_effect: read_only
        """);

    ToolResult result = harness.call("missing", "{}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error()).contains("'oats-no-such-program' was not found on the PATH");
  }

  @Test
  void aFileThatIsNotValidYamlIsADisabledToolNamedAfterTheFileWithTheLineAndColumn() {
    harness.write("Broken Tool.yml", "name: broken\ndescription: [unclosed\ncommand: [\"ls\"]\n");

    Offer offer = harness.offer("broken_tool");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.source()).isEqualTo("yaml Broken Tool.yml");
    assertThat(offer.disabledReason()).startsWith("not valid YAML at line ").contains("column");
  }

  @Test
  void unknownKeysDisableTheToolUnderItsOwnName() {
    harness.write(
        "lister.yaml",
        """
        name: list_things
        description: Lists things.
        command: ["ls"]
        shell: true
        """);

    Offer offer = harness.offer("list_things");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.disabledReason()).contains("unknown keys shell");
  }

  @Test
  void placeholdersThatAreNotDeclaredParametersDisableTheTool() {
    harness.write(
        "logs.yaml",
        """
        name: pod_logs
        description: Shows a pod's logs.
        parameters:
          type: object
          properties:
            namespace: {type: string}
        command: ["kubectl", "logs", "-n", "{{namespace}}", "{{pod}}", "--since={{ since }}"]
        """);

    Offer offer = harness.offer("pod_logs");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.disabledReason())
        .contains("not declared in parameters.properties: {{pod}}, {{since}}");
  }

  @Test
  void everyProblemOfAFileIsSaidAtOnce() {
    harness.write(
        "many.yaml",
        """
        name: Many Problems
        command: "kubectl get pods"
        side_effect: sometimes
        timeout_seconds: 0
        category: databases
        """);

    Offer offer = harness.offer("many");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.disabledReason())
        .contains("name 'Many Problems' is invalid")
        .contains("description is missing")
        .contains("command must be a list of arguments")
        .contains("side_effect 'sometimes'")
        .contains("timeout_seconds must be a whole number")
        .contains("category 'databases' is not one of");
  }

  @Test
  void theProgramMustBeFixedAndPlaceholdersMustTakeSingleValues() {
    harness.write(
        "any_program.yaml",
        """
        name: any_program
        description: Runs what the model names.
        parameters:
          type: object
          properties:
            program: {type: string}
        command: ["{{program}}"]
        """);
    harness.write(
        "list_param.yaml",
        """
        name: list_param
        description: Takes a list.
        parameters:
          type: object
          properties:
            names: {type: array}
        command: ["echo", "{{names}}"]
        """);

    assertThat(harness.offer("any_program").disabledReason()).contains("must be fixed");
    assertThat(harness.offer("list_param").disabledReason())
        .contains("placeholder {{names}} refers to a parameter of type array");
  }

  @Test
  void brokenFilesDoNotStopTheRegistryFromBeingBuilt() {
    harness.write("show_args.yaml", SHOW_ARGS);
    harness.write("broken.yaml", "name: [\n");
    harness.write("empty.yml", "");

    var registry = Harness.registry(harness.offers());

    assertThat(registry.enabledNames()).containsExactly("show_args");
    assertThat(registry.entries())
        .filteredOn(entry -> !entry.enabled())
        .extracting(entry -> entry.name() + " from " + entry.source())
        .containsExactlyInAnyOrder("broken from yaml broken.yaml", "empty from yaml empty.yml");
  }

  @Test
  void twoFilesDefiningOneNameStopTheRegistryWithAMessageNamingBoth() {
    harness.write("first.yaml", SHOW_ARGS);
    harness.write("second.yml", SHOW_ARGS);

    var offers = harness.offers();

    assertThatThrownBy(() -> Harness.registry(offers))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tool 'show_args' is defined twice")
        .hasMessageContaining("yaml first.yaml")
        .hasMessageContaining("yaml second.yml");
  }

  @Test
  void aMissingToolsDirectoryOffersNothing() {
    harness.settings.put("OATS_TOOLS_DIR", root.resolve("nowhere").toString());

    assertThat(harness.offers()).isEmpty();
  }
}
