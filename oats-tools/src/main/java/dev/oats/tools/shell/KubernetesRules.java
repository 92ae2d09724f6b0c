package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** kubectl and helm: read-only by verb. */
final class KubernetesRules {

  private static final Set<String> KUBECTL_VALUE_FLAGS =
      Set.of(
          "-n",
          "--namespace",
          "--context",
          "--cluster",
          "--user",
          "--kubeconfig",
          "-s",
          "--server",
          "--token",
          "--as",
          "--as-group",
          "--as-uid",
          "--request-timeout",
          "--certificate-authority",
          "--client-certificate",
          "--client-key",
          "--tls-server-name",
          "--cache-dir",
          "-v",
          "--v",
          "-o",
          "--output",
          "-l",
          "--selector");
  private static final Set<String> KUBECTL_READERS =
      Set.of(
          "get",
          "describe",
          "logs",
          "top",
          "explain",
          "events",
          "version",
          "api-resources",
          "api-versions",
          "wait",
          "options");
  private static final Set<String> KUBECTL_WRITERS =
      Set.of(
          "apply",
          "create",
          "delete",
          "edit",
          "patch",
          "replace",
          "scale",
          "autoscale",
          "annotate",
          "label",
          "cordon",
          "uncordon",
          "drain",
          "taint",
          "exec",
          "cp",
          "port-forward",
          "proxy",
          "attach",
          "run",
          "expose",
          "set",
          "debug",
          "certificate");

  /** Flags that make kubectl write a file wherever it is told. */
  private static final List<String> KUBECTL_FILE_FLAGS =
      List.of("--log-file", "--log-dir", "--profile-output");

  private static final Set<String> KUBECTL_CONFIG_READERS =
      Set.of("view", "get-contexts", "get-clusters", "get-users", "current-context");

  private static final Set<String> HELM_VALUE_FLAGS =
      Set.of(
          "-n",
          "--namespace",
          "--kube-context",
          "--kubeconfig",
          "--kube-apiserver",
          "--kube-as-user",
          "--kube-as-group",
          "--kube-token",
          "--kube-ca-file",
          "--kube-tls-server-name",
          "--registry-config",
          "--repository-cache",
          "--repository-config",
          "--burst-limit",
          "--qps",
          "-o",
          "--output");
  private static final Set<String> HELM_READERS =
      Set.of(
          "list", "ls", "status", "get", "history", "hist", "show", "inspect", "search", "version",
          "env", "lint", "verify");
  private static final Set<String> HELM_WRITERS =
      Set.of(
          "install",
          "upgrade",
          "uninstall",
          "delete",
          "del",
          "un",
          "rollback",
          "test",
          "pull",
          "fetch",
          "push",
          "package",
          "create",
          "dependency",
          "dep",
          "plugin",
          "registry");

  /**
   * Flags that point kubectl, and the credentials it holds, at another server or identity: other
   * credentials (a kubeconfig's exec plugin is a program kubectl runs), someone else's identity
   * ({@code --as}: what that identity may read, OATS's own may not), a cache written elsewhere.
   */
  private static final List<String> KUBECTL_REDIRECTS =
      List.of(
          "-s",
          "--server",
          "--kubeconfig",
          "--token",
          "--certificate-authority",
          "--insecure-skip-tls-verify",
          "--tls-server-name",
          "--proxy-url",
          "--username",
          "--password",
          "--client-key",
          "--client-certificate",
          "--cache-dir",
          "--as",
          "--as-group",
          "--as-uid");

  /** Output formats that print bare values, which the redactor cannot tell are secret. */
  private static final List<String> BARE_FORMATS =
      List.of("jsonpath", "go-template", "template", "custom-columns", "name=");

  private KubernetesRules() {}

  private static boolean sendsCredentialsElsewhere(List<Word> arguments) {
    // kubectl auth can-i --as asks the API server whether someone else may do something: it reads
    // nothing of theirs, and is how one checks a service account's rights.
    List<Word> verbs = Arguments.leadingOperands(arguments, KUBECTL_VALUE_FLAGS, 2);
    boolean asksWhetherOthersMay =
        verbs.size() == 2
            && verbs.get(0).text().equals("auth")
            && verbs.get(1).text().equals("can-i");
    return arguments.stream()
        .map(Word::text)
        .filter(text -> !(asksWhetherOthersMay && text.startsWith("--as")))
        .anyMatch(
            text ->
                KUBECTL_REDIRECTS.stream()
                    .anyMatch(
                        flag ->
                            text.equals(flag)
                                || text.startsWith(flag + "=")
                                || (flag.equals("-s")
                                    && text.startsWith("-s")
                                    && text.length() > 2
                                    && !text.startsWith("--"))));
  }

