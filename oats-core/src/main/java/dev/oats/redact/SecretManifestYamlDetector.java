package dev.oats.redact;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the values under {@code data:} and {@code stringData:} of Kubernetes Secrets printed as
 * YAML ({@code kubectl get secret -o yaml}, lists of them, manifests in a multi-document file),
 * including multi-line block scalars, and leaves the same maps of ConfigMaps and other objects
 * alone.
 *
 * <p>It reads line by line and tracks the open mappings by the column where their keys start, which
 * is all the structure kubectl and Helm output needs, in one pass with no parser that could reject
 * a truncated or interleaved output.
 */
final class SecretManifestYamlDetector implements Detector {

  @Override
  public void detect(String text, LowerCaseText lowerCase, Findings findings) {
    // Every data map starts with this key (stringData: contains it too); a text that starts inside
    // a data map (a cut output's tail) shows only the kind after it.
    if (lowerCase.contains("data:") || lowerCase.contains("kind:")) {
      Scan scan = new Scan(text, findings, true);
      scan.run();
      if (scan.sawOrphans) {
        // Indented lines before any mapping were taken for the tail of a cut object; they may as
        // well be a whole manifest indented as one (behind a tool's line-number gutter, inside a
        // log or a document): read the text again as that. Findings of both readings are hidden.
        new Scan(text, findings, false).run();
      }
    }
  }

  /** An open mapping, identified by the column where its keys start. */
  private record Mapping(int column, ManifestObject manifest) {}

  private static final class Scan {
    private final String text;
    private final Findings findings;
    private final Deque<Mapping> open = new ArrayDeque<>();

    /** The mapping whose data map is being read, or null. */
    private Mapping dataOwner;

    /** The indentation of the entries of that data map, once the first one is seen. */
    private int entryIndent = -1;

    /** The value of the data entry being read, which continuation lines extend, or -1. */
    private int valueStart = -1;

    private int valueEnd = -1;

    /** Lines indented deeper than this are the content of a block scalar, or -1. */
    private int blockScalarColumn = -1;

    /**
     * Values of lines read before any mapping was open, indented deeper than the first of them: the
     * text starts inside an object (the tail of a cut output), so they belong to the first mapping
     * a shallower line opens, and are hidden if that turns out to be a Secret (kubectl prints
     * {@code data} before {@code kind}).
     */
    private final java.util.List<int[]> orphans = new java.util.ArrayList<>();

    private int orphanIndent = -1;

    /**
     * Whether lines before any mapping may be read as a cut object's tail (see {@link #orphans}).
     */
    private final boolean orphansAllowed;

    /** Whether any line was read as such. */
    private boolean sawOrphans;

    Scan(String text, Findings findings, boolean orphansAllowed) {
      this.text = text;
      this.findings = findings;
      this.orphansAllowed = orphansAllowed;
    }

    void run() {
      int at = 0;
      while (at < text.length()) {
        int newline = text.indexOf('\n', at);
        int end = newline < 0 ? text.length() : newline;
        line(at, end);
        at = end + 1;
      }
      closeDataMap();
      while (!open.isEmpty()) {
        open.pop().manifest().report(findings, false);
      }
    }

    private void line(int start, int end) {
      int indent = 0;
      while (start + indent < end && text.charAt(start + indent) == ' ') {
        indent++;
      }
      int contentStart = start + indent;
      int contentEnd = trimEnd(contentStart, end);
      if (contentStart >= contentEnd) {
        return;
      }
      if (dataOwner != null) {
        if (indent > dataOwner.column()) {
          dataEntryLine(indent, contentStart, contentEnd);
          return;
        }
        closeDataMap();
      }
      if (blockScalarColumn >= 0) {
        if (indent > blockScalarColumn) {
          return;
        }
        blockScalarColumn = -1;
      }
      if (text.charAt(contentStart) == '#') {
        return;
      }
      if (indent == 0 && (text.startsWith("---", start) || text.startsWith("...", start))) {
        closeAll();
        return;
      }
      if (orphansAllowed
          && open.isEmpty()
          && indent > 0
          && (orphanIndent < 0 || indent >= orphanIndent)) {
        sawOrphans = true;
        orphanIndent = orphanIndent < 0 ? indent : orphanIndent;
        int colon = keyEnd(contentStart, contentEnd);
        int value = colon < 0 ? contentStart : skipBlanks(colon + 1, contentEnd);
        if (value < contentEnd) {
          orphans.add(new int[] {value, contentEnd});
        }
        return;
      }
      if (indent == 0
          && !open.isEmpty()
          && keyEnd(contentStart, contentEnd) < 0
          && !text.startsWith("- ", contentStart)) {
        // Not YAML (a note that output was cut, a log line): what was open is cut off here, and
        // what follows may start inside another object.
        while (!open.isEmpty()) {
          open.pop().manifest().report(findings, false);
        }
        return;
      }
      keyLine(start, contentStart, contentEnd);
      if (!orphans.isEmpty() && !open.isEmpty()) {
        for (int[] orphan : orphans) {
          open.peek().manifest().dataValue(orphan[0], orphan[1]);
        }
        orphans.clear();
      }
      orphanIndent = -1;
    }

