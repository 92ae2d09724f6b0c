package dev.oats.redact;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds values assigned to keys whose name says they are secret: {@code password=...}, {@code
 * passwd: ...}, {@code "client_secret": "..."}, {@code DB_PASSWORD=...}, {@code --token ...}, and
 * the {@code name}/{@code value} pairs of container environment variables. The key stays, the value
 * becomes a marker whose kind is derived from the key.
 *
 * <p>The search is driven by the key words rather than by a regular expression over the whole text:
 * {@code indexOf} finds the few places where a secret key can be, and only there does the code look
 * at the separator and read the value. A regular expression would be tried at every position of a
 * 100 KB output and cost many times more.
 */
final class KeyValueDetector implements Detector {

  /** Every secret word contains one of these; their absence proves there is nothing to find. */
  private static final List<String> HINTS = List.of("pass", "secret", "token", "key", "pw", "cred");

  /*
   * A key is secret when it ENDS with one of these words: DB_PASSWORD, clientSecret, x-api-key,
   * aws_secret_access_key. Requiring the word at the end keeps keys such as secretName,
   * secretKeyRef, tokenExpirationSeconds, password_reset_url or max_tokens out: they name a
   * secret or describe one, they do not hold one.
   */
  private static final List<String> SECRET_WORDS =
      List.of("password", "passwd", "passphrase", "secret", "token", "credentials", "credential");

  /**
   * What may precede a final "key" (with an optional separator) for the key to be secret. The plain
   * word "key" is not: {@code key: anthropic-api-key} in a secretKeyRef is a key's name.
   */
  /**
   * Short words for a password, secret only as the last part of a longer key ({@code DB_PASS},
   * {@code smtp.pass}, {@code MYSQL_PWD}, {@code LDAP_BIND_PW}), as .env files and Helm values name
   * them: alone or run into a word they are something else ({@code bypass}, {@code compass}, the
   * shell's {@code PWD} and {@code OLDPWD}).
   */
  private static final List<String> SHORT_PASSWORD_WORDS = List.of("pass", "pwd", "pw");

  /**
   * A plain number: after a short password word it is a count ({@code "sockets_per_pass": 18.0},
   * {@code first_pass=3}), not a password.
   */
  private static final Pattern NUMBER = Pattern.compile("[\"']?-?\\d+(\\.\\d+)?[\"']?");

  private static final List<String> KEY_QUALIFIERS =
      List.of(
          "api",
          "access",
          "private",
          "secret",
          "signing",
          "encryption",
          "master",
          // APP_KEY (Laravel), AUTH_KEY and SESSION_KEY (WordPress, Flask), HMAC_KEY, JWT_KEY,
          // COOKIE_KEY: each signs or encrypts what the application trusts
          "app",
          "auth",
          "session",
          "hmac",
          "jwt",
          "cookie");

  /**
   * A credentials file named by its path ({@code GOOGLE_APPLICATION_CREDENTIALS=/var/…}). Only
   * under a credentials name: a key's value in base64 starts with '/' one time in 64.
   */
  private static final Pattern PATH = Pattern.compile("[\"']?(/|~/|\\./)[^\\s]*");

  /** Whether the key ending at {@code keyEnd} names credentials ({@code *_CREDENTIALS}). */
  private static boolean namesCredentials(String lowerCaseText, int keyEnd) {
    return lowerCaseText.startsWith("credentials", keyEnd - "credentials".length())
        || lowerCaseText.startsWith("credential", keyEnd - "credential".length());
  }

  /** After the quoted name of an environment variable in JSON: {@code ", "value": }. */
  private static final Pattern JSON_ENV_VALUE =
      Pattern.compile("\"[ \\t]*,\\s*\"value\"[ \\t]*:[ \\t]*");

  /** After the name of an environment variable in YAML: the next line's {@code value: }. */
  private static final Pattern YAML_ENV_VALUE =
      Pattern.compile("[\"']?[ \\t]*\\r?\\n[ \\t]*value:[ \\t]+");