  /**
   * {@code kubectl get secret -o jsonpath=…} and {@code kubectl config view --raw} print a
   * credential with nothing around it that says it is one. {@code --flatten} prints the
   * kubeconfig's tokens and keys as {@code --raw} does (kubectl shortens them only when neither is
   * given).
   */
  private static boolean printsSecretValuesBare(List<Word> arguments) {
    List<String> texts =
        arguments.stream().map(word -> word.text().toLowerCase(Locale.ROOT)).toList();
    boolean raw =
        texts.stream()
            .anyMatch(
                t ->
                    t.equals("--raw")
                        || t.startsWith("--raw=")
                        || t.equals("--flatten")
                        || t.startsWith("--flatten="));
    if (raw && texts.contains("config")) {
      return true;
    }
    // Read as kubectl reads a type: Secret.v1, secrets.v1.core, pods,secret/db (namesSecrets).
    boolean secrets =
        texts.stream().anyMatch(t -> !t.startsWith("-") && !t.startsWith("/") && namesSecrets(t));
    boolean bare = texts.stream().anyMatch(t -> BARE_FORMATS.stream().anyMatch(t::contains));
    // A type known only at run time may be Secrets: xargs appends 'secret/db' from 'kubectl get
    // secrets -o name' to 'kubectl get -o jsonpath=…'.
    for (int i = 0; i < arguments.size(); i++) {
      String previous = i > 0 ? arguments.get(i - 1).text() : "";
      secrets |= arguments.get(i).isOpaque() && !KUBECTL_VALUE_FLAGS.contains(previous);
    }
    return (secrets || texts.contains("all")) && bare;
  }

  /**
   * Whether kubectl would print Secret objects whole, {@code data} included ({@code -o yaml},
   * {@code -o json}, {@code --raw}): the redactor hides their values only while the manifest around
   * them says {@code kind: Secret}, so the output must not be cut into lines by another command. A
   * resource named at run time may be Secrets.
   */
  static boolean printsSecretObjects(List<Word> arguments) {
    boolean whole = false;
    boolean secrets = false;
    for (int i = 0; i < arguments.size(); i++) {
      Word word = arguments.get(i);
      String text = word.text().toLowerCase(Locale.ROOT);
      String previous = i > 0 ? arguments.get(i - 1).text() : "";
      if (text.equals("--raw") || text.startsWith("--raw=")) {
        whole = true;
      }
      String format =
          (previous.equals("-o") || previous.equals("--output"))
              ? text
              : text.startsWith("--output=")
                  ? text.substring("--output=".length())
                  : text.startsWith("-o") && !text.startsWith("--")
                      ? text.substring(2).replaceFirst("^=", "")
                      : null;
      if (format != null && !format.isEmpty()) {
        whole |= !format.startsWith("wide") && !format.startsWith("name");
      }
      if (word.isOpaque() && !KUBECTL_VALUE_FLAGS.contains(previous)) {
        secrets = true;
      } else if (!text.startsWith("-") && !KUBECTL_VALUE_FLAGS.contains(previous)) {
        secrets |= namesSecrets(percentDecoded(text));
      }
    }
    return whole && secrets;
  }

  /** {@code secret}, {@code Secret/db}, {@code pods,secrets}, {@code secrets.v1.}, an API path. */
  private static boolean namesSecrets(String text) {
    if (text.startsWith("/")) {
      return List.of(text.split("/")).contains("secrets");
    }
    for (String resource : text.split(",")) {
      String type = resource.split("/", 2)[0].split("\\.", 2)[0];
      if (type.equals("secret") || type.equals("secrets")) {
        return true;
      }
    }
    return false;
  }

  static SideEffect kubectl(List<Word> written, CommandRule.Nested nested) {
    List<Word> arguments = written.stream().map(KubernetesRules::pflagSpelling).toList();
    if (sendsCredentialsElsewhere(arguments)
        || printsSecretValuesBare(arguments)
        || readsRemoteManifests(arguments, nested.hosts())
        || rawThroughAProxy(arguments)) {
      return UNKNOWN;
    }
    boolean writesFiles =
        arguments.stream()
            .anyMatch(word -> KUBECTL_FILE_FLAGS.stream().anyMatch(word.text()::startsWith));
    if (writesFiles) {
      return MUTATING;
    }
    List<Word> verbs = Arguments.leadingOperands(arguments, KUBECTL_VALUE_FLAGS, 2);
    if (verbs.isEmpty()) {
      return READ_ONLY;
    }
    if (verbs.get(0).isOpaque()) {
      return UNKNOWN;
    }
    String verb = verbs.get(0).text();
    String sub = subcommand(verbs);
    if (KUBECTL_READERS.contains(verb)) {
      return READ_ONLY;
    }
    if (KUBECTL_WRITERS.contains(verb)) {
      return MUTATING;
    }
    return switch (verb) {
      case "cluster-info" ->
          arguments.stream().anyMatch(word -> word.text().startsWith("--output-directory"))
              ? MUTATING
              : READ_ONLY;
      case "auth" ->
          switch (sub) {
            case "can-i", "whoami" -> READ_ONLY;
            case "reconcile" -> MUTATING;
            default -> UNKNOWN;
          };
      case "config" -> sub.isEmpty() || KUBECTL_CONFIG_READERS.contains(sub) ? READ_ONLY : MUTATING;
      case "rollout" ->
          switch (sub) {
            case "status", "history" -> READ_ONLY;
            case "restart", "undo", "pause", "resume" -> MUTATING;
            default -> UNKNOWN;
          };
      default -> UNKNOWN;
    };
  }

