package dev.oats.server.wiring;

import dev.oats.config.ConfigException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data directory, checked before anything is stored in it: a server that cannot write there
 * says so in one line, instead of a database driver's stack trace and a hint about its URL.
 */
final class DataDirectory {

  private DataDirectory() {}

  /**
   * Creates the directory if needed and proves it writable with a small file.
   *
   * @throws ConfigException naming the directory, what went wrong, and what to do
   */
  static void ensureWritable(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      Path probe = Files.createTempFile(absolute, ".oats-write-check", ".tmp");
      Files.delete(probe);
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          "permission denied on %s: OATS keeps its database and API keys there. Make it writable"
                  .formatted(where(e, absolute))
              + " by the user OATS runs as, or set OATS_DATA_DIR to a directory it can write.");
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? "cannot write" : e.getReason().toLowerCase();
      throw new ConfigException(
          "%s on %s: OATS keeps its database and API keys there. Free or remount it, or set"
                  .formatted(reason, where(e, absolute))
              + " OATS_DATA_DIR to a directory it can write.");
    } catch (IOException e) {
      throw new ConfigException(
          "cannot write in %s (%s): set OATS_DATA_DIR to a directory OATS can write."
              .formatted(absolute, e.getMessage()));
    }
  }

  private static String where(FileSystemException e, Path dir) {
    String file = e.getFile();
    return file == null || file.contains(".oats-write-check") ? dir.toString() : file;
  }
}
