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

  /**
   * Git settings that name programs git runs for commands that only read, set for every child: a
   * repository's own {@code .git/config} is not OATS's (a repository dropped in the workspace, or
   * named with {@code git -C}, chooses it), and settings from the environment override it. The
   * fsmonitor hook runs on {@code git status}, hooks on an index refresh, the signature verifier on
   * {@code git log} when {@code log.showSignature} is set, the pager and ssh command when asked.
   * Diff drivers and filters are named by the repository and cannot be overridden so: the
   * classifier asks for {@code --no-textconv} and {@code --no-ext-diff}, and the sandbox keeps a
   * read-only call from writing anything.
   */
  static final Map<String, String> GIT_OVERRIDES =
      java.util.Collections.unmodifiableMap(
          new java.util.LinkedHashMap<>(
              Map.of(
                  "core.fsmonitor", "false",
                  "core.hooksPath", "/dev/null",
                  "core.pager", "cat",
                  "core.sshCommand", "false",
                  "log.showSignature", "false",
                  "gpg.program", "false",
                  "gpg.ssh.program", "false",
                  "gpg.x509.program", "false",
                  "protocol.ext.allow", "never")));

  private ChildEnvironment() {}

  public static Map<String, String> scrub(Map<String, String> environment) {
    Map<String, String> scrubbed = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          boolean secret = SECRET_NAME.matcher(name).matches() && !ALLOWED.matcher(name).matches();
          if (!secret
              && !name.startsWith("OATS_")
              && !name.startsWith("GIT_CONFIG")
              && !CODE_INJECTING.matcher(name).matches()) {
            scrubbed.put(name, value);
          }
        });
    int index = 0;
    for (Map.Entry<String, String> setting : GIT_OVERRIDES.entrySet()) {
      scrubbed.put("GIT_CONFIG_KEY_" + index, setting.getKey());
      scrubbed.put("GIT_CONFIG_VALUE_" + index, setting.getValue());
      index++;
    }
    scrubbed.put("GIT_CONFIG_COUNT", Integer.toString(index));
    return Map.copyOf(scrubbed);
  }
}