  /**
   * A Kubernetes object reference, {@code namespace/name}. Controllers log the Secret they work on
   * as {@code secret="payments/db-credentials"}; that names a secret, and the engineer needs it.
   */
  private static final Pattern OBJECT_REFERENCE =
      Pattern.compile(
          "[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?/[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?");

  /** Values that are not secrets: a boolean, a null, or kubectl describe's size of a value. */
  private static final Pattern NOT_A_VALUE =
      Pattern.compile("(?i)true|false|null|nil|none|~|\\d+ bytes|\\*+");

  private static final Pattern BLOCK_SCALAR_INDICATOR = Pattern.compile("[|>][-+0-9]*");

  private enum ValueStyle {
    /** A quoted string, or a bare word ending at whitespace, a quote, '&', ',' or ';'. */
    WORD,
    /** The rest of the line, or the quoted string starting there, or a YAML block scalar. */
    LINE,
    /** A word in a Go map as kubectl prints one, ending at whitespace or the map's {@code ]}. */
    GO_MAP
  }

  @Override
  public void detect(String text, LowerCaseText lowerCase, Findings findings) {
    BitSet keyEnds = secretKeyEnds(lowerCase);
    int from = 0;
    for (int keyEnd = keyEnds.nextSetBit(0); keyEnd >= 0; keyEnd = keyEnds.nextSetBit(keyEnd + 1)) {
      int keyStart = identifierStart(text, keyEnd);
      // A key inside the value just read is part of that value: "password=password=x" is read
      // once, which also keeps the work linear.
      if (keyStart < from) {
        continue;
      }
      Assignment assignment = assignment(text, keyStart, keyEnd);
      if (assignment == null) {
        continue;
      }
      int[] value = readValue(text, assignment.valueStart(), assignment.style());
      SecretKind kind = kindOf(text.substring(keyStart, keyEnd));
      String found = text.substring(value[0], value[1]);
      if (isValue(found)
          && !(kind == SecretKind.SECRET && isObjectReference(found))
          && !(kind == SecretKind.SECRET
              && namesCredentials(lowerCase.text(), keyEnd)
              && PATH.matcher(found).matches())
          && !(NUMBER.matcher(found).matches()
              && endsWithShortPasswordWord(lowerCase.text(), keyEnd))) {
        findings.add(value[0], value[1], kind);
      }
      from = Math.max(value[1], keyEnd);
    }
  }

  /** The end of every identifier that ends with a secret word, found with {@code indexOf}. */
  private static BitSet secretKeyEnds(LowerCaseText lowerCase) {
    String lowerCaseText = lowerCase.text();
    BitSet keyEnds = new BitSet();
    for (String hint : HINTS) {
      int at = lowerCase.mayContain(hint) ? lowerCaseText.indexOf(hint) : -1;
      while (at >= 0) {
        int keyEnd = identifierEnd(lowerCaseText, at + hint.length());
        if (endsWithSecretWord(lowerCaseText, keyEnd)) {
          keyEnds.set(keyEnd);
        }
        at = lowerCaseText.indexOf(hint, keyEnd);
      }
    }
    return keyEnds;
  }

  private static boolean endsWithSecretWord(String lowerCaseText, int keyEnd) {
    for (String word : SECRET_WORDS) {
      if (keyEnd >= word.length() && lowerCaseText.startsWith(word, keyEnd - word.length())) {
        return true;
      }
    }
    if (endsWithShortPasswordWord(lowerCaseText, keyEnd)) {
      return true;
    }
    // Rails' SECRET_KEY_BASE, from which every other key of the application is derived
    if (keyEnd >= 4 && lowerCaseText.startsWith("base", keyEnd - 4)) {
      int baseStart = keyEnd - 4;
      if (baseStart > 0 && "_.-".indexOf(lowerCaseText.charAt(baseStart - 1)) >= 0) {
        baseStart--;
      }
      return qualifiedKey(lowerCaseText, baseStart);
    }
    return qualifiedKey(lowerCaseText, keyEnd);
  }

