package dev.oats.tools.shell;

import java.util.Set;

/** Environment variables that change which program runs or make a program run another. */
final class Variables {

  private static final Set<String> RISKY =
      Set.of(
          "PATH",
          "BASH_ENV",
          "ENV",
          "IFS",
          "PROMPT_COMMAND",
          "SHELLOPTS",
          "BASHOPTS",
          "PS4",
          "HOME",
          "XDG_CONFIG_HOME",
          "CURL_HOME",
          "WGETRC",
          "LESSOPEN",
          "LESSCLOSE",
          "PAGER",
          "MANPAGER",
          "SYSTEMD_PAGER",
          "GIT_PAGER",
          "EDITOR",
          "VISUAL",
          "KUBE_EDITOR",
          "KUBECTL_EXTERNAL_DIFF",
          "GIT_SSH_COMMAND",
          "GIT_EXTERNAL_DIFF",
          "PYTHONSTARTUP",
          "PERL5OPT",
          "NODE_OPTIONS",
          "BROWSER",
          "SSH_ASKPASS",
          "SUDO_ASKPASS",
          "HOSTALIASES",
          "RES_OPTIONS",
          "LOCALDOMAIN",
          "SSL_CERT_FILE",
          "CURL_CA_BUNDLE",
          "GIT_PROXY_COMMAND");

  private Variables() {}

  /** Whether setting {@code name} could make an allowed command run something else. */
  static boolean isRisky(String name) {
    String bare = name.replaceFirst("\\+$", "").replaceFirst("\\[.*$", "");
    return RISKY.contains(bare)
        || bare.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy")
        || bare.startsWith("LD_")
        || bare.startsWith("BASH_FUNC_")
        || bare.startsWith("GIT_CONFIG");
  }
}
