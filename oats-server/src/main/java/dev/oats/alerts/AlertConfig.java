package dev.oats.alerts;

import dev.oats.config.ConfigException;
import dev.oats.config.ConfigValue;
import dev.oats.config.OatsConfig;
import dev.oats.tools.runbooks.RunbookLibrary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The alert intake's settings, read once from the configuration.
 *
 * @param token {@code OATS_ALERTMANAGER_TOKEN}, or null when the webhook is off
 * @param runbooksDir {@code OATS_RUNBOOKS_DIR}, or null
 */
public record AlertConfig(String token, AlertIntake.Settings intake, Path runbooksDir) {

  /**
   * @throws ConfigException when {@code OATS_ALERT_MATCHERS} does not parse
   */
  public static AlertConfig from(OatsConfig config) {
    Map<String, String> settings = config.settings();
    ConfigValue token = config.values().get("OATS_ALERTMANAGER_TOKEN");
    AlertFilter filter;
    try {
      filter =
          AlertFilter.of(
              settings.get("OATS_ALERT_MATCHERS"), settings.get("OATS_ALERT_MIN_SEVERITY"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    String dir = settings.get("OATS_RUNBOOKS_DIR");
    return new AlertConfig(
        token == null || token.value().isBlank() ? null : token.value(),
        new AlertIntake.Settings(
            filter,
            Integer.parseInt(settings.getOrDefault("OATS_ALERT_MAX_PER_HOUR", "20")),
            Duration.ofSeconds(
                Long.parseLong(settings.getOrDefault("OATS_ALERT_DEDUP_WINDOW_SECONDS", "3600")))),
        dir == null || dir.isBlank() ? null : Path.of(dir));
  }

  /** The runbooks as they are on disk now (a ConfigMap's update is seen at the next alert). */
  public RunbookLibrary runbooks() {
    return runbooksDir == null ? RunbookLibrary.none() : RunbookLibrary.load(runbooksDir);
  }
}
