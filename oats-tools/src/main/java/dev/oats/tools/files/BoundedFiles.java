package dev.oats.tools.files;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way file tools open a file: only a regular file, checked before it is opened (opening a
 * FIFO blocks until someone writes to it, and no time limit can interrupt a thread blocked in
 * {@code open()}), and never read past a cap (a device never ends, a sparse file claims gigabytes
 * it does not hold).
 */
public final class BoundedFiles {

  /** A path that is not a regular file: a FIFO, a device, a socket, or missing. */
  public static final class NotAFileException extends IOException {
    NotAFileException(String message) {
      super(message);
    }
  }

  private BoundedFiles() {}

  /**
   * Opens {@code path} (links followed) when it is a regular file.
   *
   * @throws NotAFileException when it is anything else, in words that say what it is
   */
  public static InputStream open(Path path) throws IOException {
    requireRegularFile(path);
    return Files.newInputStream(path, StandardOpenOption.READ);
  }

  /** Throws {@link NotAFileException} unless {@code path} is a regular file. */
  public static BasicFileAttributes requireRegularFile(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new NotAFileException(
          path
              + " is not a regular file ("
              + (attributes.isDirectory() ? "a directory" : "a device, FIFO or socket")
              + "); only regular files are read.");
    }
    return attributes;
  }

  /** At most {@code max} bytes from the start of a regular file. */
  public static byte[] readAtMost(Path path, int max) throws IOException {
    try (InputStream in = open(path)) {
      return in.readNBytes(max);
    }
  }

  /**
   * A UTF-8 reader over a regular file that keeps at most {@code maxLineChars} characters of any
   * line (the rest of a longer line is dropped, so a file without line breaks cannot fill memory).
   */
  public static BufferedReader lines(Path path, int maxLineChars) throws IOException {
    return new BufferedReader(new LineCap(utf8(open(path)), maxLineChars));
  }

  /**
   * Like {@link #lines}, over only the last {@code maxBytes} of the file: a log's latest lines are
   * what matter, and a file of any claimed size costs at most that much reading.
   */
  public static BufferedReader tail(Path path, long maxBytes, int maxLineChars) throws IOException {
    long size = requireRegularFile(path).size();
    SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ);
    try {
      long skip = Math.max(0, size - maxBytes);
      channel.position(skip);
      InputStream in = bounded(Channels.newInputStream(channel), maxBytes);
      return new BufferedReader(new LineCap(utf8(in), maxLineChars));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static Reader utf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE));
  }

  /** Ends the stream after {@code max} bytes, whatever the file says its size is. */
  private static InputStream bounded(InputStream in, long max) {
    return new InputStream() {
      private long left = max;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = in.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  /** Drops the characters of a line beyond the cap. */
  private static final class LineCap extends FilterReader {
    private final int max;
    private int column;

    LineCap(Reader in, int max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      while (true) {
        int n = in.read(buffer, offset, length);
        if (n <= 0) {
          return n;
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
          char c = buffer[offset + i];
          if (c == '\n') {
            column = 0;
          } else if (++column > max) {
            continue;
          }
          buffer[offset + kept++] = c;
        }
        if (kept > 0) {
          return kept;
        }
      }
    }
  }
}
