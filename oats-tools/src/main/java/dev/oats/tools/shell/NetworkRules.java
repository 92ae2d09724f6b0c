package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** curl, wget, ping, ss, ip and openssl: read-only while they only fetch and show. */
final class NetworkRules {

  private static final String CURL_SHORT_VALUES = "AbcCdDeEFHKmoPQrtTuUwxXyYz";
  private static final Set<String> CURL_LONG_VALUES =
      Set.of(
          "--url",
          "--user-agent",
          "--cookie",
          "--cookie-jar",
          "--continue-at",
          "--data",
          "--data-ascii",
          "--data-binary",
          "--data-raw",
          "--data-urlencode",
          "--json",
          "--dump-header",
          "--referer",
          "--cert",
          "--cert-type",
          "--key",
          "--key-type",
          "--form",
          "--form-string",
          "--header",
          "--config",
          "--max-time",
          "--connect-timeout",
          "--output",
          "--output-dir",
          "--quote",
          "--range",
          "--upload-file",
          "--user",
          "--proxy",
          "--proxy-user",
          "--write-out",
          "--request",
          "--retry",
          "--retry-delay",
          "--retry-max-time",
          "--resolve",
          "--connect-to",
          "--cacert",
          "--capath",
          "--interface",
          "--limit-rate",
          "--max-filesize",
          "--max-redirs",
          "--trace",
          "--trace-ascii",
          "--stderr",
          "--libcurl",
          "--etag-save",
          "--etag-compare",
          "--hsts",
          "--alt-svc",
          "--mail-from",
          "--mail-rcpt",
          "--unix-socket",
          "--noproxy",
          "--oauth2-bearer",
          "--time-cond",
          "--proxy-header",
          "--request-target",
          "--aws-sigv4",
          "--variable");
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> CURL_SCHEMES = Set.of("http", "https", "file");

  private static final String WGET_SHORT_VALUES = "OoaeiBtTwQPlADIXU";
  private static final Set<String> WGET_LONG_VALUES =
      Set.of(
          "--output-document",
          "--output-file",
          "--append-output",
          "--execute",
          "--input-file",
          "--base",
          "--tries",
          "--timeout",
          "--wait",
          "--quota",
          "--directory-prefix",
          "--level",
          "--accept",
          "--reject",
          "--domains",
          "--user-agent",
          "--header",
          "--post-data",
          "--post-file",
          "--method",
          "--body-data",
          "--body-file",
          "--user",
          "--password",
          "--load-cookies",
          "--save-cookies",
          "--config",
          "--referer");
  private static final Set<String> WGET_SCHEMES = Set.of("http", "https", "ftp");

  private static final Set<String> IP_VALUE_FLAGS =
      Set.of("-n", "-netns", "-f", "-family", "-rc", "-rcvbuf", "-l", "-loops");
  private static final Set<String> IP_OBJECTS =
      Set.of(
          "a",
          "addr",
          "address",
          "r",
          "ro",
          "route",
          "l",
          "link",
          "n",
          "neigh",
          "neighbor",
          "neighbour",
          "rule",
          "ru",
          "netns",
          "maddr",
          "maddress",
          "mroute",
          "monitor");
  private static final Set<String> IP_READ_ACTIONS = Set.of("show", "list", "ls", "lst", "get");
  private static final Set<String> IP_WRITE_ACTIONS =
      Set.of(
          "add", "del", "delete", "change", "chg", "replace", "flush", "set", "append", "prepend",
          "exec", "save", "restore", "attach", "detach");

  private NetworkRules() {}

