package dev.oats.tools.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Paths in a command line that reach what tools must not hand out: the {@code /proc} entries of
 * other processes (OATS's own environment and memory among them), files that hold secrets by their
 * name, and bash's {@code /dev/tcp} sockets.
 *
 * <p>A word is read the way a path is used, whatever the command: split at {@code = : ,} (so {@code
 * --file=/proc/1/environ} counts), normalized ({@code /usr/../proc} is {@code /proc}), and each
 * segment that holds a glob or an expansion is taken as any name it could match ({@code /pr?c},
 * {@code /${P}oc}).
 */
final class SensitivePaths {

  /** System-wide {@code /proc} files that tell about the machine and hold no process's secrets. */
  private static final Set<String> SAFE_PROC =
      Set.of(
          "/proc/cpuinfo",
          "/proc/meminfo",
          "/proc/loadavg",
          "/proc/uptime",
          "/proc/version",
          "/proc/stat",
          "/proc/vmstat",
          "/proc/diskstats",
          "/proc/mounts",
          "/proc/filesystems",
          "/proc/partitions",
          "/proc/swaps",
          "/proc/pressure/cpu",
          "/proc/pressure/memory",
          "/proc/pressure/io",
          "/proc/net/dev",
          "/proc/net/tcp",
          "/proc/net/tcp6",
          "/proc/net/udp",
          "/proc/net/sockstat",
          "/proc/sys/fs/file-nr",
          "/proc/self/status",
          "/proc/self/limits",
          "/proc/self/cgroup",
          "/proc/self/mountinfo");

  /** File names that hold credentials whatever is in them. */
  private static final List<Pattern> SECRET_NAMES =
      List.of(
          Pattern.compile("\\.env(\\..*)?|.*\\.env"),
          Pattern.compile(".*\\.(pem|key|p12|pfx|jks|keystore|kdbx|asc|gpg|ppk)"),
          Pattern.compile("id_(rsa|dsa|ecdsa|ed25519)(_sk)?(\\.pub)?|id_[a-z0-9_]+"),
          Pattern.compile("(.*[-_.])?kubeconfig(\\..*)?|\\.kube|config\\.ya?ml|kube-?config.*"),
          Pattern.compile("(.*[-_.])?secrets?([-_.].*)?\\.(ya?ml|json)|secrets?"),
          Pattern.compile(
              "(credentials?|creds?)(\\..*)?|\\.netrc|\\.pgpass|\\.git-credentials|\\.npmrc|\\.pypirc"
                  + "|\\.dockercfg|\\.htpasswd|shadow|gshadow|token|.*[-_.]token|serviceaccount"
                  + "|known_secrets|api[-_]?keys?(\\..*)?|.*\\.tfstate|.*\\.tfvars"),
          Pattern.compile("\\.ssh|\\.aws|\\.gnupg|\\.docker|config\\.json|authorized_keys"));

  /** Names a secret-holding file could have, to test globs such as {@code *.pem} against. */
  private static final List<String> SECRET_EXAMPLES =
      List.of(
          ".env",
          "prod.env",
          ".env.local",
          "server.pem",
          "tls.key",
          "id_rsa",
          "id_ed25519",
          "kubeconfig",
          "config",
          "secret.yaml",
          "secrets.json",
          "credentials",
          "token",
          ".netrc",
          ".ssh",
          ".kube",
          "environ");

  private static final Pattern EXPANSION =
      Pattern.compile("\\$\\([^)]*\\)?|\\$\\{[^}]*}?|\\$[A-Za-z_][A-Za-z0-9_]*|\\$.|`[^`]*`?");

  private SensitivePaths() {}

  /** Whether the word reaches into {@code /proc} beyond the system-wide files in the safe list. */
  static boolean reachesProc(Word word, boolean bareNameIsPath) {
    for (String piece : pieces(word)) {
      if (!piece.contains("/") && !bareNameIsPath && !piece.equals("environ")) {
        continue;
      }
      if (climbsOutOfADescriptorLink(piece)) {
        return true;
      }
      String path = normalize(piece);
      if (SAFE_PROC.contains(path)) {
        continue;
      }
      for (String segment : path.split("/")) {
        if (couldBe(segment, "proc") || couldBe(segment, "environ")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The links to {@code /proc/self/fd} (and its entries) that every Linux has in {@code /dev}. */
  private static final List<String> DESCRIPTOR_LINKS = List.of("fd", "stdin", "stdout", "stderr");

  /**
   * Whether a path goes up ({@code ..}) from {@code /dev/fd} or {@code /dev/stdin}: these are links
   * into {@code /proc/self/fd}, and the kernel takes {@code ..} after the link's target, so {@code
   * /dev/fd/../../1/cmdline} is {@code /proc/1/cmdline} though no word says proc (the lexical
   * {@link #normalize} makes it {@code /1/cmdline}). Read from the path as written.
   */
  private static boolean climbsOutOfADescriptorLink(String piece) {
    String[] segments = piece.split("/+");
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (DESCRIPTOR_LINKS.stream().anyMatch(link -> couldBe(segment, link))) {
        for (int j = i + 1; j < segments.length; j++) {
          String later = segments[j];
          if (later.equals("..")
              || later.indexOf('\0') >= 0
              || (later.startsWith(".") && isWild(later))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether the word names, or could match, a file that holds secrets by its name. */
  static boolean namesSecretFile(Word word) {
    for (String piece : pieces(word)) {
      String path = normalize(piece);
      for (String segment : path.split("/")) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          continue;
        }
        if (isWild(segment)) {
          if (SECRET_EXAMPLES.stream().anyMatch(name -> couldBe(segment, name))) {
            return true;
          }
        } else if (isSecretName(segment.toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
      if (path.startsWith("/var/run/secrets") || path.startsWith("/run/secrets")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a redirection target is one of bash's network pseudo-files. */
  static boolean isSocket(Word target) {
    String path = normalize(target.text());
    return path.startsWith("/dev/tcp/") || path.startsWith("/dev/udp/");
  }

  private static boolean isSecretName(String name) {
    // an editor's backup (.env~, #.env#) holds what the file held
    String original = name.replaceAll("^#|[~#]+$", "");
    return original.equals(".envrc")
        || SECRET_NAMES.stream().anyMatch(pattern -> pattern.matcher(original).matches());
  }

  /** The parts of a word that may each be a path: split at = : , and at brace alternatives. */
  private static List<String> pieces(Word word) {
    String text = word.isLiteral() ? word.text() : EXPANSION.matcher(word.text()).replaceAll("\0");
    List<String> pieces = new ArrayList<>();
    for (String piece : text.split("[=:,{}\\s]+")) {
      if (!piece.isEmpty()) {
        pieces.add(piece);
      }
    }
    return pieces;
  }

  /** {@code a//b/./c/../d} as {@code a/b/d}; leading {@code ..} stay. */
  static String normalize(String path) {
    boolean absolute = path.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String segment : path.split("/+")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..") && !out.isEmpty() && !out.getLast().equals("..")) {
        out.removeLast();
      } else if (!(segment.equals("..") && absolute)) {
        out.add(segment);
      }
    }
    return (absolute ? "/" : "") + String.join("/", out);
  }

  private static boolean isWild(String segment) {
    return segment.indexOf('*') >= 0
        || segment.indexOf('?') >= 0
        || segment.indexOf('[') >= 0
        || segment.indexOf('\0') >= 0;
  }

  /** Whether a segment, with its globs and expansions, could be {@code name}. */
  private static boolean couldBe(String segment, String name) {
    if (!isWild(segment)) {
      return segment.equals(name);
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      switch (c) {
        case '*', '\0' -> regex.append(".*");
        case '?' -> regex.append('.');
        case '[' -> {
          int close = segment.indexOf(']', i + 2);
          if (close < 0) {
            regex.append("\\[");
          } else {
            regex.append('.');
            i = close;
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name).matches();
  }
}
