package dev.oats.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by ChromeDriver: what the browser tests share. The window is
 * 1280 px wide; {@link #phone()} narrows the viewport to 390 px and {@link #desktop()} widens it
 * back.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration PATIENCE = Duration.ofSeconds(20);

  final ChromeDriver driver;
  final WebDriverWait wait;

  Browser(Path profile) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail(
          "The UI tests need Chromium at "
              + CHROMIUM
              + " and ChromeDriver at "
              + CHROMEDRIVER
              + ": install the Debian packages (apt-get install chromium chromium-driver).");
    }
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
        "--user-data-dir=" + profile,
        "--window-size=1280,900",
        "--lang=en-US");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50));
  }

  /** A 390 px wide phone viewport. */
  void phone() {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
  }

  /** Back to the 1280 px window. */
  void desktop() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** Renders the page as the system's dark theme would ask for, or back to light. */
  void dark(boolean dark) {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of(
            "features",
            List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
  }

  long viewportWidth() {
    return (Long) driver.executeScript("return window.innerWidth");
  }

  WebElement await(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /**
   * Clicks the element and waits for what the click opens. A page still taking in live events can
   * move the element between Selenium finding where it is and the click landing there, which then
   * lands beside it with no error; the click is tried again, three times at most, so a control that
   * does not work still fails.
   */
  WebElement clickToOpen(String css, String opened) {
    for (int attempt = 1; ; attempt++) {
      await(css).click();
      try {
        return new WebDriverWait(driver, Duration.ofSeconds(3), Duration.ofMillis(50))
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(opened)));
      } catch (TimeoutException notOpened) {
        if (attempt == 3) {
          throw notOpened;
        }
      }
    }
  }

  void awaitText(String css, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  String text(String css) {
    List<WebElement> found = driver.findElements(By.cssSelector(css));
    return found.isEmpty() ? "" : found.getFirst().getText();
  }

  /**
   * Asserts that the element shows all of its text: nothing scrolls sideways inside it, and it ends
   * inside the viewport.
   */
  void assertFullyVisible(WebElement element, String what) {
    Map<?, ?> box =
        (Map<?, ?>)
            driver.executeScript(
                "const e = arguments[0]; const r = e.getBoundingClientRect();"
                    + " return {scroll: e.scrollWidth, client: e.clientWidth, right: r.right,"
                    + " viewport: document.documentElement.clientWidth,"
                    + " page: document.documentElement.scrollWidth};",
                element);
    long scroll = ((Number) box.get("scroll")).longValue();
    long client = ((Number) box.get("client")).longValue();
    assertThat(scroll).as("%s: scrollWidth <= clientWidth", what).isLessThanOrEqualTo(client);
    assertThat(((Number) box.get("right")).doubleValue())
        .as("%s ends inside the viewport", what)
        .isLessThanOrEqualTo(((Number) box.get("viewport")).doubleValue() + 0.5);
    assertThat(((Number) box.get("page")).longValue())
        .as("%s: the page does not scroll sideways", what)
        .isLessThanOrEqualTo(((Number) box.get("viewport")).longValue());
  }

  /** The browser's warnings and errors since the last call, but the expected 400/401/404s. */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.matches(".*status of 40[0149] .*"))
        .toList();
  }

  /**
   * Saves a screenshot of the page in target/screenshots, and in docs/screenshots when
   * OATS_UPDATE_SCREENSHOTS=true.
   */
  @SuppressWarnings("unchecked")
  void screenshot(String name) throws IOException {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
    double width = ((Number) content.get("width")).doubleValue();
    double height = Math.min(((Number) content.get("height")).doubleValue(), 4000);
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    Path target = module.resolve("target").resolve("screenshots");
    Files.createDirectories(target);
    Files.write(target.resolve(name), png);
    if ("true".equals(System.getenv("OATS_UPDATE_SCREENSHOTS"))) {
      Path docs = module.resolveSibling("docs").resolve("screenshots");
      Files.createDirectories(docs);
      Files.write(docs.resolve(name), png);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
