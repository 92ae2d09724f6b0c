package dev.oats.config;

import java.nio.file.Path;

/**
 * Where the store lives and how to log in.
 *
 * @param url {@code OATS_DB_URL}: a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL; by default an
 *     H2 file database {@code oats} in the data directory
 * @param user {@code OATS_DB_USER}, or null
 * @param password {@code OATS_DB_PASSWORD}, or null
 */
public record StoreConfig(String url, String user, String password) {

  /** The H2 database kept in the file {@code oats.mv.db} in {@code dataDir}. */
  public static String h2FileUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("oats");
  }

  /** Never shows the password, in the field or in the URL. */
  @Override
  public String toString() {
    return "StoreConfig[url=%s, user=%s, password=%s]"
        .formatted(ConfigValue.maskUrl(url), user, password == null ? null : "****");
  }
}
