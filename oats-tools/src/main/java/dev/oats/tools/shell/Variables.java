package dev.oats.tools.shell;

import java.util.Set;

/**
 * Environment variables that change which program runs, make a program run another, or make a
 * reading program write a file.
 */
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
          "GIT_PROXY_COMMAND",
          // a kubeconfig's credential plugin is a program kubectl runs; the cache is written
          "KUBECONFIG",
          "KUBECACHEDIR",
          // curl and other TLS clients write their session keys to this file
          "SSLKEYLOGFILE",
          // programs git runs, and a repository (with its config's programs) git reads
          "GIT_ASKPASS",
          "GIT_SSH",
          "GIT_EXEC_PATH",
          "GIT_DIR",
          "GIT_TEMPLATE_DIR");

  private Variables() {}

  /** Whether setting {@code name} could make an allowed command run something else. */
  static boolean isRisky(String name) {
    String bare = name.replaceFirst("\\+$", "").replaceFirst("\\[.*$", "");
    return RISKY.contains(bare)
        || bare.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy")
        || bare.startsWith("LD_")
        || bare.startsWith("BASH_FUNC_")
        || bare.startsWith("GIT_CONFIG")
        // GIT_TRACE=/path and its kin append to any file
        || bare.startsWith("GIT_TRACE")
        // plugins, kubeconfigs and caches of helm
        || bare.startsWith("HELM_");
  }
}