    /** A line outside any data map: a key of some mapping, maybe after list-item dashes. */
    private void keyLine(int lineStart, int contentStart, int contentEnd) {
      int keyStart = contentStart;
      boolean listItem = false;
      while (keyStart + 1 < contentEnd
          && text.charAt(keyStart) == '-'
          && text.charAt(keyStart + 1) == ' ') {
        listItem = true;
        keyStart += 2;
        while (keyStart < contentEnd && text.charAt(keyStart) == ' ') {
          keyStart++;
        }
      }
      int column = keyStart - lineStart;
      // Deeper mappings end here; so does the previous item of the list a new item starts.
      while (!open.isEmpty()
          && (open.peek().column() > column || (listItem && open.peek().column() == column))) {
        open.pop().manifest().report(findings, true);
      }
      if (open.isEmpty() || open.peek().column() < column) {
        open.push(new Mapping(column, new ManifestObject()));
      }
      Mapping mapping = open.peek();
      int colon = keyEnd(keyStart, contentEnd);
      if (colon < 0) {
        return;
      }
      String key = unquote(keyStart, colon);
      int valueStart = skipBlanks(colon + 1, contentEnd);
      int valueEnd = withoutComment(valueStart, contentEnd);
      switch (key) {
        case "kind" -> mapping.manifest().kind(unquote(valueStart, valueEnd));
        case "apiVersion" -> mapping.manifest().sawApiVersion();
        case "type" -> mapping.manifest().type(unquote(valueStart, valueEnd));
        case "data", "stringData" -> {
          if (valueStart == valueEnd) {
            dataOwner = mapping;
            entryIndent = -1;
          }
        }
        default -> {}
      }
      if (valueStart < valueEnd && "|>".indexOf(text.charAt(valueStart)) >= 0) {
        blockScalarColumn = column;
      }
    }

    /**
     * A line inside a data map: an entry at the entries' indentation, or a continuation of the
     * previous entry's value (a block scalar's content, a wrapped scalar) when deeper. Every value
     * is hidden whatever its key: in a Secret, all of them are secret.
     */
    private void dataEntryLine(int indent, int contentStart, int contentEnd) {
      if (entryIndent < 0) {
        entryIndent = indent;
      }
      if (indent > entryIndent) {
        if (valueStart < 0) {
          valueStart = contentStart;
        }
        valueEnd = contentEnd;
        return;
      }
      flushValue();
      if (text.charAt(contentStart) == '#') {
        return;
      }
      int colon = keyEnd(contentStart, contentEnd);
      // A line that is not "key: value" is hidden whole rather than guessed at.
      int start = colon < 0 ? contentStart : skipBlanks(colon + 1, contentEnd);
      if (start < contentEnd) {
        valueStart = start;
        valueEnd = contentEnd;
      }
    }

    private void flushValue() {
      if (valueStart >= 0) {
        dataOwner.manifest().dataValue(valueStart, valueEnd);
      }
      valueStart = -1;
      valueEnd = -1;
    }

    private void closeDataMap() {
      if (dataOwner != null) {
        flushValue();
      }
      dataOwner = null;
    }

    private void closeAll() {
      closeDataMap();
      blockScalarColumn = -1;
      while (!open.isEmpty()) {
        open.pop().manifest().report(findings, true);
      }
    }

    /**
     * The colon ending the key that starts at {@code from}: one followed by a blank or the end of
     * the line, after the closing quote when the key is quoted. Returns -1 when there is none.
     */
    private int keyEnd(int from, int to) {
      int at = from;
      char quote = text.charAt(from);
      if (quote == '"' || quote == '\'') {
        at = from + 1;
        while (at < to && text.charAt(at) != quote) {
          at++;
        }
      }
      for (; at < to; at++) {
        if (text.charAt(at) == ':' && (at + 1 == to || text.charAt(at + 1) == ' ')) {
          return at;
        }
      }
      return -1;
    }

    private String unquote(int start, int end) {
      int last = trimEnd(start, end);
      if (last - start >= 2
          && (text.charAt(start) == '"' || text.charAt(start) == '\'')
          && text.charAt(last - 1) == text.charAt(start)) {
        return text.substring(start + 1, last - 1);
      }
      return text.substring(start, last);
    }

    private int skipBlanks(int from, int to) {
      int at = from;
      while (at < to && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
      return at;
    }

    /** The end of a plain value before a {@code " #"} comment. */
    private int withoutComment(int from, int to) {
      if (from < to && text.charAt(from) == '#') {
        return from;
      }
      for (int at = from; at + 1 < to; at++) {
        if (text.charAt(at) == ' ' && text.charAt(at + 1) == '#') {
          return trimEnd(from, at);
        }
      }
      return to;
    }

    private int trimEnd(int from, int to) {
      int at = to;
      while (at > from && Character.isWhitespace(text.charAt(at - 1))) {
        at--;
      }
      return at;
    }
  }
}
