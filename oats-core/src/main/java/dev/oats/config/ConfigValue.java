package dev.oats.config;

import java.util.regex.Pattern;

/**
 * One setting's effective value and where it came from.
 *
 * @param variable the environment variable name, which is also the key tools look it up by
 * @param value the value as text
 * @param source where it was set
 * @param secret whether to mask it in listings
 */
public record ConfigValue(String variable, String value, Source source, boolean secret) {

  /** {@code user:password@} in a URL. */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(://[^/@:\\s]*:)[^/@\\s]+@");

  /** {@code password=...} in a JDBC URL's query ({@code ?&}) or H2's {@code ;key=value}. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");

  /**
   * The value as it may be shown: a secret as {@code ****}, credentials inside a URL masked, the
   * rest as it is.
   */
  public String masked() {
    if (secret) {
      return value.isEmpty() ? "" : "****";
    }
    return maskUrl(value);
  }

  /** The URL with a password in its user info or its parameters replaced by {@code ****}. */
  public static String maskUrl(String url) {
    String masked = URL_CREDENTIALS.matcher(url).replaceAll("$1****@");
    return URL_PASSWORD.matcher(masked).replaceAll("$1****");
  }

  /** A value must never reach a log through {@code toString}. */
  @Override
  public String toString() {
    return variable + "=" + masked() + " (" + source.describe() + ")";
  }
}