  /**
   * Whether {@code kubectl get --raw} names the API server's proxy to a pod, service or node
   * ({@code /api/v1/namespaces/shop/services/pay:80/proxy/admin?x=…}): that is a request to the
   * workload's own HTTP endpoint, with the path and query the model wrote, as {@code curl} to that
   * host would be, which needs an approval. A path known only at run time may be one.
   */
  private static boolean rawThroughAProxy(List<Word> arguments) {
    for (int i = 0; i < arguments.size(); i++) {
      Word word = arguments.get(i);
      String text = word.text();
      Word path = null;
      if (text.equals("--raw") && i + 1 < arguments.size()) {
        path = arguments.get(i + 1);
      } else if (text.startsWith("--raw=")) {
        path = word;
      }
      if (path == null) {
        continue;
      }
      if (path.isOpaque()) {
        return true;
      }
      String value = path.text().startsWith("--raw=") ? path.text().substring(6) : path.text();
      String route = percentDecoded(value).split("\\?", 2)[0].toLowerCase(Locale.ROOT);
      if (List.of(route.split("/+")).contains("proxy")) {
        return true;
      }
    }
    return false;
  }

  /** kubectl's one-letter flags that take a value: what follows one in a cluster is its value. */
  private static final String KUBECTL_SHORT_VALUES = "nolsvcLfk";

