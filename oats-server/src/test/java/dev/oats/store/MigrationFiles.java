package dev.oats.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The migrations the build ships, counted from the files, so adding one needs no test change. */
final class MigrationFiles {

  private MigrationFiles() {}

  static int count() {
    try (Stream<Path> files =
        Files.list(
            Path.of(MigrationFiles.class.getClassLoader().getResource("db/migration").toURI()))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
