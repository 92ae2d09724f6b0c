package dev.oats.api;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web UI's files (under {@code /public}) and its libraries (WebJars, under {@code /webjars/}),
 * read through the class loader and kept in memory once read.
 *
 * <p>Not Javalin's static-file handlers: those resolve classpath folders through Jetty's resource
 * factory, which mounts a zip file system over the jar holding them — in the runnable jar, an index
 * of all its 700,000 entries, built for each location, twice: some 230 MB of heap for a UI of a few
 * hundred kilobytes. The class loader reads from the jar it already has open.
 *
 * <p>In front-end dev mode ({@code OATS_UI_DEV_DIR}) the files under {@code /assets/} are read from
 * that directory on every request, so an edit shows on the next reload without a build. The page
 * itself stays the jar's: the build writes the libraries' versions into it.
 */
final class UiFiles {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UiFiles.class);

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "json", "application/json",
          "map", "application/json",
          "png", "image/png",
          "woff2", "font/woff2");

  private final ClassLoader loader;
  private final Path devDir;
  private final Map<String, byte[]> read = new ConcurrentHashMap<>();

  /**
   * @param devDir the directory (the {@code public} folder of a checkout) to read {@code /assets/…}
   *     from on every request, or null to serve only what the jar holds
   */
  UiFiles(ClassLoader loader, Path devDir) {
    this.loader = loader;
    this.devDir = devDir == null ? null : devDir.toAbsolutePath().normalize();
    if (this.devDir != null) {
      if (!Files.isDirectory(this.devDir.resolve("assets"))) {
        throw new IllegalArgumentException(
            "OATS_UI_DEV_DIR is "
                + this.devDir
                + ", which has no assets/ folder: point it at the public/ folder of a checkout"
                + " (oats-server/src/main/resources/public).");
      }
      log.warn("Front-end dev mode: the web UI's assets are read from {}", this.devDir);
    }
  }

  /** Serves the file the request path names: {@code /}, {@code /index.html}, {@code /assets/…}. */
  void page(Context ctx) {
    String path = ctx.path().equals("/") ? "/index.html" : ctx.path();
    serve(ctx, "public" + path);
  }

  /** Serves {@code /webjars/…} from {@code META-INF/resources/webjars/…}. */
  void webjar(Context ctx) {
    serve(ctx, "META-INF/resources" + ctx.path());
  }

  private void serve(Context ctx, String name) {
    String file = name.substring(name.lastIndexOf('/') + 1);
    if (name.contains("..") || name.contains("//") || name.contains("\\") || !file.contains(".")) {
      throw new NotFoundResponse();
    }
    byte[] bytes =
        devDir != null && name.startsWith("public/assets/") ? fromDisk(name) : read.get(name);
    if (bytes == null) {
      bytes = load(name);
      read.putIfAbsent(name, bytes);
    }
    String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(TYPES.getOrDefault(extension, "application/octet-stream")).result(bytes);
  }

  private byte[] fromDisk(String name) {
    Path file = devDir.resolve(name.substring("public/".length())).normalize();
    if (!file.startsWith(devDir) || !Files.isRegularFile(file)) {
      throw new NotFoundResponse();
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private byte[] load(String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new NotFoundResponse();
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the classpath", e);
    }
  }
}
