package dev.oats.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.server.ServerHarness;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The investigation page of an investigation an alert started, in headless Chromium: the heading is
 * the alert's first line, a card shows the alert (its runbook, labels, annotations), and the
 * timeline shows the alert and runbook events.
 */
class AlertCardUiTest {

  private static final String TOKEN = "alertmanager-webhook-token-0123456789";

  @TempDir Path dir;
  @TempDir Path profile;
  private ServerHarness harness;
  private Browser browser;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void theAlertThatStartedAnInvestigationIsShownOnItsPage() throws Exception {
    Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(
        runbooks.resolve("shop-crashloop.md"),
        "---\ndescription: Shop pods crash-looping\nmatch:\n  namespace: shop\n---\n1. Logs.\n");
    harness = new ServerHarness(dir.resolve("data"));
    harness.env.put("OATS_ALERTMANAGER_TOKEN", TOKEN);
    harness.env.put("OATS_RUNBOOKS_DIR", runbooks.toString());
    harness.env.put("PATH", System.getenv("PATH"));
    harness.start();
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"## Root cause\\nx\"}"));
    HttpResponse<String> delivered =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(harness.url("/webhooks/alertmanager")))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            """
                            {"version": "4", "status": "firing", "receiver": "oats", "alerts": [
                              {"status": "firing", "fingerprint": "fp-ui",
                               "labels": {"alertname": "KubePodCrashLooping", "severity": "critical",
                                          "namespace": "shop", "pod": "cart-5d4f-x1"},
                               "annotations": {"summary": "cart-5d4f-x1 is crash looping"},
                               "startsAt": "2026-12-06T10:00:00Z",
                               "generatorURL": "javascript:alert(1)"}]}"""))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String id = ServerHarness.json(delivered).at("/alerts/0/investigation_id").asText();
    harness.awaitEnd(id);

    browser = new Browser(profile);
    ChromeDriver driver = browser.driver;
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    driver.get(harness.url("/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")))
        .sendKeys(ServerHarness.KEY, Keys.ENTER);
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
    driver.get(harness.url("/#/investigations/" + id));

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("alert-heading"), "Alert KubePodCrashLooping (firing)"));
    wait.until(
        ExpectedConditions.textToBe(
            By.id("goal"),
            "Alert KubePodCrashLooping is firing (severity critical) in namespace shop since"
                + " 2026-12-06T10:00:00Z. Find out why, with evidence, and what to do about it."));
    wait.until(ExpectedConditions.textToBe(By.id("alert-runbook"), "shop-crashloop"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("alert"), "pod=cart-5d4f-x1"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("alert"), "summary=cart-5d4f-x1 is crash looping"));
    // A link the sender wrote that is not http(s) is not made a link.
    assertThat(driver.findElements(By.cssSelector("#alert a"))).isEmpty();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("timeline"), "KubePodCrashLooping: started this investigation"));
    assertThat(driver.findElement(By.id("timeline")).getText())
        .contains("shop-crashloop: Shop pods crash-looping");
    assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
        .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
        .extracting(LogEntry::getMessage)
        .isEmpty();
  }
}