  static SideEffect curl(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, CURL_SHORT_VALUES, CURL_LONG_VALUES);
    if (args.opaque() || args.has("-K", "--config")) {
      return UNKNOWN;
    }
    boolean sends =
        !args.has("-G", "--get")
            && args.has(
                "-d", "--data", "--data-ascii", "--data-binary", "--data-raw", "--data-urlencode");
    boolean uploads =
        args.has("-F", "--form", "--form-string", "-T", "--upload-file", "--json", "-Q", "--quote");
    boolean writesFiles =
        args.has("-O", "--remote-name", "--remote-name-all", "--output-dir", "-c", "--cookie-jar")
            || args.has("--libcurl", "--etag-save", "--hsts", "--alt-svc", "--ftp-create-dirs")
            || args.has("--mail-from", "--mail-rcpt")
            || writesOutsideStdout(args, "-o", "--output", "-D", "--dump-header")
            || writesOutsideStdout(args, "--trace", "--trace-ascii", "--stderr");
    boolean changesMethod =
        args.all("-X", "--request").stream()
            .anyMatch(
                option -> !READ_METHODS.contains(option.valueText().toUpperCase(Locale.ROOT)));
    if (sends || uploads || writesFiles || changesMethod) {
      return MUTATING;
    }
    List<Word> urls =
        Stream.concat(
                args.operands().stream(), args.all("--url").stream().map(Arguments.Option::value))
            .toList();
    return urls.stream().allMatch(url -> schemeAllowed(url, CURL_SCHEMES)) ? READ_ONLY : UNKNOWN;
  }

  static SideEffect wget(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, WGET_SHORT_VALUES, WGET_LONG_VALUES);
    if (args.opaque() || args.has("-e", "--execute", "--config")) {
      return UNKNOWN;
    }
    boolean sends =
        args.has("--post-data", "--post-file", "--body-data", "--body-file")
            || args.all("--method").stream()
                .anyMatch(
                    option -> !READ_METHODS.contains(option.valueText().toUpperCase(Locale.ROOT)));
    boolean writesFiles =
        args.has("-b", "--background", "--save-cookies", "--warc-file")
            || args.has("-r", "--recursive", "-m", "--mirror", "-p", "--page-requisites")
            || writesOutsideStdout(args, "-o", "--output-file", "-a", "--append-output");
    boolean toStdout =
        args.has("--spider")
            || args.all("-O", "--output-document").stream()
                .anyMatch(option -> Effects.isSinkOrStdout(option.value()));
    if (sends || writesFiles || !toStdout) {
      return MUTATING;
    }
    return args.operands().stream().allMatch(url -> schemeAllowed(url, WGET_SCHEMES))
        ? READ_ONLY
        : UNKNOWN;
  }

  static SideEffect ping(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "cisItwWlpQMmTFN", Set.of());
    boolean bounded = args.has("-c") && !args.has("-f");
    return bounded && !args.opaque() ? READ_ONLY : UNKNOWN;
  }

  static SideEffect ss(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "fADFN", Set.of("--diag", "--filter", "--query"));
    if (args.has("-K", "--kill", "-D", "--diag")) {
      return MUTATING;
    }
    return args.opaque() ? UNKNOWN : READ_ONLY;
  }

  static SideEffect ip(List<Word> words, CommandRule.Nested nested) {
    if (words.stream().anyMatch(word -> word.text().equals("-b") || word.text().equals("-batch"))) {
      return UNKNOWN;
    }
    List<String> operands =
        Arguments.leadingOperands(words, IP_VALUE_FLAGS, 2).stream()
            .map(word -> word.isOpaque() ? "<unknown>" : word.text())
            .toList();
    if (operands.isEmpty()) {
      return READ_ONLY;
    }
    if (!IP_OBJECTS.contains(operands.get(0))) {
      return UNKNOWN;
    }
    if (operands.size() == 1 || IP_READ_ACTIONS.contains(operands.get(1))) {
      return READ_ONLY;
    }
    return IP_WRITE_ACTIONS.contains(operands.get(1)) ? MUTATING : UNKNOWN;
  }

  static SideEffect openssl(List<Word> words, CommandRule.Nested nested) {
    if (words.isEmpty() || words.stream().anyMatch(Word::isOpaque)) {
      return UNKNOWN;
    }
    List<String> options =
        words.stream().skip(1).map(word -> normalizeOpensslOption(word.text())).toList();
    return switch (words.get(0).text()) {
      case "s_client" ->
          options.stream()
                  .anyMatch(Set.of("-sess_out", "-keylogfile", "-msgfile", "-writerand")::contains)
              ? MUTATING
              : READ_ONLY;
      case "x509" ->
          options.stream().anyMatch(Set.of("-out", "-signkey", "-writerand")::contains)
              ? MUTATING
              : READ_ONLY;
      case "version", "ciphers", "verify" -> READ_ONLY;
      default -> UNKNOWN;
    };
  }

  /** OpenSSL takes {@code -out}, {@code --out} and {@code -out=file} alike. */
  private static String normalizeOpensslOption(String text) {
    String option = text.startsWith("--") ? text.substring(1) : text;
    int equals = option.indexOf('=');
    return equals > 0 ? option.substring(0, equals) : option;
  }

  private static boolean writesOutsideStdout(Arguments args, String... names) {
    return args.all(names).stream().anyMatch(option -> !Effects.isSinkOrStdout(option.value()));
  }

  private static boolean schemeAllowed(Word url, Set<String> schemes) {
    int separator = url.text().indexOf("://");
    return separator < 0
        || schemes.contains(url.text().substring(0, separator).toLowerCase(Locale.ROOT));
  }
}
