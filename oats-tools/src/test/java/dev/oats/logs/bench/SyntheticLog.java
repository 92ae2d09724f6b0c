package dev.oats.logs.bench;

import dev.oats.logs.HeaderDetector;
import java.util.List;

/**
 * An endless log made from sample lines: the samples in order, again and again, with every digit of
 * each message replaced by a random one, so that numbers, ids and addresses differ on every pass
 * and the miner sees new values rather than the same lines. Headers are left as they are, so that
 * their timestamps stay valid.
 */
final class SyntheticLog {

  private final List<String> samples;
  private final int[] messageStart;
  private long state;
  private int next;
  private char[] buffer = new char[256];

  SyntheticLog(List<String> samples, long seed) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no sample lines");
    }
    this.samples = samples;
    this.messageStart = new int[samples.size()];
    HeaderDetector headers = new HeaderDetector();
    for (int i = 0; i < samples.size(); i++) {
      String line = samples.get(i);
      String message = headers.detect(line).content();
      messageStart[i] = line.endsWith(message) ? line.length() - message.length() : 0;
    }
    this.state = seed == 0 ? 1 : seed;
  }

  /** The next line. */
  String next() {
    String sample = samples.get(next);
    int from = messageStart[next];
    next = (next + 1) % samples.size();
    int n = sample.length();
    if (buffer.length < n) {
      buffer = new char[n * 2];
    }
    sample.getChars(0, n, buffer, 0);
    for (int i = from; i < n; i++) {
      if (isValueDigit(i, n)) {
        buffer[i] = (char) ('0' + random(10));
      }
    }
    return new String(buffer, 0, n);
  }

  /**
   * Whether the digit at i is part of a value. Digits right after a letter belong to a name ({@code
   * eth0}, {@code r24=}), and a hex number keeps its {@code 0x}: real logs do not vary those.
   */
  private boolean isValueDigit(int i, int n) {
    char c = buffer[i];
    if (c < '0' || c > '9') {
      return false;
    }
    if (i > 0 && Character.isLetter(buffer[i - 1])) {
      return false;
    }
    return !(c == '0' && i + 1 < n && (buffer[i + 1] == 'x' || buffer[i + 1] == 'X'));
  }

  /** Xorshift: fast, and the same sequence on every run. */
  private int random(int bound) {
    state ^= state << 13;
    state ^= state >>> 7;
    state ^= state << 17;
    return (int) Math.floorMod(state, (long) bound);
  }

  /** The UTF-8 size of a line and its newline. */
  static long utf8Bytes(String line) {
    long bytes = 1;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
