package dev.oats.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.server.ServerHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A server started without a model key, in Chromium at 1280 and 390 px: every page says the model
 * is not configured and which variable to set, as {@code /readyz} does, and an investigation
 * started from the form is refused with that message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelNotConfiguredUiTest {

  @TempDir static Path dir;
  @TempDir static Path profile;

  private ServerHarness harness;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.remove("ANTHROPIC_API_KEY");
    harness.env.remove("ANTHROPIC_BASE_URL");
    harness.env.put("OATS_API_KEYS", "alice=" + ServerHarness.KEY);
    harness.start();
    browser = new Browser(profile);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void theBannerAndReadyzSayWhatToSetAndTheFormIsRefusedWithThatMessageAtBothWidths()
      throws Exception {
    JsonNode ready = ServerHarness.json(harness.get("/readyz"));
    assertThat(ready.get("model_configured").asBoolean()).isFalse();
    assertThat(ready.get("message").asText()).contains("ANTHROPIC_API_KEY");

    for (int width : List.of(1280, 390)) {
      if (width == 390) {
        browser.phone();
      }
      browser.driver.get(harness.url("/#/new"));
      if (!browser.driver.findElements(By.id("api-key")).isEmpty()) {
        browser.await("#api-key").sendKeys(ServerHarness.KEY, Keys.ENTER);
      }
      WebElement banner = browser.await("#model-banner");
      assertThat(browser.viewportWidth()).isEqualTo(width);
      assertThat(banner.getText())
          .isEqualTo(ready.get("message").asText())
          .startsWith("No language model is configured. Set ANTHROPIC_API_KEY")
          .contains("investigations are refused");
      browser.assertFullyVisible(banner, "the model banner at " + width + " px");
      assertThat(banner.getLocation().getY())
          .as("at the top, above the page's heading")
          .isLessThan(browser.await("h1").getLocation().getY());

      WebElement goal = browser.await("#goal");
      goal.clear();
      goal.sendKeys("why is checkout-api crash-looping?");
      browser.driver.findElement(By.cssSelector("form button[type=submit]")).click();
      browser.awaitText("#form-error", "ANTHROPIC_API_KEY");
      assertThat(browser.text("#form-error")).contains("restart the server");
      assertThat(browser.driver.getCurrentUrl()).endsWith("#/new");
      browser.screenshot("model-not-configured-" + width + ".png");

      browser.driver.get(harness.url("/#/history"));
      browser.awaitText("#history-summary", "No investigations yet");
      browser.driver.get(harness.url("/#/new"));
    }
    assertThat(ServerHarness.json(harness.get("/investigations")).get("total").asInt()).isZero();
    assertThat(browser.consoleErrors())
        .allMatch(message -> message.contains("/investigate") && message.contains("503"));
  }
}