  /** Whether the identifier ending at {@code keyEnd} is a qualified "key": API_KEY, app-key. */
  private static boolean qualifiedKey(String lowerCaseText, int keyEnd) {
    if (keyEnd < 3 || !lowerCaseText.startsWith("key", keyEnd - 3)) {
      return false;
    }
    int qualifierEnd = keyEnd - 3;
    if (qualifierEnd > 0 && "_.-".indexOf(lowerCaseText.charAt(qualifierEnd - 1)) >= 0) {
      qualifierEnd--;
    }
    for (String qualifier : KEY_QUALIFIERS) {
      int start = qualifierEnd - qualifier.length();
      if (start >= 0 && lowerCaseText.startsWith(qualifier, start)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithShortPasswordWord(String lowerCaseText, int keyEnd) {
    for (String word : SHORT_PASSWORD_WORDS) {
      int start = keyEnd - word.length();
      if (start > 0
          && lowerCaseText.startsWith(word, start)
          && "_.-".indexOf(lowerCaseText.charAt(start - 1)) >= 0
          && !(word.equals("pwd") && start >= 4 && lowerCaseText.startsWith("old", start - 4))) {
        return true;
      }
    }
    return false;
  }

  /** Where a value starts and how far it runs. */
  private record Assignment(int valueStart, ValueStyle style) {}

  /**
   * Where the value assigned to the key starts and how it is read, or null when the key is not
   * followed by a separator in one of the recognised forms. The forms, most specific first:
   *
   * <ul>
   *   <li>container environment in JSON, {@code {"name": "DB_PASSWORD", "value": "..."}};
   *   <li>a quoted key, JSON or Python style, anywhere on a line: {@code "password": "..."};
   *   <li>container environment in YAML, {@code - name: DB_PASSWORD} then {@code value: ...};
   *   <li>an assignment: {@code password=...}, {@code DB_PASSWORD="..."}, {@code ?token=...&},
   *       {@code --db-password=...}; {@code ==} is a comparison, not an assignment;
   *   <li>a colon at the start of a line, after an optional YAML list dash or curl -v's {@code >}
   *       and {@code <}: {@code passwd: ...}, {@code X-Api-Key: ...}, kubectl describe's {@code
   *       DB_PASSWORD: ...}. Mid-sentence, "invalid token: signature mismatch" is prose;
   *   <li>a command-line flag followed by its value: {@code --password hunter2}.
   * </ul>
   *
   * Values at the end of a YAML-like line run to the end of the line; the others are one word.
   */
  private static Assignment assignment(String text, int keyStart, int keyEnd) {
    char before = keyStart > 0 ? text.charAt(keyStart - 1) : '\n';
    char after = keyEnd < text.length() ? text.charAt(keyEnd) : '\n';
    if (before == '"' && after == '"' && isJsonEnvName(text, keyStart - 1)) {
      int value = endOfMatch(JSON_ENV_VALUE, text, keyEnd);
      if (value >= 0) {
        return new Assignment(value, ValueStyle.WORD);
      }
    }
    if (before == '"' && after == '"' && isJsonEnvName(text, keyStart - 1)) {
      // the value written before the name: {"value": "...", "name": "API_TOKEN"}
      int value = jsonValueBefore(text, keyStart);
      if (value >= 0) {
        return new Assignment(value, ValueStyle.WORD);
      }
    }
    // logfmt and structured logs: name=DB_PASSWORD value=hunter2, name="API_TOKEN" value="..."
    int logfmtValue = logfmtValue(text, keyStart, keyEnd);
    if (logfmtValue >= 0) {
      return new Assignment(logfmtValue, ValueStyle.WORD);
    }
    if (isQuote(before) && after == before) {
      int separator = skipBlanks(text, keyEnd + 1);
      return isAt(text, separator, ':') || isAt(text, separator, '=')
          ? new Assignment(skipBlanks(text, separator + 1), ValueStyle.WORD)
          : null;
    }
    // kubectl's custom-columns and go-templates print a container's env as Go maps:
    // [map[name:DB_PASSWORD value:hunter2] map[name:LOG value:info]]
    if (keyStart >= 5
        && text.startsWith("name:", keyStart - 5)
        && text.startsWith(" value:", keyEnd)) {
      return new Assignment(keyEnd + 7, ValueStyle.GO_MAP);
    }
    if (isYamlEnvName(text, keyStart)) {
      int value = endOfMatch(YAML_ENV_VALUE, text, keyEnd);
      if (value >= 0) {
        return new Assignment(value, ValueStyle.LINE);
      }
    }
    int separator = skipBlanks(text, keyEnd);
    if (isAt(text, separator, '=') && !isAt(text, separator + 1, '=')) {
      return new Assignment(skipBlanks(text, separator + 1), ValueStyle.WORD);
    }
    if (isAt(text, separator, ':')
        && (isAt(text, separator + 1, ' ') || isAt(text, separator + 1, '\t'))
        && startsLine(text, keyStart)) {
      return new Assignment(skipBlanks(text, separator + 1), ValueStyle.LINE);
    }
    // KEY:value with no blank, as .properties-like and Go-map dumps print it: at the start of a
    // line, or a compound key (DB_PASSWORD, client.secret) after a blank or an opening bracket.
    if (isAt(text, separator, ':')
        && separator == keyEnd
        && separator + 1 < text.length()
        && !endsWord(text.charAt(separator + 1))
        && ":/[{".indexOf(text.charAt(separator + 1)) < 0
        && (startsLine(text, keyStart)
            || (" \t[{,;(".indexOf(before) >= 0 && isCompound(text, keyStart, keyEnd)))) {
      return new Assignment(separator + 1, ValueStyle.WORD);
    }
    boolean flag =
        text.startsWith("--", keyStart) && (keyStart == 0 || Character.isWhitespace(before));
    if (flag
        && separator > keyEnd
        && separator < text.length()
        && text.charAt(separator) != '-'
        && !Character.isWhitespace(text.charAt(separator))) {
      return new Assignment(separator, ValueStyle.WORD);
    }
    return null;
  }

  /**
   * Whether only blanks, and at most one list dash or curl -v arrow, precede the key on its line.
   */
  private static boolean startsLine(String text, int keyStart) {
    int at = skipBlanksBack(text, keyStart);
    if (at > 0 && at < keyStart && "-<>".indexOf(text.charAt(at - 1)) >= 0) {
      at = skipBlanksBack(text, at - 1);
    }
    return at == 0 || text.charAt(at - 1) == '\n';
  }

  /** Whether the key is made of several words: DB_PASSWORD, client.secret, x-api-key. */
  private static boolean isCompound(String text, int keyStart, int keyEnd) {
    for (int at = keyStart; at < keyEnd; at++) {
      if ("_.-".indexOf(text.charAt(at)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the value starts after {@code name=KEY value=} (each part maybe quoted), or -1: a logfmt
   * or key=value log line that names an environment variable and its value in two fields.
   */
  private static int logfmtValue(String text, int keyStart, int keyEnd) {
    int at = keyStart;
    int end = keyEnd;
    if (at > 0 && isQuote(text.charAt(at - 1))) {
      if (!isAt(text, end, text.charAt(at - 1))) {
        return -1;
      }
      at--;
      end++;
    }
    if (at < 5 || !text.startsWith("name=", at - 5)) {
      return -1;
    }
    if (at > 5 && isIdentifierChar(text.charAt(at - 6))) {
      return -1;
    }
    int value = skipBlanks(text, end);
    if (value == end || !text.startsWith("value=", value)) {
      return -1;
    }
    return value + 6;
  }

  /**
   * Where the value of {@code "value": "..."} starts when it comes before {@code "name"} in the
   * same JSON object, or -1.
   */
  private static int jsonValueBefore(String text, int keyStart) {
    int open = text.lastIndexOf('{', keyStart);
    if (open < 0) {
      return -1;
    }
    var matcher = JSON_VALUE_FIRST.matcher(text).region(open, keyStart);
    return matcher.find() ? matcher.start(1) : -1;
  }

  /** An object's {@code "value": "..."} pair, then its {@code "name": "} right after it. */
  private static final Pattern JSON_VALUE_FIRST =
      Pattern.compile(
          "\"value\"[ \t]*:[ \t]*(\"(?:[^\"\\\\\\n]|\\\\.)*\")[ \t]*,\\s*\"name\"[ \t]*:[ \t]*\"$");

  /** Whether {@code quote} closes {@code "name": "} before an environment variable's name. */
  private static boolean isJsonEnvName(String text, int quote) {
    int at = skipBlanksBack(text, quote);
    if (!isAt(text, at - 1, ':')) {
      return false;
    }
    at = skipBlanksBack(text, at - 1);
    return at >= 6 && text.startsWith("\"name\"", at - 6);
  }

  /** Whether the key follows {@code - name: } at the start of its line. */
  private static boolean isYamlEnvName(String text, int keyStart) {
    int at = keyStart;
    if (at > 0 && (text.charAt(at - 1) == '"' || text.charAt(at - 1) == '\'')) {
      at--;
    }
    at = skipBlanksBack(text, at);
    if (at < 5 || !text.startsWith("name:", at - 5)) {
      return false;
    }
    at = skipBlanksBack(text, at - 5);
    if (at == 0 || text.charAt(at - 1) != '-') {
      return false;
    }
    at = skipBlanksBack(text, at - 1);
    return at == 0 || text.charAt(at - 1) == '\n';
  }

  /** The value's span: quoted content, a bare word, the rest of the line, or a block scalar. */
  private static int[] readValue(String text, int start, ValueStyle style) {
    if (start < text.length() && isQuote(text.charAt(start))) {
      return new int[] {start + 1, Math.max(start + 1, closingQuote(text, start + 1))};
    }
    if (style == ValueStyle.WORD) {
      return new int[] {start, wordEnd(text, start)};
    }
    if (style == ValueStyle.GO_MAP) {
      int end = start;
      while (end < text.length() && text.charAt(end) != ']' && !isWhitespace(text.charAt(end))) {
        end++;
      }
      return new int[] {start, end};
    }
    int end = lineValueEnd(text, start);
    if (end > start
        && "|>".indexOf(text.charAt(start)) >= 0
        && BLOCK_SCALAR_INDICATOR.matcher(text.substring(start, end)).matches()) {
      return blockScalar(text, start, end);
    }
    return new int[] {start, end};
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** The kind a key announces; the most specific ending wins. */
  static SecretKind kindOf(String key) {
    String name = key.toLowerCase(Locale.ROOT).replaceAll("[_.-]", "");
    if (name.endsWith("clientsecret")) {
      return SecretKind.CLIENT_SECRET;
    } else if (name.endsWith("secretaccesskey")) {
      return SecretKind.AWS_SECRET_ACCESS_KEY;
    } else if (name.endsWith("password")
        || name.endsWith("passwd")
        || name.endsWith("passphrase")
        || name.endsWith("pass")
        || name.endsWith("pwd")
        || name.endsWith("pw")) {
      return SecretKind.PASSWORD;
    } else if (name.endsWith("token")) {
      return SecretKind.TOKEN;
    } else if (name.endsWith("privatekey")) {
      return SecretKind.PRIVATE_KEY;
    } else if (name.endsWith("apikey") || name.endsWith("accesskey")) {
      return SecretKind.API_KEY;
    }
    return SecretKind.SECRET;
  }

  /**
   * Whether what follows a secret key is a value worth hiding. References ({@code ${VAR}}, {@code
   * $(VAR)}, {@code {{ .Values.x }}}), placeholders ({@code <none>}, kubectl's {@code <set to the
   * key 'x' in secret 'y'>}), nested structures and markers from an earlier pass carry no secret,
   * and hiding them would only make the output harder to read.
   */
  private static boolean isValue(String value) {
    return !value.isBlank()
        && !value.startsWith("[REDACTED:")
        && !value.startsWith("<")
        && !value.startsWith("${")
        && !value.startsWith("$(")
        && !value.startsWith("{")
        && !value.startsWith("[")
        && !NOT_A_VALUE.matcher(value).matches();
  }

  private static boolean isObjectReference(String value) {
    return OBJECT_REFERENCE.matcher(value).matches();
  }

  private static boolean isIdentifierChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  private static int identifierEnd(String text, int from) {
    int at = from;
    while (at < text.length() && isIdentifierChar(text.charAt(at))) {
      at++;
    }
    return at;
  }

  private static int identifierStart(String text, int end) {
    int at = end;
    while (at > 0 && isIdentifierChar(text.charAt(at - 1))) {
      at--;
    }
    return at;
  }

  private static boolean isAt(String text, int index, char c) {
    return index >= 0 && index < text.length() && text.charAt(index) == c;
  }

  private static int skipBlanks(String text, int from) {
    int at = from;
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
    return at;
  }

  /** The index after the blanks ending just before {@code end}. */
  private static int skipBlanksBack(String text, int end) {
    int at = end;
    while (at > 0 && (text.charAt(at - 1) == ' ' || text.charAt(at - 1) == '\t')) {
      at--;
    }
    return at;
  }

  private static int endOfMatch(Pattern pattern, String text, int from) {
    var matcher = pattern.matcher(text).region(from, text.length());
    return matcher.lookingAt() ? matcher.end() : -1;
  }

  private static int wordEnd(String text, int start) {
    int at = start;
    while (at < text.length() && !endsWord(text.charAt(at))) {
      at++;
    }
    return at;
  }

  /*
   * ',' and ';' end a bare value because they separate fields in logfmt-like lines, query strings
   * and connection strings (Password=x;Server=y). A password containing one would be cut there;
   * the tail after it is the price of not swallowing the next field.
   */
  private static boolean endsWord(char c) {
    return Character.isWhitespace(c) || isQuote(c) || c == '&' || c == ',' || c == ';';
  }

  /** The end of the line's value, without trailing blanks and carriage return. */
  private static int lineValueEnd(String text, int start) {
    int end = lineEnd(text, start);
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static int lineEnd(String text, int from) {
    int newline = text.indexOf('\n', from);
    return newline < 0 ? text.length() : newline;
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  /** The closing quote on the same line (a backslash escapes one), or the end of the line. */
  private static int closingQuote(String text, int from) {
    char quote = text.charAt(from - 1);
    int at = from;
    while (at < text.length() && text.charAt(at) != '\n') {
      char c = text.charAt(at);
      if (c == '\\') {
        at += 2;
      } else if (c == quote) {
        return at;
      } else {
        at++;
      }
    }
    return lineValueEnd(text, from);
  }

  /**
   * The content of a block scalar: the following lines indented deeper than the key. Returns an
   * empty span when there is none.
   */
  private static int[] blockScalar(String text, int indicator, int indicatorEnd) {
    int lineStart = text.lastIndexOf('\n', indicator - 1) + 1;
    int keyColumn = 0;
    while (lineStart + keyColumn < indicator
        && (text.charAt(lineStart + keyColumn) == ' '
            || text.charAt(lineStart + keyColumn) == '-')) {
      keyColumn++;
    }
    int contentStart = -1;
    int contentEnd = -1;
    int at = lineEnd(text, indicatorEnd) + 1;
    while (at < text.length()) {
      int end = lineEnd(text, at);
      int content = skipBlanks(text, at);
      boolean blank = lineValueEnd(text, content) == content;
      if (!blank && content - at <= keyColumn) {
        break;
      }
      if (!blank) {
        contentStart = contentStart < 0 ? content : contentStart;
        contentEnd = lineValueEnd(text, content);
      }
      at = end + 1;
    }
    return contentStart < 0
        ? new int[] {indicator, indicator}
        : new int[] {contentStart, contentEnd};
  }
}
