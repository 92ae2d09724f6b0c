package dev.oats.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.server.ServerHarness;
import dev.oats.testkit.ScriptedReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.assertj.core.api.InstanceOfAssertFactories;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in Debian's Chromium, headless, against a real server whose model is a fake: sign in,
 * start an investigation from the form, watch its turns arrive, read the highlighted report, find
 * it in history, cancel one, approve a held command in another; and the pages at phone width, by
 * keyboard, with readable contrast. Scenarios run in order and share one server and one browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiTest {

  private static final String GOAL = "why is checkout-api crash-looping?";
  private static final String REPORT =
      """
      ## Root cause

      `checkout-api` is **OOM-killed**: its memory limit is below what the JVM needs to start.

      ### Evidence

      ```yaml
      resources:
        limits:
          memory: 128Mi
      ```

      ```json
      {"reason": "OOMKilled", "exitCode": 137, "restartCount": 12}
      ```

      ```log
      2026-11-25T01:00:00Z ERROR java.lang.OutOfMemoryError: Java heap space
      2026-11-25T01:00:01Z WARN  back-off restarting failed container restarts=12
      ```

      ### Next steps

      1. Raise the limit to `512Mi`.
      2. Set `-XX:MaxRAMPercentage=75`.
      """;

  /** A report that tries to run code: it is model output, and models can be talked into it. */
  private static final String HOSTILE_REPORT =
      """
      Created the marker file.

      <script>window.pwned = 'script'</script>
      <img src="x" onerror="window.pwned = 'img'">
      ![a pixel](https://tracker.example/pixel.png)
      [a trap](javascript:window.pwned='link')
      """;

  @TempDir static Path dir;
  @TempDir static Path profile;

  private ServerHarness harness;
  private Browser browser;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private String firstId;
  private boolean historySeeded;

  @BeforeAll
  void start() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.put("PATH", System.getenv("PATH"));
    harness.env.put("OATS_API_KEYS", "alice=" + ServerHarness.KEY);
    harness.start();
    browser = new Browser(profile);
    driver = browser.driver;
    wait = browser.wait;
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

  /**
   * No script error, no refused load (CSP), no failed request but the refusals the scenarios
   * provoke: a wrong key (401) and an invalid namespace (400).
   */
  @AfterEach
  void theBrowserReportedNoError() {
    atWidth(1280);
    assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
        .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
        .extracting(LogEntry::getMessage)
        .filteredOn(message -> !message.matches(".*status of 40[01] .*"))
        .isEmpty();
  }

  @Test
  @Order(1)
  void aWrongKeyIsRefusedAndTheRightOneOpensTheDashboard() {
    driver.get(harness.url("/"));

    WebElement key = await(By.id("api-key"));
    key.sendKeys("not-the-key", Keys.ENTER);
    awaitText(By.id("api-key-error"), "not valid");
    assertThat(key.getAttribute("aria-invalid")).isEqualTo("true");

    key.clear();
    key.sendKeys(ServerHarness.KEY, Keys.ENTER);

    awaitText(By.tagName("h1"), "Dashboard");
    assertThat(storedKey()).isEqualTo(ServerHarness.KEY);
    assertThat(driver.getCurrentUrl()).doesNotContain(ServerHarness.KEY);
    awaitText(By.cssSelector(".counts"), "Succeeded");
  }

  @Test
  @Order(2)
  void anInvestigationStartedFromTheFormShowsItsTurnsLiveThenAHighlightedReport() throws Exception {
    driver.findElement(By.linkText("New investigation")).click();
    WebElement goal = await(By.id("goal"));
    WebElement namespace = driver.findElement(By.id("namespace"));
    goal.sendKeys(GOAL);
    namespace.clear();
    namespace.sendKeys("Shop_1", Keys.ENTER);

    awaitText(By.id("namespace-error"), "target_namespace");
    assertThat(namespace.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(driver.findElement(By.id("goal-error")).getText()).isEmpty();

    harness.model.enqueue(
        ScriptedReply.toolCall(
                "yaml_parser",
                "{\"content\": \"apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name:"
                    + " checkout-api\\n\"}")
            .withText("I will read the deployment manifest first.")
            .withUsage(120_000, 30_000, 1_000_000, 0),
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"limits: [memory: 128Mi\"}")
            .withText("Now the resource limits on their own.")
            .withDelay(Duration.ofMillis(500)),
        ScriptedReply.toolCall(
                "finish", ServerHarness.JSON.createObjectNode().put("result", REPORT).toString())
            .withDelay(Duration.ofMillis(2500)));
    namespace.clear();
    namespace.sendKeys("shop");
    driver.findElement(By.cssSelector("form button[type=submit]")).click();

    wait.until(ExpectedConditions.urlContains("#/investigations/"));
    firstId = driver.getCurrentUrl().replaceAll(".*#/investigations/", "");
    // The second turn's observation arrives while the investigation still runs.
    wait.until(
        all(
            present("#timeline li.turn[data-turn='2'] li.observation"),
            d -> text(d, "#status").equals("Running")));
    WebElement firstTurn = driver.findElement(By.cssSelector("li.turn[data-turn='1']"));
    assertThat(firstTurn.getText())
        .contains("Turn 1 of 15", "I will read the deployment manifest first.", "yaml_parser")
        .contains("apiVersion: apps/v1");
    WebElement failedRead =
        driver.findElement(By.cssSelector("li.turn[data-turn='2'] li.observation"));
    assertThat(failedRead.getAttribute("class")).contains("is-error");
    assertThat(failedRead.getText()).contains("yaml_parser", "error", " B");
    assertThat(failedRead.findElement(By.tagName("details")).getAttribute("open")).isNull();
    // While the model takes its time over the third turn, the page says it is thinking.
    awaitText(By.id("thinking"), "The model is thinking (turn 3)");
    // Sonnet 4.5 at $3 in, $15 out, $0.30 cache read per million tokens: $1.11 for the first turn.
    assertThat(text(driver, "#cost")).matches("· \\$1\\.1\\d");
    assertThat(text(driver, "#fact-started-by")).contains("alice");
    assertThat(driver.findElements(By.id("fact-job"))).as("a local run has no Job").isEmpty();

    awaitText(By.id("status"), "Succeeded");
    wait.until(
        d ->
            d.findElement(By.id("announcer"))
                .getDomProperty("textContent")
                .contains("investigation finished"));
    WebElement report = await(By.id("report"));
    assertThat(report.getText()).contains("Root cause", "OOM-killed", "Next steps");
    wait.until(present("#report pre code.hljs.language-yaml .hljs-attr"));
    assertThat(report.findElements(By.cssSelector("code.language-json .hljs-attr"))).isNotEmpty();
    assertThat(report.findElements(By.cssSelector("code.language-log .hljs-deletion")))
        .extracting(WebElement::getText)
        .contains("ERROR");
    assertThat(report.findElements(By.cssSelector("code.language-log .hljs-meta"))).isNotEmpty();
    assertThat(text(driver, "#fact-turns")).contains("3 of 15");
    awaitText(By.id("stream-state"), "Ended");
    assertThat(driver.findElement(By.id("thinking")).isDisplayed()).isFalse();

    // The logs card is folded below the report and says where the key comes from.
    WebElement logs = driver.findElement(By.id("logs"));
    assertThat(logs.getAttribute("open")).isNull();
    assertThat(logs.getLocation().getY()).isGreaterThan(report.getLocation().getY());
    logs.findElement(By.tagName("summary")).click();
    assertThat(text(driver, "#logs-command")).contains(firstId, "${OATS_API_KEY:?set OATS_API_KEY");
    assertThat(text(driver, "#logs-hint")).contains("export OATS_API_KEY=");
    driver.findElement(By.id("copy-logs-command")).click();
    wait.until(d -> !text(d, "#copy-status").isEmpty());
    logs.findElement(By.tagName("summary")).click();

    browser.screenshot("investigation.png");
  }

  @ParameterizedTest(name = "at {0} px")
  @ValueSource(ints = {1280, 390})
  @Order(3)
  void historyFindsItByGoalTextStatusAndNamespaceAndPages(int width) throws Exception {
    if (!historySeeded) {
      harness.model.enqueue(
          ScriptedReply.toolCall("finish", "{\"result\": \"All payments pods are ready.\"}"));
      harness.awaitEnd(harness.submit("list the pods in payments", "payments"));
      harness.model.enqueue(
          ScriptedReply.toolCall("finish", "{\"result\": \"The ingress has no backend.\"}"));
      harness.awaitEnd(harness.submit("check the ingress of the web shop", "web"));
      historySeeded = true;
    }
    driver.get(harness.url("/#/"));
    atWidth(width);
    await(By.id("recent-table"));

    driver.findElement(By.linkText("History")).click();
    wait.until(rows(3));
    if (width == 1280) {
      // At 1280 px no number, status or date breaks over two lines.
      assertThat(driver.executeScript(CELLS_ON_MORE_THAN_ONE_LINE))
          .asInstanceOf(InstanceOfAssertFactories.LIST)
          .isEmpty();
    }
    // Filters apply as they are typed, without Enter or a button.
    WebElement search = driver.findElement(By.id("history-q"));
    search.sendKeys("crash-looping");
    wait.until(rows(1));
    assertThat(text(driver, "#history-table tbody")).contains(GOAL, "Succeeded", "shop");

    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    wait.until(rows(3));
    new Select(driver.findElement(By.id("history-status"))).selectByVisibleText("Succeeded");
    driver.findElement(By.id("history-namespace")).sendKeys("pay");
    wait.until(rows(1));
    assertThat(text(driver, "#history-table tbody")).contains("list the pods in payments");
    assertThat(driver.getCurrentUrl()).contains("status=succeeded", "namespace=pay");

    driver.get(harness.url("/#/history?limit=2"));
    awaitText(By.id("history-summary"), "Showing 1–2 of 3");
    assertThat(driver.findElement(By.id("page-previous")).isEnabled()).isFalse();
    driver.findElement(By.id("page-next")).click();
    awaitText(By.id("history-summary"), "Showing 3–3 of 3");
    assertThat(text(driver, "#page-number")).isEqualTo("Page 2 of 2");
    assertThat(
            driver.executeScript(
                "return document.documentElement.scrollWidth"
                    + " - document.documentElement.clientWidth"))
        .as("sideways overflow of the history at %d px", width)
        .isEqualTo(0L);
    // Newest first: the first investigation is on the last page; its link opens it.
    driver.findElement(By.linkText(GOAL)).click();
    awaitText(By.id("goal"), GOAL);
  }

  @Test
  @Order(4)
  void aRunningInvestigationIsCancelledFromItsPage() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"too late\"}")
            .withDelay(Duration.ofSeconds(30)));
    String id = harness.submit("a slow look at the cluster", "default");
    driver.get(harness.url("/#/investigations/" + id));

    wait.until(d -> text(d, "#status").equals("Running"));
    WebElement cancel = await(By.id("cancel"));
    cancel.click();
    await(By.id("confirm-cancel")).click();

    awaitText(By.id("status"), "Cancelled");
    awaitText(By.id("failure-reason"), "Cancelled by alice.");
    wait.until(d -> text(d, "#timeline li.end").toLowerCase(Locale.ROOT).startsWith("cancelled"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("cancel")));
    assertThat(harness.awaitEnd(id).get("status").asText()).isEqualTo("cancelled");
  }

  @ParameterizedTest(name = "at {0} px")
  @ValueSource(ints = {1280, 390})
  @Order(5)
  void aHeldCommandIsApprovedFromTheBannerByKeyboardAndAHostileReportStaysInert(int width)
      throws Exception {
    String marker = "approved-in-ui-" + width + ".txt";
    harness.model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"touch " + marker + "\"}")
            .withText("A marker file shows the fix was applied."),
        ScriptedReply.toolCall(
            "finish",
            ServerHarness.JSON.createObjectNode().put("result", HOSTILE_REPORT).toString()));
    String id = harness.submit("apply the marker fix", "shop");
    driver.get(harness.url("/#/investigations/" + id));
    atWidth(width);
    // The banner at the top holds the decision: the command, why it is held, the time left.
    WebElement banner = await(By.cssSelector("#approval-banner button.approve"));
    assertThat(text(driver, "#approval-banner"))
        .contains("Waiting for your approval", "bash_executor", "touch " + marker)
        .contains("Held for approval because of: touch.", "Denied automatically in ")
        .containsPattern("in (10 min 00|9 min \\d\\d) s");
    assertThat(banner.getLocation().getY())
        .as("above the facts and the timeline")
        .isLessThan(driver.findElement(By.id("facts")).getLocation().getY());
    assertThat(text(driver, "li.approval")).contains("bash_executor", "touch " + marker);
    assertThat(driver.findElements(By.cssSelector("li.approval button")))
        .as("the timeline never offers a decision itself")
        .isEmpty();
    awaitText(By.id("status"), "Waiting for your approval");

    // While it waits, the dashboard shows it as active with its progress.
    driver.findElement(By.linkText("Dashboard")).click();
    awaitText(By.id("active-table"), "apply the marker fix");
    awaitText(By.id("waiting-banner"), "touch " + marker);
    assertThat(text(driver, "#waiting-banner")).contains("1 investigation waiting for approval");
    awaitText(By.id("recent-table"), GOAL);
    assertThat(text(driver, ".count-cancelled .count-number")).isEqualTo("1");
    if (width == 1280) {
      browser.screenshot("dashboard.png");
    }

    driver.navigate().back();
    WebElement approve = await(By.cssSelector("#approval-banner button.approve"));
    focus(approve);
    approve.sendKeys(Keys.ENTER);

    awaitText(By.cssSelector("li.approval .decision"), "Approved");
    awaitText(By.id("status"), "Succeeded");
    awaitText(By.id("fact-approved-by"), "alice");
    awaitText(By.id("approval-outcome"), "Approved by alice");
    awaitText(By.cssSelector("li.observation"), "success");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("approval-banner")));
    assertThat(dir.resolve("workspace").resolve(marker)).exists();

    // The report is model output: nothing in it runs or loads; raw HTML shows as text.
    WebElement report = await(By.id("report"));
    assertThat(report.getText()).contains("Created the marker file.", "<img src=\"x\"");
    assertThat(report.findElements(By.cssSelector("script, img"))).isEmpty();
    assertThat(report.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
    assertThat(driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
  }

  @Test
  @Order(6)
  void aFollowUpIsAskedUnderTheReportAndTheConversationShowsInOrder() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall(
            "finish", "{\"result\": \"## Root cause\\nThe pod is **OOM-killed**.\"}"));
    String id = harness.submit("why is the cart pod restarting?", "shop");
    harness.awaitEnd(id);
    driver.get(harness.url("/#/investigations/" + id));
    await(By.id("report"));
    harness.model.enqueue(
        ScriptedReply.toolCall(
            "finish", "{\"result\": \"Memory grew with the **cache** after the deploy.\"}"));

    WebElement box = await(By.id("follow-up"));
    box.sendKeys("and why did the memory grow?");
    driver.findElement(By.id("ask")).click();

    awaitText(By.id("report"), "Memory grew with the cache after the deploy.");
    awaitText(By.id("status"), "Succeeded");
    List<WebElement> exchanges = driver.findElements(By.cssSelector("#conversation li.exchange"));
    assertThat(exchanges).hasSize(2);
    assertThat(exchanges.get(0).getText())
        .contains("Goal: why is the cart pod restarting?", "Root cause", "OOM-killed");
    assertThat(exchanges.get(0).findElements(By.cssSelector(".answer strong"))).isNotEmpty();
    assertThat(exchanges.get(1).getText()).contains("and why did the memory grow?");
    assertThat(driver.findElement(By.cssSelector("#report strong")).getText()).isEqualTo("cache");
    awaitText(By.cssSelector("li.turn[data-run='2']"), "Turn 1");
    assertThat(harness.model.requests().getLast().body().toString())
        .contains("The pod is **OOM-killed**", "and why did the memory grow?");
    wait.until(d -> d.findElement(By.id("follow-up-form")).isDisplayed());
  }

  @ParameterizedTest(name = "at {0} px")
  @ValueSource(ints = {1280, 390})
  @Order(6)
  void theReportIsCopiedAndDownloadedAsMarkdownAndTheGoalRunsAgainAsItIsOrEdited(int width)
      throws Exception {
    driver.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of(
            "origin",
            harness.url(""),
            "permissions",
            List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    Path downloads = Files.createDirectories(dir.resolve("downloads-" + width));
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    driver.get(harness.url("/#/investigations/" + firstId));
    atWidth(width);
    await(By.cssSelector("#report pre code.hljs"));
    for (String button : List.of("copy-report", "download-report", "rerun", "edit-rerun")) {
      assertFullyVisible(await(By.id(button)), button + " at " + width + " px");
    }

    driver.findElement(By.id("copy-report")).click();
    awaitText(By.id("report-status"), "Copied.");
    Object copied =
        driver.executeAsyncScript(
            "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0]('' + e))");
    assertThat(copied).isEqualTo(REPORT);

    driver.findElement(By.id("download-report")).click();
    Path file = downloads.resolve("oats-report-" + firstId.substring(0, 8) + ".md");
    wait.until(d -> Files.exists(file));
    wait.until(d -> readQuietly(file).equals(REPORT));

    // Edit and run again: the form comes filled in.
    driver.findElement(By.id("edit-rerun")).click();
    wait.until(d -> "new investigation".equalsIgnoreCase(text(d, "h1")));
    assertThat(driver.findElement(By.id("goal")).getDomProperty("value")).isEqualTo(GOAL);
    assertThat(driver.findElement(By.id("namespace")).getDomProperty("value")).isEqualTo("shop");
    driver.navigate().back();

    // Run again: the same goal, a new investigation.
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"Still OOM-killed.\"}"));
    await(By.id("rerun")).click();
    wait.until(d -> !d.getCurrentUrl().endsWith(firstId));
    awaitText(By.id("goal"), GOAL);
    awaitText(By.id("report"), "Still OOM-killed.");
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  @Order(7)
  void atPhoneWidthNoPageScrollsSideways() throws IOException {
    browser.phone();
    try {
      for (String page :
          List.of("#/", "#/new", "#/history", "#/investigations/" + firstId, "#/history?q=x")) {
        driver.get(harness.url("/" + page));
        await(By.tagName("h1"));
        if (page.startsWith("#/investigations/")) {
          await(By.cssSelector("#report pre code.hljs"));
        } else if (page.equals("#/")) {
          await(By.id("recent-table"));
        } else if (page.equals("#/history")) {
          await(By.id("history-table"));
        }
        assertThat(driver.executeScript("return window.innerWidth")).isEqualTo(390L);
        assertThat(
                driver.executeScript(
                    "return document.documentElement.scrollWidth"
                        + " - document.documentElement.clientWidth"))
            .as("sideways overflow of %s at 390 px", page)
            .isEqualTo(0L);
        if (page.equals("#/")) {
          browser.screenshot("dashboard-390.png");
        } else if (page.startsWith("#/investigations/")) {
          browser.screenshot("investigation-390.png");
        }
      }
    } finally {
      browser.desktop();
    }
  }

  @Test
  @Order(8)
  void everyTextOnTheMainPagesHasAContrastOfAtLeastFourAndAHalf() {
    contrastOfTheMainPages();
  }

  @ParameterizedTest(name = "at {0} px")
  @ValueSource(ints = {1280, 390})
  @Order(8)
  void inDarkModeThePagesAreDarkAndEveryTextStillHasAContrastOfAtLeastFourAndAHalf(int width)
      throws IOException {
    browser.dark(true);
    try {
      driver.get(harness.url("/#/"));
      atWidth(width);
      await(By.tagName("h1"));
      assertThat(driver.executeScript("return getComputedStyle(document.body).backgroundColor"))
          .isEqualTo("rgb(15, 20, 26)");
      contrastOfTheMainPages();
      browser.screenshot(width == 1280 ? "investigation-dark.png" : "investigation-dark-390.png");
      driver.get(harness.url("/#/"));
      await(By.id("recent-table"));
      browser.screenshot(width == 1280 ? "dashboard-dark.png" : "dashboard-dark-390.png");
    } finally {
      browser.dark(false);
    }
  }

  /** The 390 px phone viewport, or back to the 1280 px window. */
  private void atWidth(int width) {
    if (width == 1280) {
      browser.desktop();
    } else {
      browser.phone();
    }
    assertThat(driver.executeScript("return window.innerWidth")).isEqualTo((long) width);
  }

  /** The element ends inside the viewport and nothing in it scrolls sideways. */
  private void assertFullyVisible(WebElement element, String what) {
    assertThat(
            driver.executeScript(
                "const e = arguments[0]; const r = e.getBoundingClientRect();"
                    + " return e.scrollWidth <= e.clientWidth"
                    + " && r.right <= document.documentElement.clientWidth + 0.5;",
                element))
        .as(what)
        .isEqualTo(true);
  }

  private void contrastOfTheMainPages() {
    for (String page : List.of("#/", "#/new", "#/history", "#/investigations/" + firstId)) {
      driver.get(harness.url("/" + page));
      await(By.tagName("h1"));
      if (page.startsWith("#/investigations/")) {
        await(By.cssSelector("#report pre code.hljs"));
        driver
            .findElements(By.tagName("details"))
            .forEach(d -> d.findElement(By.tagName("summary")).click());
      } else if (page.equals("#/")) {
        await(By.id("recent-table"));
      }
      assertThat(driver.executeScript(CONTRAST_FAILURES))
          .as("text below 4.5:1 on %s", page)
          .asInstanceOf(InstanceOfAssertFactories.LIST)
          .isEmpty();
    }
  }

  @Test
  @Order(9)
  void signingOutForgetsTheKey() {
    driver.get(harness.url("/#/"));
    await(By.id("sign-out")).click();
    await(By.id("api-key"));
    assertThat(storedKey()).isNull();
  }

  /** Lists the history table's cells, but the goal's, whose text wraps onto a second line. */
  private static final String CELLS_ON_MORE_THAN_ONE_LINE =
      """
      const broken = [];
      for (const td of document.querySelectorAll('#history-table td:not(:first-child)')) {
        const range = document.createRange();
        range.selectNodeContents(td);
        const tops = [...range.getClientRects()].map((r) => r.top).sort((a, b) => a - b);
        const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > 8).length;
        if (lines > 1) broken.push(`${td.dataset.label}: ${td.textContent}`);
      }
      return broken;
      """;

  /**
   * Lists each visible text whose colour against its background is under 4.5:1 (3:1 for large
   * text), as WCAG 2 computes it.
   */
  private static final String CONTRAST_FAILURES =
      """
      const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
      const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      const background = (el) => {
        for (; el; el = el.parentElement) {
          const parts = rgb(getComputedStyle(el).backgroundColor);
          if (parts.length < 4 || parts[3] > 0) return parts;
        }
        return [255, 255, 255];
      };
      const failures = [];
      for (const el of document.body.querySelectorAll('*')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.getClientRects().length || el.closest('.visually-hidden, [hidden]')) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || el.closest('button:disabled')) continue;
        const fg = luminance(rgb(style.color));
        const bg = luminance(background(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5)) {
          failures.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
        }
      }
      return failures;
      """;

  private WebElement await(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private void awaitText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  private static String text(WebDriver driver, String css) {
    List<WebElement> found = driver.findElements(By.cssSelector(css));
    return found.isEmpty() ? "" : found.getFirst().getText();
  }

  private static ExpectedCondition<Boolean> present(String css) {
    return d -> !d.findElements(By.cssSelector(css)).isEmpty();
  }

  private static ExpectedCondition<Boolean> rows(int count) {
    return d -> d.findElements(By.cssSelector("#history-table tbody tr")).size() == count;
  }

  @SafeVarargs
  private static ExpectedCondition<Boolean> all(ExpectedCondition<Boolean>... conditions) {
    return d -> {
      for (ExpectedCondition<Boolean> condition : conditions) {
        if (!Boolean.TRUE.equals(condition.apply(d))) {
          return false;
        }
      }
      return true;
    };
  }

  private void focus(WebElement element) {
    driver.executeScript("arguments[0].focus()", element);
    assertThat(driver.switchTo().activeElement()).isEqualTo(element);
  }

  private Object storedKey() {
    return driver.executeScript("return sessionStorage.getItem('oats.apiKey')");
  }
}
