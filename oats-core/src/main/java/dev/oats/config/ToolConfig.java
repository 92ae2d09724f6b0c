package dev.oats.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in tools' backends, typed. Tool providers are handed OATS's settings as a map (the
 * plugin contract of {@link dev.oats.tool.ToolProvider}); the built-in ones read it once into this
 * record, with the defaults of {@link Settings}, instead of looking keys up one by one.
 *
 * @param toolsDir {@code OATS_TOOLS_DIR}: plugin jars, YAML tools, {@code mcp.json}
 * @param prometheusUrl {@code OATS_PROMETHEUS_URL}, or null
 * @param prometheusToken {@code OATS_PROMETHEUS_TOKEN}, or null
 * @param sourcegraphUrl {@code OATS_SOURCEGRAPH_URL}, or null
 * @param sourcegraphToken {@code OATS_SOURCEGRAPH_TOKEN}, or null
 * @param webSearchProvider {@code OATS_WEB_SEARCH_PROVIDER}, or null to choose by what is set
 * @param searxngUrl {@code OATS_SEARXNG_URL}, or null
 * @param braveUrl {@code OATS_BRAVE_URL}
 * @param webSearchApiKey {@code OATS_WEB_SEARCH_API_KEY}, or null
 */
public record ToolConfig(
    Path toolsDir,
    String prometheusUrl,
    String prometheusToken,
    String sourcegraphUrl,
    String sourcegraphToken,
    String webSearchProvider,
    String searxngUrl,
    String braveUrl,
    String webSearchApiKey) {

  /** Reads the settings a provider was handed, blank values counting as unset. */
  public static ToolConfig from(Map<String, String> settings) {
    Map<String, ConfigValue> values = new LinkedHashMap<>();
    Settings.ALL.values().stream()
        .filter(s -> s.defaultValue() != null)
        .forEach(
            s ->
                values.put(
                    s.variable(),
                    new ConfigValue(s.variable(), s.defaultValue(), Source.DEFAULT, s.secret())));
    settings.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank()) {
            values.put(name, new ConfigValue(name, value, Source.environment(name), false));
          }
        });
    EffectiveValues read = new EffectiveValues(values);
    ToolConfig config =
        new ToolConfig(
            read.path("OATS_TOOLS_DIR"),
            read.text("OATS_PROMETHEUS_URL"),
            read.text("OATS_PROMETHEUS_TOKEN"),
            read.text("OATS_SOURCEGRAPH_URL"),
            read.text("OATS_SOURCEGRAPH_TOKEN"),
            read.text("OATS_WEB_SEARCH_PROVIDER"),
            read.text("OATS_SEARXNG_URL"),
            read.text("OATS_BRAVE_URL"),
            read.text("OATS_WEB_SEARCH_API_KEY"));
    read.throwIfInvalid();
    return config;
  }

  /** Tokens and keys never reach a log through {@code toString}. */
  @Override
  public String toString() {
    return "ToolConfig[toolsDir=%s, prometheusUrl=%s, sourcegraphUrl=%s, webSearchProvider=%s, searxngUrl=%s, braveUrl=%s]"
        .formatted(
            toolsDir,
            prometheusUrl == null ? null : ConfigValue.maskUrl(prometheusUrl),
            sourcegraphUrl,
            webSearchProvider,
            searxngUrl,
            braveUrl);
  }
}
