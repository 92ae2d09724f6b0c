package dev.oats.store;

import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import dev.oats.config.StoreConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the store lives and how to log in, from the configuration's {@link StoreConfig}:
 *
 * <ul>
 *   <li>{@code OATS_DB_URL}: a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL; when unset, an H2
 *       file database {@code oats} in the data directory
 *   <li>{@code OATS_DB_USER}, {@code OATS_DB_PASSWORD}: optional credentials
 * </ul>
 *
 * <p>{@link #toString()} and {@link #redactedUrl()} never show the password, even one written into
 * the URL, so either may be logged.
 *
 * @param url the JDBC URL
 * @param user the user to log in as, or null to leave it to the URL or the driver
 * @param password the password, or null
 */
public record DatabaseConfig(String url, String user, String password) {

  private static final Pattern PASSWORD_IN_URL =
      Pattern.compile("(?i)(password=)[^&;]*"); // query (PostgreSQL) and ;key=value (H2) forms

  public DatabaseConfig {
    if (url == null || url.isBlank()) {
      throw new ConfigException("OATS_DB_URL is empty: set a jdbc:h2: or jdbc:postgresql: URL");
    }
    url = url.strip();
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new ConfigException(
          "OATS_DB_URL must be a jdbc:h2: or jdbc:postgresql: URL, got " + redact(url));
    }
    user = blankToNull(user);
    password = blankToNull(password);
  }

  /** The store the configuration names ({@code OATS_DB_URL}, by default H2 in the data dir). */
  public static DatabaseConfig of(StoreConfig store) {
    return new DatabaseConfig(store.url(), store.user(), store.password());
  }

  /** From the environment alone, with H2 in {@code dataDir} as the default: for tests. */
  public static DatabaseConfig fromEnvironment(Map<String, String> env, Path dataDir) {
    Map<String, String> withDataDir = new HashMap<>(env);
    withDataDir.put("OATS_DATA_DIR", dataDir.toString());
    return of(OatsConfig.fromEnvironment(withDataDir).store());
  }

  /**
   * An H2 database kept in the file {@code oats.mv.db} in {@code dataDir}, created on first use.
   */
  public static DatabaseConfig h2File(Path dataDir) {
    return new DatabaseConfig(StoreConfig.h2FileUrl(dataDir), null, null);
  }

  /** The product's name, for messages: {@code "H2"} or {@code "PostgreSQL"}. */
  public String kind() {
    return url.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "H2";
  }

  /** The URL with any password in it replaced by {@code ****}. */
  public String redactedUrl() {
    return redact(url);
  }

  @Override
  public String toString() {
    return "%s at %s%s".formatted(kind(), redactedUrl(), user == null ? "" : " as " + user);
  }

  private static String redact(String url) {
    return PASSWORD_IN_URL.matcher(url).replaceAll("$1****");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
