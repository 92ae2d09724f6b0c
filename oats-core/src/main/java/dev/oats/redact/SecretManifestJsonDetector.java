package dev.oats.redact;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the values under {@code "data"} and {@code "stringData"} of Kubernetes Secrets printed as
 * JSON ({@code kubectl get secret -o json}, lists of them, a manifest embedded in a YAML
 * annotation), and leaves the same maps of ConfigMaps and other objects alone.
 *
 * <p>It is a tolerant single-pass scanner rather than a JSON parser: tool output mixes JSON with
 * other text and is often truncated, and a parser would give up on both. Strings end at the end of
 * a line, since JSON strings cannot span lines, so a stray quote in plain text cannot hide the rest
 * of the output from the scan.
 */
final class SecretManifestJsonDetector implements Detector {

  @Override
  public void detect(String text, LowerCaseText lowerCase, Findings findings) {
    // A text that starts inside a data map (a cut output's tail) shows only the kind after it.
    if (lowerCase.contains("\"data\"")
        || lowerCase.contains("\"stringdata\"")
        || lowerCase.contains("\"kind\"")) {
      new Scan(text, findings).run();
    }
  }

  private enum Key {
    KIND,
    TYPE,
    API_VERSION,
    DATA,
    OTHER
  }

  /** An open object or array. */
  private static final class Container {
    final boolean object;
    final ManifestObject manifest = new ManifestObject();

    /** The object whose data map this object is, or null. */
    ManifestObject dataOwner;

    Key key = Key.OTHER;
    boolean awaitingValue;

    Container(boolean object) {
      this.object = object;
    }
  }

  private static final class Scan {
    private final String text;
    private final Findings findings;
    private final Deque<Container> open = new ArrayDeque<>();

    /** How many objects are open; counted so a closing bracket needs no walk of the stack. */
    private int openObjects;

    private int openArrays;

    /**
     * Values of pairs read while no container was open: the text starts inside an object (the tail
     * of a cut output). When a brace closes that unseen object, they become data of its unseen
     * parent, hidden if that turns out to be a Secret ({@code "kind"} comes after {@code "data"}).
     */
    private final java.util.List<int[]> orphans = new java.util.ArrayList<>();

    private boolean orphanAwaitingValue;

    Scan(String text, Findings findings) {
      this.text = text;
      this.findings = findings;
    }

    void run() {
      int at = 0;
      while (at < text.length()) {
        char c = text.charAt(at);
        Container top = open.peek();
        switch (c) {
          case '"' -> {
            int close = closingQuote(at + 1);
            if (close < 0) {
              // Not a whole JSON string: a value cut by head -c, cut -c or a cap. What arrived of
              // a data value is a secret's prefix, hidden to the end of its line; otherwise skip
              // the line and forget the half-read pair.
              int newline = text.indexOf('\n', at);
              int lineEnd = newline < 0 ? text.length() : newline;
              unterminated(top, at + 1, lineEnd);
              if (top != null) {
                top.awaitingValue = false;
              }
              at = newline < 0 ? text.length() : newline + 1;
              continue;
            }
            string(top, at + 1, close);
            at = close;
          }
          case '{', '[' -> open(top, c == '{');
          case '}', ']' -> close(c == '}');
          case ':' -> {
            if (top != null && top.object) {
              top.awaitingValue = true;
            } else if (top == null) {
              orphanAwaitingValue = true;
            }
          }
          case ',' -> {
            if (top != null) {
              top.awaitingValue = false;
            }
            orphanAwaitingValue = false;
          }
          default -> {}
        }
        at++;
      }
      while (!open.isEmpty()) {
        open.pop().manifest.reportCut(findings);
      }
    }

    /** The index of the quote closing a string whose content starts at {@code from}, or -1. */
    private int closingQuote(int from) {
      int at = from;
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '\\') {
          at += 2;
        } else if (c == '"') {
          return at;
        } else if (c == '\n') {
          return -1;
        } else {
          at++;
        }
      }
      return -1;
    }

    private void string(Container top, int start, int end) {
      if (top == null && orphanAwaitingValue) {
        orphans.add(new int[] {start, end});
        orphanAwaitingValue = false;
      }
      if (top == null || !top.object) {
        return;
      }
      if (!top.awaitingValue) {
        top.key = key(start, end);
        if (top.key == Key.API_VERSION) {
          top.manifest.sawApiVersion();
        }
        return;
      }
      if (top.dataOwner != null) {
        top.dataOwner.dataValue(start, end);
      }
      if (top.key == Key.KIND) {
        top.manifest.kind(text.substring(start, end));
      } else if (top.key == Key.TYPE) {
        top.manifest.type(text.substring(start, end));
      }
      top.awaitingValue = false;
    }

    /** A value that runs to the end of its line without its closing quote. */
    private void unterminated(Container top, int start, int end) {
      if (top == null && orphanAwaitingValue) {
        orphans.add(new int[] {start, end});
        orphanAwaitingValue = false;
      } else if (top != null && top.object && top.awaitingValue && top.dataOwner != null) {
        top.dataOwner.dataValue(start, end);
      }
    }

    private Key key(int start, int end) {
      int length = end - start;
      if (length == 4 && text.startsWith("kind", start)) {
        return Key.KIND;
      } else if (length == 4 && text.startsWith("type", start)) {
        return Key.TYPE;
      } else if (length == 10 && text.startsWith("apiVersion", start)) {
        return Key.API_VERSION;
      } else if ((length == 4 && text.startsWith("data", start))
          || (length == 10 && text.startsWith("stringData", start))) {
        return Key.DATA;
      }
      return Key.OTHER;
    }

    private void open(Container parent, boolean object) {
      Container container = new Container(object);
      if (parent != null && parent.awaitingValue) {
        if (object && parent.object && parent.key == Key.DATA) {
          container.dataOwner = parent.manifest;
        }
        parent.awaitingValue = false;
      }
      open.push(container);
      if (object) {
        openObjects++;
      } else {
        openArrays++;
      }
    }

    /** Closes the innermost container of the type; a stray bracket in plain text is ignored. */
    private void close(boolean object) {
      if (object && open.isEmpty() && !orphans.isEmpty()) {
        // The unseen object the text started in ends here; its parent, unseen too, is open.
        Container parent = new Container(true);
        for (int[] orphan : orphans) {
          parent.manifest.dataValue(orphan[0], orphan[1]);
        }
        orphans.clear();
        open.push(parent);
        openObjects++;
        return;
      }
      if ((object ? openObjects : openArrays) == 0) {
        return;
      }
      Container closed;
      do {
        closed = open.pop();
        if (closed.object) {
          openObjects--;
        } else {
          openArrays--;
        }
        closed.manifest.report(findings, true);
      } while (closed.object != object);
    }
  }
}
