package dev.oats.logs.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the synthetic log of the speed benchmark to a file, for the end-to-end benchmark of the
 * CLI ({@code bench/logs.sh}): the Loghub-2k samples of every system in order, again and again,
 * with the digits of message values randomised, until the file holds the megabytes asked for.
 *
 * <p>Usage: {@code SyntheticLogFile --data LOGHUB_DIR --mb N --out FILE}.
 */
public final class SyntheticLogFile {

  private SyntheticLogFile() {}

  public static void main(String[] args) throws IOException {
    Path data = null;
    Path out = null;
    long megabytes = 500;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        case "--mb" -> megabytes = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (data == null || out == null || args.length % 2 != 0) {
      throw new IllegalArgumentException("usage: --data LOGHUB_DIR --mb N --out FILE");
    }
    List<String> samples = new ArrayList<>();
    for (Path dir : LoghubAccuracy.systems(data)) {
      Path log = dir.resolve(dir.getFileName() + "_2k.log");
      samples.addAll(Files.readString(log, StandardCharsets.UTF_8).lines().toList());
    }
    SyntheticLog log = new SyntheticLog(samples, 42);
    long target = megabytes << 20;
    long bytes = 0;
    long lines = 0;
    try (Writer w =
        new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      while (bytes < target) {
        String line = log.next();
        w.write(line);
        w.write('\n');
        bytes += SyntheticLog.utf8Bytes(line);
        lines++;
      }
    }
    System.out.println(lines + " lines, " + bytes + " bytes");
  }
}
