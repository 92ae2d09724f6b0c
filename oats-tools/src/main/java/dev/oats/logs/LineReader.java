package dev.oats.logs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LF = ONES * '\n';
  private static final long CR = ONES * '\r';

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
    while (true) {
      byte[] b = buffer;
      int i = terminator(b, scanned, limit);
      if (i < limit) {
        String line = decode(pos, i);
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
        String line = decode(pos, limit);
        pos = limit;
        return line;
      }
      scanned = pos + kept;
    }
  }

  /**
   * The index of the first {@code \n} or {@code \r} in b[from, to), or {@code to}: eight bytes at a
   * time, by the bit trick that finds a zero byte in a word (the lowest flagged byte is exact).
   */
  private static int terminator(byte[] b, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = (long) WORDS.get(b, i);
      long lf = word ^ LF;
      long cr = word ^ CR;
      long found = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        return i;
      }
    }
    return to;
  }

  /**
   * A line as a string. The UTF-8 decoder copies a line of ASCII, most of any log, straight into a
   * Latin-1 string after a vectorised check; other lines are decoded, malformed bytes replaced.
   */
  private String decode(int from, int to) {
    return new String(buffer, from, to - from, StandardCharsets.UTF_8);
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
