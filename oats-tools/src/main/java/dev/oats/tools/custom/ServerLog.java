package dev.oats.tools.custom;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a stdio server's stderr goes: a file in the temporary directory, kept while its client is
 * open and read back to explain a failed start. A file rather than the SDK's stderr reader, because
 * that reader stops once the server's stdout closes, losing the last words of a server that fails
 * at once (a missing token, a bad flag), which are the ones worth showing.
 */
final class ServerLog {

  private static final int TAIL_BYTES = 4096;
  private static final int TAIL_LINES = 10;

  private final Path file;

  private ServerLog(Path file) {
    this.file = file;
  }

  /** No log, for servers reached over HTTP. */
  static ServerLog none() {
    return new ServerLog(null);
  }

  static ServerLog create(String serverName) throws IOException {
    return new ServerLog(
        Files.createTempFile("oats-mcp-" + ToolNames.sanitise(serverName) + "-", ".log"));
  }

  /** The file, or null when there is none. */
  Path file() {
    return file;
  }

  /** The last lines written, as a clause to append to a reason; empty when nothing was. */
  String tail() {
    if (file == null) {
      return "";
    }
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, log.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (log.length() - start)];
      log.seek(start);
      log.readFully(bytes);
      List<String> lines =
          new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
      List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
      return last.isEmpty() ? "" : "; it wrote on stderr:\n" + String.join("\n", last);
    } catch (IOException e) {
      return "";
    }
  }

  void delete() {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit();
      }
    }
  }
}
