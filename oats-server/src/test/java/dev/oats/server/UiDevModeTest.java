package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Front-end dev mode: with OATS_UI_DEV_DIR the UI's assets come from disk, read on each request.
 */
class UiDevModeTest {

  @TempDir Path dir;
  @TempDir Path ui;

  private static HttpResponse<String> get(ServerHarness harness, String path) throws Exception {
    return harness.send(HttpRequest.newBuilder(URI.create(harness.url(path))).GET());
  }

  @Test
  void anEditedAssetShowsOnTheNextRequestAndNothingOutsideTheFolderIsServed() throws Exception {
    Files.createDirectories(ui.resolve("assets"));
    Files.writeString(ui.resolve("assets/app.css"), "body { color: red; }");
    Files.writeString(ui.resolveSibling("secret.txt"), "not for the browser");
    ServerHarness harness = new ServerHarness(dir);
    harness.env.put("OATS_UI_DEV_DIR", ui.toString());
    try (harness) {
      harness.start();
      assertThat(get(harness, "/assets/app.css").body()).isEqualTo("body { color: red; }");

      Files.writeString(ui.resolve("assets/app.css"), "body { color: blue; }");
      HttpResponse<String> edited = get(harness, "/assets/app.css");
      assertThat(edited.body()).isEqualTo("body { color: blue; }");
      assertThat(edited.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));

      assertThat(get(harness, "/assets/app.js").statusCode())
          .as("a file missing from the folder is missing, not taken from the jar")
          .isEqualTo(404);
      assertThat(get(harness, "/assets/%2e%2e/%2e%2e/secret.txt").statusCode()).isIn(400, 404);
      // The page itself is the jar's: the build wrote the libraries' versions into it.
      assertThat(get(harness, "/").body()).contains("/assets/app.js").doesNotContain("${");
    }
  }

  @Test
  void aFolderWithoutAssetsStopsTheStartWithAMessageSayingWhatToPointAt() throws Exception {
    ServerHarness harness = new ServerHarness(dir);
    harness.env.put("OATS_UI_DEV_DIR", dir.resolve("nowhere").toString());
    try (harness) {
      assertThatThrownBy(harness::start).hasStackTraceContaining("has no assets/ folder");
    }
  }
}
