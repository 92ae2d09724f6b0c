package dev.oats.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a report's Markdown for a terminal that shows ANSI styles: headings bold and underlined,
 * list items with bullets, code blocks indented without their fences, inline code, bold and
 * emphasis styled, links as "text (url)". Only what reports use; anything else passes as written.
 */
final class MarkdownTerminal {

  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final String ITALIC = "\u001b[3m";
  private static final String UNDERLINE = "\u001b[4m";
  private static final String CYAN = "\u001b[36m";
  private static final String YELLOW = "\u001b[33m";

  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
  private static final Pattern NUMBERED = Pattern.compile("^(\\s*)(\\d+)[.)]\\s+(.*)$");
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)\\s*([\\w+-]*)\\s*$");
  private static final Pattern QUOTE = Pattern.compile("^>\\s?(.*)$");
  private static final Pattern RULE = Pattern.compile("^\\s*([-*_])(\\s*\\1){2,}\\s*$");
  private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern STRONG = Pattern.compile("\\*\\*(.+?)\\*\\*|__(.+?)__");
  private static final Pattern EMPHASIS =
      Pattern.compile(
          "(?<![*\\w])\\*(?!\\s)(.+?)(?<!\\s)\\*(?!\\*)|(?<![_\\w])_(?!\\s)(.+?)(?<!\\s)_(?![_\\w])");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\(([^)\\s]+)\\)");

  private MarkdownTerminal() {}

  /** The Markdown rendered with ANSI styles. */
  static String render(String markdown) {
    StringBuilder out = new StringBuilder();
    boolean inCode = false;
    for (String line : markdown.strip().split("\\R", -1)) {
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        out.append("    ").append(YELLOW).append(line).append(RESET).append('\n');
        continue;
      }
      out.append(block(line)).append('\n');
    }
    return out.toString();
  }

  private static String block(String line) {
    Matcher m = HEADING.matcher(line);
    if (m.matches()) {
      String text = inline(m.group(2));
      return m.group(1).length() <= 2 ? BOLD + UNDERLINE + text + RESET : BOLD + text + RESET;
    }
    if (RULE.matcher(line).matches()) {
      return DIM + "─".repeat(40) + RESET;
    }
    m = BULLET.matcher(line);
    if (m.matches()) {
      return m.group(1) + "  • " + inline(m.group(2));
    }
    m = NUMBERED.matcher(line);
    if (m.matches()) {
      return m.group(1) + "  " + m.group(2) + ". " + inline(m.group(3));
    }
    m = QUOTE.matcher(line);
    if (m.matches()) {
      return DIM + "│ " + RESET + inline(m.group(1));
    }
    return inline(line);
  }

  /** Inline code first, so that stars and underscores inside it stay as written. */
  private static String inline(String text) {
    StringBuilder out = new StringBuilder();
    Matcher code = INLINE_CODE.matcher(text);
    int at = 0;
    while (code.find()) {
      out.append(styles(text.substring(at, code.start())));
      out.append(CYAN).append(code.group(1)).append(RESET);
      at = code.end();
    }
    out.append(styles(text.substring(at)));
    return out.toString();
  }

  private static String styles(String text) {
    String styled =
        LINK.matcher(text)
            .replaceAll(
                r ->
                    Matcher.quoteReplacement(
                        UNDERLINE + r.group(1) + RESET + " (" + r.group(2) + ")"));
    styled =
        STRONG
            .matcher(styled)
            .replaceAll(
                r ->
                    Matcher.quoteReplacement(
                        BOLD + (r.group(1) != null ? r.group(1) : r.group(2)) + RESET));
    return EMPHASIS
        .matcher(styled)
        .replaceAll(
            r ->
                Matcher.quoteReplacement(
                    ITALIC + (r.group(1) != null ? r.group(1) : r.group(2)) + RESET));
  }
}
