package dev.oats.logs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the lines of a UTF-8 log from a byte stream: the lines {@link
 * java.io.BufferedReader#readLine} gives over a decoder that replaces malformed input, at a
 * fraction of the cost. Lines end at {@code \n}, {@code \r} or {@code \r\n}; the last line needs no
 * terminator. The bytes are split first and decoded per line: a line of ASCII, most of any log,
 * becomes a string by a copy, and only a line holding other bytes goes through the UTF-8 decoder
 * (malformed bytes become U+FFFD). A line terminator never occurs inside a multi-byte character, so
 * splitting before decoding reads the same characters.
 *
 * <p>Not thread-safe. Closing it closes the stream.
 */
public final class LineReader implements Closeable {

  private final InputStream in;
  private byte[] buffer;
  private int pos;
  private int limit;
  private boolean eof;

  /** A {@code \r} ended the last line: a {@code \n} right after it is part of that terminator. */
  private boolean skipNewline;

  /** Reads {@code in} with a 64 KiB buffer. */
  public LineReader(InputStream in) {
    this(in, 1 << 16);
  }

  LineReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buffer = new byte[Math.max(1, bufferSize)];
  }

  /** The next line without its terminator, or null at the end of the stream. */
  public String readLine() throws IOException {
    if (skipNewline) {
      skipNewline = false;
      if (pos == limit) {
        fill();
      }
      if (pos < limit && buffer[pos] == '\n') {
        pos++;
      }
    }
    int scanned = pos;
    boolean ascii = true;
    while (true) {
      byte[] b = buffer;
      int end = limit;
      int i = scanned;
      while (i < end) {
        byte c = b[i];
        if (c == '\n' || c == '\r') {
          break;
        }
        ascii &= c >= 0;
        i++;
      }
      if (i < end) {
        String line = decode(pos, i, ascii);
        skipNewline = b[i] == '\r';
        pos = i + 1;
        return line;
      }
      // No terminator in the buffer: read more, keeping what was scanned.
      int kept = i - pos;
      if (eof || !fill()) {
        if (kept == 0) {
          return null;
        }
        String line = decode(pos, limit, ascii);
        pos = limit;
        return line;
      }
      scanned = pos + kept;
    }
  }

  private String decode(int from, int to, boolean ascii) {
    return ascii
        ? new String(buffer, from, to - from, StandardCharsets.ISO_8859_1)
        : new String(buffer, from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * Moves the unread bytes to the front, growing the buffer when they fill it, and reads more after
   * them; false at the end of the stream.
   */
  private boolean fill() throws IOException {
    int unread = limit - pos;
    if (pos > 0) {
      System.arraycopy(buffer, pos, buffer, 0, unread);
      pos = 0;
      limit = unread;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
