package dev.oats.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.server.ServerHarness;
import dev.oats.testkit.ScriptedReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * What a person deciding on a held command must see, in Chromium at 1280 and 390 px: the whole
 * command and what made it need an approval, the wait at the top of the pages with time left, what
 * happened after a timeout, and a cancel that asks first and says who cancelled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiSafetyTest {

  /** The command of the issue: the dangerous part sits far to the right of a harmless start. */
  static final String LONG_COMMAND =
      "kubectl -n shop get pods -l app=checkout-api -o name | grep -v canary | xargs kubectl -n"
          + " shop delete --force --grace-period=0 && kubectl -n shop rollout restart"
          + " deployment/checkout-api-with-a-rather-long-name-that-cannot-wrap-on-a-phone >"
          + " /tmp/oats-restart.log";

  @TempDir static Path dir;
  @TempDir static Path profile;

  private ServerHarness harness;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.put("PATH", System.getenv("PATH"));
    harness.env.put("OATS_API_KEYS", "alice=" + ServerHarness.KEY);
    harness.env.put("OATS_APPROVAL_TIMEOUT_SECONDS", "12");
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

  @AfterEach
  void noScriptErrors() {
    assertThat(browser.consoleErrors()).isEmpty();
    browser.desktop();
  }

  @ParameterizedTest(name = "at {0} px")
  @ValueSource(ints = {1280, 390})
  @Order(1)
  void aLinkToAnInvestigationOpensItAfterSignIn(int width) throws Exception {
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"All good.\"}"));
    String id = harness.submit("is the shop healthy?", "shop");
    harness.awaitEnd(id);
    if (width == 390) {
      browser.phone();
    }
    browser.driver.get(harness.url("/"));
    browser.driver.executeScript("sessionStorage.clear()");

    browser.driver.get(harness.url("/#/investigations/" + id));
    assertThat(browser.viewportWidth()).isEqualTo(width);
    browser.awaitText(".notice", "Sign in to open the investigation");
    browser.await("#api-key").sendKeys(ServerHarness.KEY, Keys.ENTER);

    browser.awaitText("#goal", "is the shop healthy?");
    assertThat(browser.driver.getCurrentUrl()).endsWith("#/investigations/" + id);
    browser.awaitText("#report", "All good.");
    browser.awaitText("#fact-started-by", "alice");
  }

  @Test
  @Order(2)
  void theWholeHeldCommandAndWhatMadeItNeedApprovalAreShownAtBothWidths() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall(
                "bash_executor",
                ServerHarness.JSON.createObjectNode().put("command", LONG_COMMAND).toString())
            .withText("Restarting the pods should clear the bad cache."),
        ScriptedReply.toolCall("finish", "{\"result\": \"Recommended a restart instead.\"}"));
    String id = harness.submit("restart checkout-api", "shop");
    browser.driver.get(harness.url("/#/investigations/" + id));

    for (int width : List.of(1280, 390)) {
      if (width == 390) {
        browser.phone();
      }
      WebElement command = browser.await("#approval-banner pre.held-command");
      assertThat(browser.viewportWidth()).isEqualTo(width);
      assertThat(command.getText()).as("at %d px", width).isEqualTo(LONG_COMMAND);
      browser.assertFullyVisible(command, "the held command at " + width + " px");
      assertThat(browser.driver.findElements(By.cssSelector("#approval-banner .held-part")))
          .extracting(WebElement::getText)
          .containsExactly(
              "kubectl delete", "kubectl rollout restart", "a redirect (> /tmp/oats-restart.log)");
      assertThat(browser.text("#approval-banner h2")).isEqualTo("Waiting for your approval");
      assertThat(browser.text("#status")).isEqualTo("Waiting for your approval");
      assertThat(command.getLocation().getY())
          .as("the banner is above the facts")
          .isLessThan(browser.driver.findElement(By.id("facts")).getLocation().getY());
      // The timeline's record of the call shows the command whole too, never as clipped JSON.
      WebElement inTimeline = browser.await("li.approval pre.command-text");
      assertThat(inTimeline.getText()).isEqualTo(LONG_COMMAND);
      browser.assertFullyVisible(inTimeline, "the timeline's command at " + width + " px");
      browser.screenshot("approval-" + width + ".png");

      // The countdown is live.
      String before = browser.text("#approval-banner .time-left");
      browser.wait.until(d -> !browser.text("#approval-banner .time-left").equals(before));
      assertThat(browser.text("#approval-banner .time-left")).matches("\\d+ s");

      // The dashboard says it waits for you, with the whole command.
      browser.driver.get(harness.url("/#/"));
      browser.awaitText("#active-table", "Waiting for your approval");
      assertThat(browser.text("#active-table")).doesNotContain("Running");
      WebElement onDashboard = browser.await("#waiting-banner pre.held-command");
      assertThat(onDashboard.getText()).isEqualTo(LONG_COMMAND);
      browser.assertFullyVisible(onDashboard, "the dashboard's command at " + width + " px");
      assertThat(browser.text("#waiting-banner")).contains("kubectl delete", "Denied in ");
      browser.driver.navigate().back();
    }

    browser.await("#approval-banner button.deny").click();
    browser.awaitText("#approval-outcome", "Denied by alice");
    assertThat(browser.text("#approval-outcome")).contains("did not run", "went on");
    browser.awaitText("#status", "Succeeded");
    browser.awaitText("#report", "Recommended a restart instead.");
    browser.awaitText("#fact-started-by", "alice");
  }

  /** A script: held whole, line by line under its argument's name, never as escaped JSON. */
  static final String SCRIPT =
      "import shutil, subprocess\n"
          + "for namespace in ['shop', 'payments', 'checkout-with-a-rather-long-name-that-cannot-wrap']:\n"
          + "    subprocess.run(['kubectl', '-n', namespace, 'delete', 'pods', '--all'], check=True)\n"
          + "shutil.rmtree('/tmp/oats-cache')";

  @Test
  @Order(3)
  void aHeldScriptIsShownLineByLineUnderItsArgumentsNameAtBothWidths() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall(
            "python_executor",
            ServerHarness.JSON.createObjectNode().put("code", SCRIPT).toString()),
        ScriptedReply.toolCall("finish", "{\"result\": \"Left the pods alone.\"}"));
    String id = harness.submit("clean up the shop", "shop");
    String expected = "code:\n  " + SCRIPT.replace("\n", "\n  ");
    browser.driver.get(harness.url("/#/investigations/" + id));

    for (int width : List.of(1280, 390)) {
      if (width == 390) {
        browser.phone();
      }
      WebElement script = browser.await("#approval-banner pre.held-command");
      assertThat(browser.viewportWidth()).isEqualTo(width);
      assertThat(script.getText()).as("at %d px", width).isEqualTo(expected);
      browser.assertFullyVisible(script, "the held script at " + width + " px");
      assertThat(browser.text("#approval-banner .held p"))
          .isEqualTo("python_executor wants to run this:");
      WebElement inTimeline = browser.await("li.approval pre.args");
      assertThat(inTimeline.getText()).isEqualTo(expected);
      browser.assertFullyVisible(inTimeline, "the timeline's script at " + width + " px");

      browser.driver.get(harness.url("/#/"));
      WebElement onDashboard = browser.await("#waiting-banner pre.held-command");
      assertThat(onDashboard.getText()).isEqualTo(expected);
      browser.assertFullyVisible(onDashboard, "the dashboard's script at " + width + " px");
      browser.driver.navigate().back();
    }
    browser.screenshot("approval-script-390.png");

    browser.await("#approval-banner button.deny").click();
    browser.awaitText("#approval-outcome", "Denied by alice");
    browser.awaitText("#report", "Left the pods alone.");
  }

  @Test
  @Order(4)
  void aCallNobodyDecidesIsDeniedByTimeoutAndThePageSaysTheInvestigationWentOn() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"rm -rf /tmp/oats-cache\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"Left the cache alone.\"}"));
    String id = harness.submit("clear the cache", "shop");
    browser.phone();
    browser.driver.get(harness.url("/#/investigations/" + id));
    browser.awaitText("#approval-banner", "rm");
    assertThat(browser.text("#approval-banner .held-part")).isEqualTo("rm");

    browser.awaitText("#approval-outcome", "Denied by timeout");
    assertThat(browser.text("#approval-outcome"))
        .contains("nobody decided within 12 s", "did not run", "went on")
        .doesNotContain("ended");
    browser.awaitText("#status", "Succeeded");
    assertThat(browser.text("#timeline")).contains("Denied by timeout");
    assertThat(browser.text("li.approval .decision")).contains("Denied by timeout", "went on");
    assertThat(browser.driver.findElement(By.id("approval-banner")).isDisplayed()).isFalse();
  }

  @Test
  @Order(5)
  void cancellingAsksFirstAndThenSaysWhoCancelledAtBothWidths() throws Exception {
    for (int width : List.of(1280, 390)) {
      if (width == 390) {
        browser.phone();
      }
      harness.model.enqueue(
          ScriptedReply.toolCall("finish", "{\"result\": \"too late\"}")
              .withDelay(Duration.ofSeconds(30)));
      String id = harness.submit("a slow look at the cluster", "default");
      browser.driver.get(harness.url("/#/investigations/" + id));
      browser.awaitText("#thinking", "The model is thinking");

      WebElement dialog = browser.clickToOpen("#cancel", "#cancel-dialog");
      assertThat(dialog.getText()).contains("Cancel this investigation?");
      browser.assertFullyVisible(dialog, "the cancel dialog at " + width + " px");
      browser.driver.findElement(By.id("keep-running")).click();
      browser.wait.until(d -> !d.findElement(By.id("cancel-dialog")).isDisplayed());
      assertThat(browser.text("#status")).isEqualTo("Running");

      browser.clickToOpen("#cancel", "#cancel-dialog");
      browser.await("#confirm-cancel").click();
      browser.awaitText("#action-status", "Cancelled by alice.");
      browser.awaitText("#status", "Cancelled");
      WebElement reason = browser.await("#failure-reason");
      assertThat(reason.getText()).startsWith("Cancelled by alice.");
      assertThat(reason.getAttribute("class")).doesNotContain("failure");
      assertThat(browser.text("#timeline li.end").toLowerCase(java.util.Locale.ROOT))
          .startsWith("cancelled")
          .doesNotContainIgnoringCase("model call failed")
          .doesNotContainIgnoringCase("interrupted");
      assertThat(browser.driver.findElement(By.id("thinking")).isDisplayed()).isFalse();
      JsonNode ended = harness.awaitEnd(id);
      assertThat(ended.get("status").asText()).isEqualTo("cancelled");
      assertThat(ended.get("cancelled_by").asText()).isEqualTo("alice");
      assertThat(ended.get("started_by").asText()).isEqualTo("alice");
    }
  }
}
