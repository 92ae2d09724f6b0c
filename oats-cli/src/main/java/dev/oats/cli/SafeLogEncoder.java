package dev.oats.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last step before a log line is written, whatever logged it and at whatever level:
 *
 * <ul>
 *   <li>secrets are masked: the values of the process's own secret settings (model keys, API keys,
 *       the database password) in plain and base64 form, and whatever follows {@code X-API-Key:},
 *       {@code Bearer}, {@code Basic}, {@code token=} and the like (event tokens, keys of clients)
 *   <li>a message cannot forge a line: control characters (ANSI escapes, carriage returns) are
 *       written as {@code \u001b}, and every line after a message's first is indented, so only the
 *       logger starts a line at its first column
 * </ul>
 */
final class SafeLogEncoder extends EncoderBase<ILoggingEvent> {

  private static final int MIN_SECRET_CHARS = 8;
  private static final Pattern SECRET_SETTING =
      Pattern.compile("(?i).*(_KEY|_KEYS|_TOKEN|_PASSWORD|_SECRET)$");
  private static final Pattern LABELLED_SECRET =
      Pattern.compile(
          "(?i)(x-api-key|x-[a-z-]*token|authorization|api[_-]?key|password|passwd|secret|token|ticket)"
              + "(\"?'?\\s*[:=]\\s*\"?'?)(bearer\\s+|basic\\s+)?[^\\s\"',;&)}\\]]{4,}");
  private static final Pattern SCHEME_SECRET =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{4,}");

  private final Encoder<ILoggingEvent> delegate;
  private final List<String> secrets;
  private final boolean escapeLines;

  /**
   * @param delegate the encoder that writes the line
   * @param environment where the secret settings' values are read
   * @param escapeLines whether to escape control characters and indent continuation lines (the JSON
   *     encoder escapes them itself)
   */
  SafeLogEncoder(
      Encoder<ILoggingEvent> delegate, Map<String, String> environment, boolean escapeLines) {
    this.delegate = delegate;
    this.secrets = secretValues(environment);
    this.escapeLines = escapeLines;
  }

  static List<String> secretValues(Map<String, String> environment) {
    return environment.entrySet().stream()
        .filter(e -> SECRET_SETTING.matcher(e.getKey()).matches() && e.getValue() != null)
        .flatMap(e -> List.of(e.getValue().split(",")).stream())
        .map(String::strip)
        .filter(v -> v.length() >= MIN_SECRET_CHARS)
        .flatMap(v -> List.of(v, Base64.getEncoder().encodeToString(v.getBytes())).stream())
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  String clean(String message) {
    if (message == null) {
      return null;
    }
    String masked = message;
    for (String secret : secrets) {
      masked = masked.replace(secret, "****");
    }
    masked =
        LABELLED_SECRET
            .matcher(masked)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        m.group(1) + m.group(2) + (m.group(3) == null ? "" : m.group(3)) + "****"));
    masked = SCHEME_SECRET.matcher(masked).replaceAll("$1 ****");
    return escapeLines ? escape(masked) : masked;
  }

  /** Control characters written visibly; lines after the first indented. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\n    ");
      } else if (c == '\t') {
        out.append(c);
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(cleaned(event));
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }

  /**
   * The event with its message and its exception's messages (and those of its causes and suppressed
   * exceptions, which the stack trace prints) cleaned; everything else as it was.
   */
  private ILoggingEvent cleaned(ILoggingEvent event) {
    String message = clean(event.getFormattedMessage());
    IThrowableProxy thrown = cleaned(event.getThrowableProxy());
    return (ILoggingEvent)
        Proxy.newProxyInstance(
            ILoggingEvent.class.getClassLoader(),
            new Class<?>[] {ILoggingEvent.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getFormattedMessage", "getMessage" -> message;
                  case "getArgumentArray" -> null;
                  case "getThrowableProxy" -> thrown;
                  default -> method.invoke(event, args);
                });
  }

  /**
   * An exception as the stack trace prints it, with its message cleaned as a log message is: a
   * secret in it masked, a line break in it indented. An exception's message is text like any other
   * (a client's error that quotes a request, a parser's that quotes its input).
   */
  private IThrowableProxy cleaned(IThrowableProxy thrown) {
    if (thrown == null) {
      return null;
    }
    String message = clean(thrown.getMessage());
    IThrowableProxy cause = thrown.isCyclic() ? thrown.getCause() : cleaned(thrown.getCause());
    IThrowableProxy[] suppressed =
        thrown.getSuppressed() == null
            ? null
            : java.util.Arrays.stream(thrown.getSuppressed())
                .map(this::cleaned)
                .toArray(IThrowableProxy[]::new);
    return (IThrowableProxy)
        Proxy.newProxyInstance(
            IThrowableProxy.class.getClassLoader(),
            new Class<?>[] {IThrowableProxy.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getMessage" -> message;
                  case "getCause" -> cause;
                  case "getSuppressed" -> suppressed;
                  default -> method.invoke(thrown, args);
                });
  }
}