  /**
   * Whether kubectl would fetch a manifest from elsewhere: it downloads a {@code -f} URL itself
   * (any host: a URL is a request that carries what the model put in it), and kustomize clones a
   * remote {@code -k} ({@code github.com/org/repo}, {@code https://…}, {@code git@…}). A {@code -f}
   * URL to an allowed host is fine; a value known only at run time may be either.
   */
  private static boolean readsRemoteManifests(List<Word> arguments, AllowedHosts hosts) {
    for (int i = 0; i < arguments.size(); i++) {
      String text = arguments.get(i).text();
      Word next = i + 1 < arguments.size() ? arguments.get(i + 1) : null;
      if (text.equals("--")) {
        return false;
      }
      Word value = null;
      char flag = 0;
      if (text.equals("--filename") || text.equals("--kustomize")) {
        value = next;
        flag = text.charAt(2);
      } else if (text.startsWith("--filename=") || text.startsWith("--kustomize=")) {
        value = arguments.get(i).from(text.indexOf('=') + 1);
        flag = text.charAt(2);
      } else if (text.startsWith("-") && !text.startsWith("--")) {
        for (int j = 1; j < text.length(); j++) {
          char letter = text.charAt(j);
          if (KUBECTL_SHORT_VALUES.indexOf(letter) >= 0) {
            if (letter == 'f' || letter == 'k') {
              flag = letter;
              int start = j + 1 < text.length() && text.charAt(j + 1) == '=' ? j + 2 : j + 1;
              value = start < text.length() ? arguments.get(i).from(start) : next;
            }
            break;
          }
        }
      }
      if (flag != 0 && value != null && isRemote(value, flag == 'f', hosts)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRemote(Word value, boolean filename, AllowedHosts hosts) {
    String text = value.text();
    if (value.isLiteral()) {
      if (filename) {
        return text.contains("://") && !hosts.allowsUrl(text);
      }
      return !isLocalPath(text);
    }
    // Known only when it runs: what is written before the first expansion must settle it.
    String written = text.substring(0, Math.min(value.literalPrefix(), text.length()));
    if (!filename) {
      return !(written.startsWith("/") || written.startsWith("./") || written.startsWith("../"));
    }
    String lower = written.toLowerCase(Locale.ROOT);
    int scheme = lower.indexOf("://");
    if (scheme < 0) {
      return "http://".startsWith(lower) || "https://".startsWith(lower);
    }
    return written.indexOf('/', scheme + 3) < 0 || !hosts.allowsUrl(written);
  }

  /** A kustomization directory on this machine, as opposed to a repository kustomize clones. */
  private static boolean isLocalPath(String text) {
    if (text.equals(".") || text.equals("..") || text.startsWith("/") || text.startsWith("./")) {
      return true;
    }
    if (text.startsWith("../")) {
      return true;
    }
    String first = text.split("/", 2)[0];
    return !text.contains("://")
        && !text.contains("@")
        && !text.startsWith("git::")
        && !first.contains(".")
        && !first.contains(":");
  }

  /**
   * A long flag as kubectl reads it: its flag set turns {@code _} into {@code -} in a flag's name
   * (pflag's word-separator normalisation, with only a warning), so {@code --cache_dir} is {@code
   * --cache-dir} and {@code --client_key} is {@code --client-key}; the rules match the names with
   * dashes.
   */
  private static Word pflagSpelling(Word word) {
    String text = word.text();
    int equals = text.indexOf('=');
    int end = equals < 0 ? text.length() : equals;
    if (!text.startsWith("--") || text.lastIndexOf('_', end - 1) < 0) {
      return word;
    }
    String normal = text.substring(0, end).replace('_', '-') + text.substring(end);
    return new Word(normal, word.raw(), word.expanded(), word.splittable(), word.literalPrefix());
  }

  /**
   * Flags that point helm at other credentials (a kubeconfig's exec plugin), server or identity.
   */
  private static final List<String> HELM_REDIRECTS =
      List.of(
          "--kubeconfig",
          "--kube-apiserver",
          "--kube-token",
          "--kube-as-user",
          "--kube-as-group",
          "--kube-ca-file",
          "--kube-tls-server-name",
          "--kube-insecure-skip-tls-verify",
          "--registry-config",
          "--repository-config",
          "--post-renderer");

  static SideEffect helm(List<Word> arguments, CommandRule.Nested nested) {
    SideEffect verb = helmByVerb(arguments);
    return verb == READ_ONLY && reachesOtherHosts(arguments, nested.hosts()) ? UNKNOWN : verb;
  }

  private static SideEffect helmByVerb(List<Word> arguments) {
    boolean redirected =
        arguments.stream()
            .map(Word::text)
            .anyMatch(
                text ->
                    HELM_REDIRECTS.stream()
                        .anyMatch(flag -> text.equals(flag) || text.startsWith(flag + "=")));
    if (redirected) {
      return UNKNOWN;
    }
    List<Word> verbs = Arguments.leadingOperands(arguments, HELM_VALUE_FLAGS, 2);
    if (verbs.isEmpty()) {
      return READ_ONLY;
    }
    if (verbs.get(0).isOpaque()) {
      return UNKNOWN;
    }
    String verb = verbs.get(0).text();
    if (HELM_READERS.contains(verb)) {
      return READ_ONLY;
    }
    if (HELM_WRITERS.contains(verb)) {
      return MUTATING;
    }
    if (verb.equals("repo")) {
      String sub = subcommand(verbs);
      return sub.equals("list") || sub.equals("ls") ? READ_ONLY : MUTATING;
    }
    return UNKNOWN;
  }

  /**
   * Whether helm would fetch from a host outside the allowed ones: a chart by URL ({@code helm show
   * values https://…}, {@code oci://…}), a {@code --repo} or {@code --endpoint} URL, or Artifact
   * Hub ({@code helm search hub}). Each is a request carrying what the model wrote in it, as {@code
   * curl} to that host would be.
   */
  private static boolean reachesOtherHosts(List<Word> arguments, AllowedHosts hosts) {
    List<Word> verbs = Arguments.leadingOperands(arguments, HELM_VALUE_FLAGS, 2);
    if (verbs.size() == 2
        && verbs.get(0).text().equals("search")
        && verbs.get(1).text().equals("hub")) {
      return true;
    }
    for (Word word : arguments) {
      String text = word.text();
      int equals = text.indexOf('=');
      String value = text.startsWith("--") && equals > 0 ? text.substring(equals + 1) : text;
      if (value.contains("://") && (!word.isLiteral() || !hosts.allowsUrl(value))) {
        return true;
      }
    }
    return false;
  }

  /** The sub-verb, empty when there is none, or a name no rule knows when it could be anything. */
  private static String subcommand(List<Word> verbs) {
    if (verbs.size() < 2) {
      return "";
    }
    return verbs.get(1).isOpaque() ? "<unknown>" : verbs.get(1).text();
  }

  /**
   * A word with its percent escapes decoded ({@code secr%65ts} is {@code secrets} to the API
   * server; a {@code +} stays a plus, as in a path), or the word as written when an escape is
   * malformed ({@code %zz}): kubectl sends it so and the API server refuses it, and the judgement
   * must not throw.
   */
  private static String percentDecoded(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2b"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }
}
