package dev.oats.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.oats.runner.kubernetes.KubernetesRunnerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/install.md as a newcomer follows it, top to bottom: its shell commands read in order, the
 * cluster made before anything is loaded into it under the same name, the images built, loaded and
 * deployed under one set of names, the Secrets before the apply, the API key read from where the
 * server keeps it; its own kustomization rendered; its ./mvnw on an old JDK says what to do.
 */
class InstallDocTest {

  private static Path root;
  private static String doc;
  private static List<String> commands;

  @BeforeAll
  static void read() throws IOException {
    root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("docs/install.md"))) {
      root = root.getParent();
    }
    doc = Files.readString(root.resolve("docs/install.md"));
    commands = shellCommands(doc);
  }

  /** Every command of the ```sh blocks, in order, continuation lines joined. */
  static List<String> shellCommands(String markdown) {
    List<String> commands = new ArrayList<>();
    Matcher block = Pattern.compile("(?ms)^```sh\\n(.*?)^```").matcher(markdown);
    while (block.find()) {
      String joined = block.group(1).replaceAll("\\\\\\n\\s*", " ");
      for (String line : joined.split("\\n")) {
        String command = line.replaceFirst("\\s+#.*$", "").strip();
        if (!command.isEmpty() && !command.startsWith("#")) {
          commands.add(command);
        }
      }
    }
    return commands;
  }

  private static int first(String prefix) {
    for (int i = 0; i < commands.size(); i++) {
      if (commands.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("docs/install.md never runs `" + prefix + "`: " + commands);
  }

  @Test
  void theClusterIsCreatedBeforeImagesAreLoadedIntoItUnderTheSameName() {
    int create = first("kind create cluster");
    int load = first("kind load docker-image");
    assertThat(create).isLessThan(load);
    String name = value(commands.get(create), "--name");
    assertThat(commands.stream().filter(c -> c.startsWith("kind load")))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(value(c, "--name")).isEqualTo(name));
    int minikube = first("minikube start");
    String profile = value(commands.get(minikube), "-p");
    assertThat(profile).isEqualTo(name);
    assertThat(commands.stream().filter(c -> c.startsWith("minikube image load")))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c).contains("-p " + profile));
  }

  @Test
  void theImagesBuiltAndLoadedAreTheOnesTheManifestsAndTheServerUseAndNoneLooksPublished()
      throws IOException {
    String serverImage =
        Pattern.compile("image: (\\S+)")
            .matcher(Files.readString(root.resolve("deploy/base/server.yaml")))
            .results()
            .map(m -> m.group(1))
            .findFirst()
            .orElseThrow();
    String agentImage = KubernetesRunnerConfig.DEFAULT_IMAGE;
    List<String> built =
        commands.stream()
            .filter(c -> c.startsWith("docker build"))
            .map(c -> value(c, "-t"))
            .toList();
    assertThat(built).containsExactly(serverImage, agentImage);
    String load = commands.get(first("kind load docker-image"));
    assertThat(load).contains(serverImage).contains(agentImage);
    assertThat(first("deploy/images/build.sh")).isLessThan(first("kind load docker-image"));
    // Local names only: no registry that suggests the images are published somewhere.
    assertThat(serverImage).startsWith("localhost/");
    assertThat(agentImage).startsWith("localhost/");
    assertThat(doc).doesNotContain("ghcr.io").doesNotContain("github.com/");
    assertThat(Files.readString(root.resolve("deploy/images/build.sh")))
        .contains(". \"$root/bin/jdk.sh\"")
        .contains("find_jdk || exit 1")
        .contains("JAVA_HOME=\"$OATS_JAVA_HOME\" ./mvnw");
  }

  @Test
  void theModelKeyExistsBeforeTheServersFirstStartAndTheApiKeyIsReadWhereItIsKept()
      throws IOException {
    int namespace = first("kubectl create namespace oats");
    int secret = first("kubectl create secret generic oats-api-keys -n oats");
    int apply = first("kubectl apply -k deploy/base");
    assertThat(namespace).isLessThan(secret);
    assertThat(secret).isLessThan(apply);
    String dataDir =
        Pattern.compile("name: OATS_DATA_DIR\\s+value: (\\S+)")
            .matcher(Files.readString(root.resolve("deploy/base/server.yaml")))
            .results()
            .map(m -> m.group(1))
            .findFirst()
            .orElseThrow();
    assertThat(commands)
        .contains("kubectl exec -n oats deploy/oats -- cat " + dataDir + "/api-keys")
        .anySatisfy(c -> assertThat(c).contains("OATS_API_KEY=\"$(kubectl exec"));
  }

  @Test
  void theDocumentedKustomizationForAnotherRegistryRendersWithBothImagesRenamed() throws Exception {
    Matcher yaml =
        Pattern.compile("(?ms)^```yaml\\n(resources: \\[\\.\\./deploy/base].*?)^```").matcher(doc);
    assertThat(yaml.find()).as("the kustomization of one's own").isTrue();
    Path mine = Files.createTempDirectory(root, "my-oats-");
    try {
      Files.writeString(mine.resolve("kustomization.yaml"), yaml.group(1));
      Process kustomize =
          new ProcessBuilder("kubectl", "kustomize", mine.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(kustomize.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(kustomize.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(kustomize.exitValue()).as(out).isZero();
      JsonNode deployment = null;
      for (JsonNode object :
          new YAMLMapper()
              .readValues(new YAMLMapper().createParser(out), JsonNode.class)
              .readAll()) {
        if (object.path("kind").asText().equals("Deployment")) {
          deployment = object;
        }
      }
      assertThat(deployment).isNotNull();
      JsonNode container = deployment.at("/spec/template/spec/containers/0");
      assertThat(container.path("image").asText())
          .isEqualTo("registry.internal.acme/oats-server:0.1.0");
      assertThat(container.path("env").toString())
          .contains(
              "{\"name\":\"AGENT_IMAGE\",\"value\":\"registry.internal.acme/oats-agent:0.1.0\"}");
    } finally {
      try (Stream<Path> files = Files.walk(mine)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void theDocumentedMavenBuildOnJdk17SaysItNeedsJdk21() throws Exception {
    Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(jdk17.resolve("bin/java")), "a JDK 17 to try the build with");
    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("mvnw").toString(), "-B", "-o", "-q", "-N", "validate")
            .directory(root.toFile())
            .redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", jdk17.toString());
    builder.environment().remove("CI");
    Process mvn = builder.start();
    String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(mvn.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(mvn.exitValue()).isNotZero();
    assertThat(out).contains("OATS needs JDK 21+").doesNotContain("lint");
  }

  private static String value(String command, String option) {
    Matcher m =
        Pattern.compile("(?:^|\\s)" + Pattern.quote(option) + "[ =](\\S+)").matcher(command);
    if (!m.find()) {
      throw new AssertionError("no " + option + " in `" + command + "`");
    }
    return m.group(1);
  }
}
