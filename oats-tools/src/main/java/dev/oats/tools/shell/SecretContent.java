package dev.oats.tools.shell;

import dev.oats.redact.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a file a command names (or, for a glob in its last segment, any file it matches) holds
 * secrets by its content, as the redactor would find them in the output. Only regular files are
 * opened (a FIFO would block, a device never ends), and only their first 256 KB are read.
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
    Optional<List<Path>> paths = LinkedPaths.candidates(base, word);
    // a glob over more files than are worth reading: judged as if one held secrets
    return paths.isEmpty() || paths.get().stream().anyMatch(SecretContent::holdsSecrets);
  }

  /**
   * Whether a word with a glob in its last segment matches a file whose name says it holds secrets
   * ({@code .e*} matching {@code .env}); a glob over more files than are worth listing is judged as
   * if one did.
   */
  boolean matchesSecretName(String word) {
    Optional<List<Path>> paths = LinkedPaths.candidates(base, word);
    return paths.isEmpty()
        || paths.get().stream()
            .anyMatch(path -> SensitivePaths.namesSecretFile(Word.literal(path.toString())));
  }

  private static boolean holdsSecrets(Path path) {
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
