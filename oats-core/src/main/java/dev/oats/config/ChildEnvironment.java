package dev.oats.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment a tool's child process gets: OATS's own, less anything that could be a
 * credential. Names decide, since values cannot be told apart from ordinary text.
 */
public final class ChildEnvironment {

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(KEY|TOKEN|SECRET|PASSW|PWD|CREDENTIAL|AUTH|PRIVATE|SESSION|COOKIE|SIGNATURE"
              + "|CERT|DSN|CONNECTION_STRING|DATABASE_URL|_URI$"
              // OTEL_EXPORTER_OTLP_HEADERS and the like carry a collector's credentials.
              + "|HEADERS).*");

  /** Names that look like secrets by the pattern above but only point at files or places. */
  private static final Pattern ALLOWED =
      Pattern.compile("(?i)^(KUBECONFIG|SSH_AUTH_SOCK|PWD|OLDPWD|XAUTHORITY)$");

  /** Variables that make a shell or the loader run code of someone else's choosing. */
  private static final Pattern CODE_INJECTING =
      Pattern.compile(
          "^(BASH_ENV|ENV|PROMPT_COMMAND|LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|BASH_FUNC_.*)$");

  private ChildEnvironment() {}

  public static Map<String, String> scrub(Map<String, String> environment) {
    Map<String, String> scrubbed = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          boolean secret = SECRET_NAME.matcher(name).matches() && !ALLOWED.matcher(name).matches();
          if (!secret && !name.startsWith("OATS_") && !CODE_INJECTING.matcher(name).matches()) {
            scrubbed.put(name, value);
          }
        });
    return Map.copyOf(scrubbed);
  }
}
