package dev.oats.agent;

import dev.oats.tool.ToolProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the tools at start: {@code finish}, the providers on OATS's own class path (the
 * built-ins), and the providers in plugin jars in the tools directory. A plugin that cannot be
 * loaded is reported and skipped; two tools with one name stop the start.
 */
public final class ToolLoader {

  private static final Logger log = LoggerFactory.getLogger(ToolLoader.class);

  private ToolLoader() {}

  /**
   * @param settings the public settings handed to every provider
   * @param toolsDir where plugin jars live; may be missing
   */
  public static ToolRegistry load(Map<String, String> settings, Path toolsDir) {
    ToolRegistry.Builder registry = ToolRegistry.builder().add("builtin", new FinishTool());
    ClassLoader own = ToolLoader.class.getClassLoader();
    for (ServiceLoader.Provider<ToolProvider> found : providers(own, registry, "class path")) {
      offer(registry, found, null, settings);
    }
    for (Path jar : jars(toolsDir, registry)) {
      loadPlugin(registry, jar, own, settings);
    }
    ToolRegistry built = registry.build();
    built.problems().forEach(problem -> log.warn("Skipped tools: {}", problem));
    return built;
  }

  private static void loadPlugin(
      ToolRegistry.Builder registry, Path jar, ClassLoader parent, Map<String, String> settings) {
    URL url;
    try {
      url = jar.toUri().toURL();
    } catch (MalformedURLException e) {
      registry.skipped(jar + ": " + e.getMessage());
      return;
    }
    // The loader stays open: the plugin's classes are used for the life of the process.
    URLClassLoader loader = new URLClassLoader(new URL[] {url}, parent);
    List<ServiceLoader.Provider<ToolProvider>> found;
    try {
      found = ServiceLoader.load(ToolProvider.class, loader).stream().toList();
    } catch (ServiceConfigurationError e) {
      registry.skipped(jar.getFileName() + ": " + e.getMessage());
      return;
    }
    List<ServiceLoader.Provider<ToolProvider>> own =
        found.stream().filter(p -> p.type().getClassLoader() == loader).toList();
    if (own.isEmpty()) {
      registry.skipped(
          jar.getFileName()
              + ": no tool provider found; list one in META-INF/services/"
              + ToolProvider.class.getName());
    }
    own.forEach(provider -> offer(registry, provider, "plugin " + jar.getFileName(), settings));
  }

  private static List<ServiceLoader.Provider<ToolProvider>> providers(
      ClassLoader loader, ToolRegistry.Builder registry, String where) {
    try {
      return ServiceLoader.load(ToolProvider.class, loader).stream().toList();
    } catch (ServiceConfigurationError e) {
      registry.skipped(where + ": " + e.getMessage());
      return List.of();
    }
  }

  private static void offer(
      ToolRegistry.Builder registry,
      ServiceLoader.Provider<ToolProvider> found,
      String source,
      Map<String, String> settings) {
    try {
      ToolProvider provider = found.get();
      String label = source != null ? source : provider.name();
      for (ToolProvider.Offer offer : provider.tools(settings)) {
        String from = offer.source() != null ? offer.source() : label;
        if (offer.isEnabled()) {
          registry.add(from, offer.tool());
        } else {
          registry.addDisabled(from, offer.name(), offer.disabledReason());
        }
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      registry.skipped(found.type().getName() + " failed to load: " + e);
    }
  }

  private static List<Path> jars(Path toolsDir, ToolRegistry.Builder registry) {
    if (toolsDir == null || !Files.isDirectory(toolsDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(toolsDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      registry.skipped(toolsDir + ": cannot list plugin jars: " + e.getMessage());
      return List.of();
    }
  }
}
