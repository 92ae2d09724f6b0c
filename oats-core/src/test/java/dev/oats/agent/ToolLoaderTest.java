package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars are compiled and packed by the test, then loaded as a user's would be. */
class ToolLoaderTest {

  @TempDir Path dir;

  private static final String PLUGIN =
      """
      package acme;

      import com.fasterxml.jackson.databind.ObjectMapper;
      import com.fasterxml.jackson.databind.node.ObjectNode;
      import dev.oats.tool.*;
      import java.util.List;
      import java.util.Map;

      public class AcmeTools implements dev.oats.tool.ToolProvider {
        public String name() { return "acme"; }
        public List<Offer> tools(Map<String, String> settings) {
          return List.of(
              Offer.enabled(new Hello(settings.getOrDefault("OATS_ACME_GREETING", "hello"), "%s")),
              Offer.disabled("acme_metrics", "OATS_ACME_URL is not set"));
        }
        public static class Hello implements Tool {
          private final String greeting;
          private final String toolName;
          Hello(String greeting, String toolName) { this.greeting = greeting; this.toolName = toolName; }
          public ToolDefinition definition() {
            return new ToolDefinition(toolName, "Greets.", ToolCategory.OTHER,
                new ObjectMapper().createObjectNode().put("type", "object"));
          }
          public ToolResult execute(ObjectNode args, ToolContext context) {
            return ToolResult.success(greeting);
          }
        }
      }
      """;

  private Path pluginJar(String fileName, String toolName) throws IOException {
    Path src = dir.resolve("src-" + fileName + "/acme/AcmeTools.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, PLUGIN.formatted(toolName));
    Path classes = dir.resolve("classes-" + fileName);
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-cp",
            classPathOf(
                dev.oats.tool.ToolProvider.class,
                com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.TreeNode.class,
                com.fasterxml.jackson.annotation.JsonFormat.class),
            "-d",
            classes.toString(),
            src.toString());
    assertThat(status).isZero();
    return jar(
        fileName,
        Map.of(
            "acme/AcmeTools.class", Files.readAllBytes(classes.resolve("acme/AcmeTools.class")),
            "acme/AcmeTools$Hello.class",
                Files.readAllBytes(classes.resolve("acme/AcmeTools$Hello.class")),
            "META-INF/services/dev.oats.tool.ToolProvider",
                "acme.AcmeTools\n".getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Surefire hides the class path in a manifest jar, so the plugin's is built from code sources.
   */
  private static String classPathOf(Class<?>... classes) {
    return java.util.Arrays.stream(classes)
        .map(c -> c.getProtectionDomain().getCodeSource().getLocation())
        .map(url -> Path.of(java.net.URI.create(url.toString())).toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  private Path jar(String fileName, Map<String, byte[]> entries) throws IOException {
    Path jar = dir.resolve("tools").resolve(fileName);
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey()));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void aPluginJarInTheToolsDirectoryAddsItsTools() throws Exception {
    pluginJar("acme.jar", "acme_hello");

    ToolRegistry registry =
        ToolLoader.load(Map.of("OATS_ACME_GREETING", "hi there"), dir.resolve("tools"));

    assertThat(registry.enabledNames()).contains("finish", "acme_hello");
    ToolRegistry.Entry hello =
        registry.entries().stream()
            .filter(e -> e.name().equals("acme_hello"))
            .findFirst()
            .orElseThrow();
    assertThat(hello.source()).isEqualTo("plugin acme.jar");
    assertThat(hello.tool().execute(null, null).output()).isEqualTo("hi there");
    assertThat(registry.entries())
        .filteredOn(e -> e.name().equals("acme_metrics"))
        .singleElement()
        .satisfies(e -> assertThat(e.disabledReason()).isEqualTo("OATS_ACME_URL is not set"));
  }

  @Test
  void aBrokenPluginIsReportedAndSkipped() throws Exception {
    jar(
        "broken.jar",
        Map.of(
            "META-INF/services/dev.oats.tool.ToolProvider",
            "acme.DoesNotExist\n".getBytes(StandardCharsets.UTF_8)));
    jar("empty.jar", Map.of("readme.txt", "nothing".getBytes(StandardCharsets.UTF_8)));

    ToolRegistry registry = ToolLoader.load(Map.of(), dir.resolve("tools"));

    assertThat(registry.enabledNames()).contains("finish");
    assertThat(registry.problems())
        .anySatisfy(p -> assertThat(p).contains("broken.jar").contains("acme.DoesNotExist"))
        .anySatisfy(p -> assertThat(p).contains("empty.jar").contains("no tool provider found"));
  }

  @Test
  void aPluginToolNamedLikeABuiltInStopsTheStart() throws Exception {
    pluginJar("evil.jar", "finish");

    assertThatThrownBy(() -> ToolLoader.load(Map.of(), dir.resolve("tools")))
        .hasMessageContaining("tool 'finish' is defined twice")
        .hasMessageContaining("plugin evil.jar");
  }

  @Test
  void aMissingToolsDirectoryIsFine() {
    ToolRegistry registry = ToolLoader.load(Map.of(), dir.resolve("nope"));

    assertThat(registry.enabledNames()).contains("finish");
    assertThat(registry.problems()).isEmpty();
  }

  @Test
  void onlyJarsAreLoaded() throws IOException {
    Files.createDirectories(dir.resolve("tools"));
    Files.writeString(dir.resolve("tools/notes.txt"), "not a plugin");

    assertThat(ToolLoader.load(Map.of(), dir.resolve("tools")).problems()).isEmpty();
    try (Stream<Path> files = Files.list(dir.resolve("tools"))) {
      assertThat(files.toList()).hasSize(1);
    }
  }
}
