package dev.oats.tools.shell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Drains one output stream of a child process on its own thread, keeping the first and the last
 * bytes and counting the rest, so a command that prints gigabytes neither blocks on a full pipe nor
 * fills the heap.
 */
final class OutputCapture implements Runnable {

  static final int HEAD_BYTES = 48 * 1024;
  static final int TAIL_BYTES = 16 * 1024;

  private final InputStream stream;
  private final byte[] head = new byte[HEAD_BYTES];
  private final byte[] tail = new byte[TAIL_BYTES];
  private int headLength;
  private int tailStart;
  private int tailLength;
  private long total;

  /**
   * What a stream printed, cut to its head and tail when too long.
   *
   * @param name {@code stdout} or {@code stderr}
   * @param totalBytes how many bytes it printed in all
   * @param head the first bytes, decoded
   * @param tail the last bytes after the head, decoded; empty when nothing was cut
   */
  record Captured(String name, long totalBytes, String head, String tail) {

    boolean isEmpty() {
      return totalBytes == 0;
    }

    boolean isCut() {
      return totalBytes > HEAD_BYTES + TAIL_BYTES;
    }

    /** The text for a report, with a line saying how much was cut when it was. */
    String render() {
      if (!isCut()) {
        return name + ":\n" + head + tail;
      }
      long cut = totalBytes - HEAD_BYTES - TAIL_BYTES;
      return "%s: %s, showing first %s and last %s\n%s\n[... %s not shown ...]\n%s"
          .formatted(
              name, size(totalBytes), size(HEAD_BYTES), size(TAIL_BYTES), head, size(cut), tail);
    }
  }

  private final String name;

  OutputCapture(String name, InputStream stream) {
    this.name = name;
    this.stream = stream;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[8192];
    try (stream) {
      int read;
      while ((read = stream.read(buffer)) >= 0) {
        append(buffer, read);
      }
    } catch (IOException e) {
      // The pipe closes under the reader when the process tree is killed; what was read stays.
    }
  }

  private synchronized void append(byte[] buffer, int length) {
    total += length;
    int offset = 0;
    if (headLength < HEAD_BYTES) {
      offset = Math.min(length, HEAD_BYTES - headLength);
      System.arraycopy(buffer, 0, head, headLength, offset);
      headLength += offset;
    }
    for (int i = offset; i < length; i++) {
      tail[(tailStart + tailLength) % TAIL_BYTES] = buffer[i];
      if (tailLength < TAIL_BYTES) {
        tailLength++;
      } else {
        tailStart = (tailStart + 1) % TAIL_BYTES;
      }
    }
  }

  /** What was read so far. */
  synchronized Captured snapshot() {
    byte[] last = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      last[i] = tail[(tailStart + i) % TAIL_BYTES];
    }
    if (total <= HEAD_BYTES + TAIL_BYTES) {
      byte[] all = Arrays.copyOf(head, headLength + tailLength);
      System.arraycopy(last, 0, all, headLength, tailLength);
      return new Captured(name, total, decode(all, 0, all.length), "");
    }
    return new Captured(
        name, total, decode(head, 0, headEnd()), decode(last, tailStart(last), last.length));
  }

  /**
   * How far from a cut a secret may still reach: longer than any credential (a 4096-bit key's
   * base64 in a kubeconfig is 4.4 KB), so the text dropped next to a cut holds all of one.
   */
  static final int SECRET_REACH = 8 * 1024;

  /**
   * Where the kept head ends: after its last full line. On a line too long for that, after the last
   * blank, quote or bracket, or {@link #SECRET_REACH} before the cut: the value the cut runs
   * through would show only in part, and a part of a secret is neither the value the redactor was
   * told about nor the pattern it matches.
   */
  private int headEnd() {
    int end = completeLength(head, headLength);
    for (int i = end - 1; i >= end / 2; i--) {
      if (head[i] == '\n') {
        return i + 1;
      }
    }
    int limit = Math.max(0, end - SECRET_REACH);
    for (int i = end - 1; i >= limit; i--) {
      if (isDelimiter(head[i])) {
        return i + 1;
      }
    }
    return completeLength(head, limit);
  }

  /**
   * Where the kept tail starts: at its first full line, or on a line too long for that, after the
   * first blank, quote or bracket, or {@link #SECRET_REACH} after the cut (see {@link #headEnd}).
   */
  private static int tailStart(byte[] last) {
    for (int i = 0; i < last.length / 2; i++) {
      if (last[i] == '\n') {
        return i + 1;
      }
    }
    int limit = Math.min(last.length, SECRET_REACH);
    for (int i = 0; i < limit; i++) {
      if (isDelimiter(last[i])) {
        return i + 1;
      }
    }
    int start = limit;
    while (start < last.length && start < limit + 3 && (last[start] & 0xC0) == 0x80) {
      start++;
    }
    return start;
  }

  /**
   * Bytes no secret runs across: blanks, quotes, brackets, separators of lists and queries. Not the
   * characters of base64, tokens, URLs or JWTs ({@code + / = - _ . : ~}).
   */
  private static boolean isDelimiter(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || "\"'`,;<>(){}[]&?@|".indexOf(b) >= 0;
  }

  private static String decode(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  /** The length without a UTF-8 sequence cut off at the end. */
  private static int completeLength(byte[] bytes, int length) {
    int start = length - 1;
    while (start > 0 && length - start < 4 && (bytes[start] & 0xC0) == 0x80) {
      start--;
    }
    if (start < 0 || (bytes[start] & 0x80) == 0) {
      return length;
    }
    int needed = (bytes[start] & 0xE0) == 0xC0 ? 2 : (bytes[start] & 0xF0) == 0xE0 ? 3 : 4;
    return length - start >= needed ? length : start;
  }

  /** The index of the first byte that starts a character, skipping a cut-off sequence. */
  private static int firstCharacter(byte[] bytes) {
    int i = 0;
    while (i < bytes.length && i < 3 && (bytes[i] & 0xC0) == 0x80) {
      i++;
    }
    return i;
  }

  /** A byte count the way people read it: 812 bytes, 48 KB, 4.8 MB. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = String.format(Locale.ROOT, "%.1f", value).replaceFirst("\\.0$", "");
    return number + " " + units[unit];
  }
}
