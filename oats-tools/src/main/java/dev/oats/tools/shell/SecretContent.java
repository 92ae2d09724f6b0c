package dev.oats.tools.shell;

import dev.oats.redact.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Predicate;

/**
 * Whether a file a command names holds secrets by its content, as the redactor would find them in
 * the output. Only regular files are opened (a FIFO would block, a device never ends), and only
 * their first 256 KB are read.
 */
final class SecretContent implements Predicate<String> {

  private static final int MAX_BYTES = 256 * 1024;

  private final Path base;

  /**
   * @param base the directory relative paths are taken from: the call's working directory
   */
  SecretContent(Path base) {
    this.base = base;
  }

  @Override
  public boolean test(String word) {
    Path path;
    try {
      String name =
          word.startsWith("~/") ? System.getProperty("user.home") + word.substring(1) : word;
      path = base.resolve(name);
    } catch (InvalidPathException e) {
      return false;
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return false;
      }
      byte[] head;
      try (InputStream in = Files.newInputStream(path)) {
        head = in.readNBytes(MAX_BYTES);
      }
      String text = new String(head, StandardCharsets.UTF_8);
      return !Redactor.standard().redact(text).equals(text);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
