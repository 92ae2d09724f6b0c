package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code oats demo} in this process: the replayed investigation, what it answers to goals and
 * questions it has no recording of, and how the UI marks it.
 */
class DemoCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private DemoCommand.Running demo;

  @AfterEach
  void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theReplayedInvestigationEndsWithALabelledReportAndTheBannerSaysItIsAReplay()
      throws Exception {
    demo = start();

    JsonNode investigation = awaitEnd(demo.id());

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("OATS DEMO: this is a REPLAY of a recorded investigation, not a live one.")
        .contains(demo.url() + "/#/investigations/" + demo.id())
        .contains(demo.key());
    assertThat(investigation.path("status").asText()).isEqualTo("succeeded");
    assertThat(investigation.path("replay").asBoolean()).isTrue();
    assertThat(investigation.path("model").asText()).isEqualTo("replay/crashloop-missing-env");
    assertThat(investigation.path("report").asText())
        .startsWith("> **Replay (oats demo).**")
        .contains("DATABASE_URL is not set");
    JsonNode listed = get("/investigations").path("items").get(0);
    assertThat(listed.path("replay").asBoolean()).as(listed.toString()).isTrue();
    assertThat(Files.exists(demo.data())).isTrue();

    demo.close();

    assertThat(Files.exists(demo.data())).as("the demo's data goes with it").isFalse();
    demo = null;
  }

  @Test
  void anotherGoalAndAFollowUpGetANoteInsteadOfAPretendedInvestigation() throws Exception {
    demo = start();
    awaitEnd(demo.id());

    String other =
        post("/investigate", "{\"goal\":\"why is payments slow?\",\"target_namespace\":\"shop\"}")
            .path("job_id")
            .asText();
    JsonNode answered = awaitEnd(other);
    post("/investigations/" + demo.id() + "/messages", "{\"message\":\"and the database?\"}");
    JsonNode followedUp = awaitEnd(demo.id());

    assertThat(answered.path("status").asText()).isEqualTo("succeeded");
    assertThat(answered.path("replay").asBoolean()).isTrue();
    assertThat(answered.path("turns").asInt()).isEqualTo(1);
    assertThat(answered.path("report").asText())
        .startsWith("> **Replay (oats demo).**")
        .contains("no recording for the goal \"why is payments slow?\" and investigated nothing");
    assertThat(followedUp.path("report").asText())
        .contains("has no recorded answer to a follow-up question");
  }

  @Test
  void theUiMarksTheInvestigationAsAReplayBesideItsStatusAndInTheDashboard() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail("This test needs the Debian packages chromium and chromium-driver");
    }
    demo = start();
    awaitEnd(demo.id());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + dir.resolve("profile"),
        "--window-size=1280,900");
    ChromeDriver driver =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build(),
            options);
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      driver.get(demo.url() + "/#/investigations/" + demo.id());
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")))
          .sendKeys(demo.key(), Keys.ENTER);
      // Signed in, the page asked for opens: the investigation, its report labelled a replay.
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.tagName("h1"), "why is checkout-api crash-looping?"));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.tagName("main"), "Replay (oats demo)."));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector(".badge-replay"), "Replay"));
      wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".badge-replay"), 1));

      driver.get(demo.url() + "/#/");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Dashboard"));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector("#recent-table .badge-replay"), "Replay"));
    } finally {
      driver.quit();
    }
  }

  private DemoCommand.Running start() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("HOME", dir.toString());
    Main main =
        new Main(
            environment,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    DemoCommand command = new DemoCommand();
    command.main = main;
    command.port = 0;
    command.pace = 0;
    return command.start();
  }

  private JsonNode awaitEnd(String id) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonNode investigation = get("/investigations/" + id);
    while (investigation.path("status").asText().matches("pending|running")
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      investigation = get("/investigations/" + id);
    }
    return investigation;
  }

  private JsonNode get(String path) throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create(demo.url() + path))
                    .header("X-API-Key", demo.key())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private JsonNode post(String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(demo.url() + path))
                .header("X-API-Key", demo.key())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return JSON.readTree(response.body());
  }
}
