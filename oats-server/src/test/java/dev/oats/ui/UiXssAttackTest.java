package dev.oats.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.oats.server.ServerHarness;
import dev.oats.testkit.ScriptedReply;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Stored XSS in Chromium, with the page's Content-Security-Policy bypassed (CDP), so that what is
 * tested is the page's own escaping and the report's sanitiser, not the policy behind them. One
 * text of hostile markup (script, handlers on img/svg/details, javascript: and data: links in
 * Markdown and autolinks, quotes breaking out of attributes, CSS loading from elsewhere, meta
 * refresh, base, forms, iframes, mXSS through a sanitiser round trip, template strings) is put
 * everywhere a model, a tool or a person puts text on the page: the goal, the model's thought, a
 * call's arguments, a tool's output, the report, a follow-up question and its answer, on the
 * investigation page, the dashboard and the history. No script runs (a window flag stays unset),
 * nothing is fetched from the recorder the markup names, and the DOM holds no live element or
 * attribute of it. The API key lives in sessionStorage only, never in the page or the address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiXssAttackTest {

  @TempDir static Path dir;
  @TempDir static Path profile;

  private ServerHarness harness;
  private Browser browser;
  private HttpServer recorder;
  private final List<String> recorded = new CopyOnWriteArrayList<>();
  private String payload;

  @BeforeAll
  void start() throws Exception {
    recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    recorder.createContext(
        "/",
        exchange -> {
          recorded.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    recorder.start();
    String r = "http://127.0.0.1:" + recorder.getAddress().getPort();
    String flag = "window.__xss=(window.__xss||0)+1";
    payload =
        // Blank lines apart: each its own Markdown block (an HTML block runs to the next blank).
        String.join(
            "\n\n",
            "<script>" + flag + "</script>",
            "<img src=x onerror=\"" + flag + "\">",
            "<svg onload=\"" + flag + "\"><circle r=1 /></svg>",
            "<details open ontoggle=\"" + flag + "\">x</details>",
            "[click me](javascript:" + flag + ")",
            "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[spaced](  jav&#x09;ascript:" + flag + ")",
            "<javascript:" + flag + ">",
            "\"><img src=x onerror=" + flag + "> '><svg onload=" + flag + ">",
            "<a href=\"javascript:" + flag + "\">raw link</a>",
            "![tracker](" + r + "/markdown-image)",
            "<style>@import url(" + r + "/css-import);</style>",
            "<div style=\"background:url(" + r + "/inline-style)\">styled</div>",
            "<meta http-equiv=\"refresh\" content=\"0;url=" + r + "/meta-refresh\">",
            "<base href=\"" + r + "/base/\">",
            "<form action=\"" + r + "/form\"><button>go</button></form>",
            "<iframe srcdoc=\"<script>parent.__xss=1</script>\" src=\"" + r + "/iframe\"></iframe>",
            "<math><mtext><table><mglyph><style><img src=x onerror=" + flag + ">",
            "<noscript><p title=\"</noscript><img src=x onerror=" + flag + ">\">",
            "<svg><style><img src=x onerror=" + flag + "></style></svg>",
            "${" + flag + "} {{constructor.constructor('" + flag + "')()}}",
            "```html\n<img src=x onerror=" + flag + ">\n```",
            "<object data=\"" + r + "/object\"></object><embed src=\"" + r + "/embed\">",
            "<link rel=stylesheet href=\"" + r + "/link\">");
    harness = new ServerHarness(dir);
    harness.env.put("PATH", System.getenv("PATH"));
    harness.env.put("OATS_API_KEYS", "alice=" + ServerHarness.KEY);
    harness.env.put("OATS_ALERTMANAGER_TOKEN", ALERT_TOKEN);
    harness.start();
    browser = new Browser(profile);
    // The policy would block much of this anyway: the test is of what is behind it.
    browser.driver.executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (harness != null) {
      harness.close();
    }
    if (recorder != null) {
      recorder.stop(0);
    }
  }

  @Test
  void hostileTextFromEverySourceRunsNoScriptAndLoadsNothing() throws Exception {
    String args =
        ServerHarness.JSON
            .createObjectNode()
            .put("command", "printf '%s\\n' " + shellQuote(payload))
            .toString();
    String report = ServerHarness.JSON.createObjectNode().put("result", payload).toString();
    harness.model.enqueue(
        ScriptedReply.toolCall("bash_executor", args).withText(payload),
        ScriptedReply.toolCall("finish", report));
    String id = harness.submit(payload, "shop");
    harness.awaitEnd(id);

    browser.driver.get(harness.url("/"));
    browser.driver.executeScript("sessionStorage.clear()");
    browser.driver.get(harness.url("/#/investigations/" + id));
    browser.await("#api-key").sendKeys(ServerHarness.KEY, Keys.ENTER);
    browser.await("#report");
    browser.wait.until(d -> !d.findElements(By.cssSelector("#timeline pre.output")).isEmpty());
    assertThat(
            browser.driver.executeScript(
                "return document.querySelector('#timeline pre.output').textContent"))
        .asString()
        .as("the tool's output, shown as text")
        .contains("<img src=x onerror=");

    // A follow-up question with the same text, answered with it.
    harness.model.enqueue(ScriptedReply.toolCall("finish", report));
    WebElement box = browser.await("#follow-up");
    box.sendKeys("and? " + payload.replace("\n", " "));
    browser.driver.findElement(By.id("ask")).click();
    browser.wait.until(
        d -> d.findElements(By.cssSelector("#conversation li.exchange")).size() == 2);
    browser.awaitText("#status", "Succeeded");
    assertNothingRan("the investigation page");
    assertThat(browser.text("#goal")).contains("<script>");

    // Every link the sanitiser let through, clicked: none runs anything.
    List<WebElement> links =
        browser.driver.findElements(By.cssSelector("#report a, #conversation a"));
    for (WebElement link : links) {
      String href = link.getAttribute("href");
      if (href != null && !href.startsWith("http")) {
        browser.driver.executeScript("arguments[0].click()", link);
      }
    }
    assertNothingRan("after clicking the report's links");

    browser.driver.get(harness.url("/#/"));
    browser.wait.until(
        d -> !d.findElements(By.cssSelector("#main a[href*='" + id + "']")).isEmpty());
    assertNothingRan("the dashboard");
    browser.driver.get(harness.url("/#/history"));
    browser.wait.until(
        d -> !d.findElements(By.cssSelector("#main a[href*='" + id + "']")).isEmpty());
    assertNothingRan("the history");
  }

  /**
   * An alert whose labels and annotations hold the hostile markup (an annotation template quotes a
   * pod's log line or a label's value, written by whoever runs in the cluster): on its card, in the
   * goal the card shows, in the timeline's alert event, in the heading, on the dashboard and in the
   * history, and in a report that quotes them, nothing runs or loads.
   */
  @Test
  void anAlertsLabelsAndAnnotationsRunNoScriptAndLoadNothing() throws Exception {
    String flag = "window.__xss=(window.__xss||0)+1";
    ObjectNode annotations = ServerHarness.JSON.createObjectNode();
    String[] pieces = payload.split("\n\n");
    for (int i = 0; i < pieces.length; i++) {
      annotations.put("p%02d".formatted(i), pieces[i]);
    }
    annotations.put("description", payload);
    annotations.put("<img src=x onerror=\"" + flag + "\">", "a hostile annotation name");
    ObjectNode labels =
        ServerHarness.JSON
            .createObjectNode()
            .put("alertname", "Crash<img src=x onerror=\"" + flag + "\">Looping")
            .put("namespace", "shop")
            .put("severity", "<svg onload=\"" + flag + "\">")
            .put("pod", "\"><script>" + flag + "</script>")
            .put("<b onmouseover=\"" + flag + "\">x</b>", "a hostile label name");
    ObjectNode alert =
        ServerHarness.JSON
            .createObjectNode()
            .put("status", "firing")
            .put("fingerprint", "<img src=x onerror=\"" + flag + "\">")
            .put("startsAt", "2026-12-06T10:00:00Z")
            .put("generatorURL", "javascript:" + flag);
    alert.set("labels", labels);
    alert.set("annotations", annotations);
    ObjectNode body =
        ServerHarness.JSON
            .createObjectNode()
            .put("version", "4")
            .put("status", "firing")
            .put("receiver", "oats");
    body.putArray("alerts").add(alert);
    // The model quotes the alert in its report, as a real one would.
    harness.model.enqueue(
        ScriptedReply.toolCall(
            "finish",
            ServerHarness.JSON
                .createObjectNode()
                .put("result", "The alert said:\n\n" + payload)
                .toString()));
    HttpResponse<String> delivered =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(harness.url("/webhooks/alertmanager")))
                    .header("Authorization", "Bearer " + ALERT_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
    String id = ServerHarness.json(delivered).at("/alerts/0/investigation_id").asText();
    assertThat(id).as(delivered.body()).isNotBlank();
    harness.awaitEnd(id);

    browser.driver.get(harness.url("/"));
    browser.driver.executeScript("sessionStorage.clear()");
    browser.driver.get(harness.url("/#/investigations/" + id));
    browser.await("#api-key").sendKeys(ServerHarness.KEY, Keys.ENTER);
    browser.await("#alert");
    browser.await("#report");
    browser.awaitText("#status", "Succeeded");
    browser.wait.until(
        d -> d.findElement(By.id("timeline")).getText().contains("started this investigation"));
    // The goal the card folds away, opened (a redraw would close it; a toggle handler would run).
    browser.driver.executeScript("document.querySelector('#alert details').open = true");
    assertNothingRan("the alert's investigation page");
    // Shown, as text: the card holds every piece and the hostile names.
    String card = browser.text("#alert");
    assertThat(card)
        .contains("p00=<script>")
        .contains("severity=<svg onload=")
        .contains("onerror=\"" + flag + "\">=a hostile annotation name")
        .contains("x</b>=a hostile label name");
    assertThat(browser.driver.findElements(By.cssSelector("#alert a"))).isEmpty();

    browser.driver.get(harness.url("/#/"));
    browser.wait.until(
        d -> !d.findElements(By.cssSelector("#main a[href*='" + id + "']")).isEmpty());
    assertNothingRan("the dashboard, with the alert's investigation");
    browser.driver.get(harness.url("/#/history"));
    browser.wait.until(
        d -> !d.findElements(By.cssSelector("#main a[href*='" + id + "']")).isEmpty());
    assertNothingRan("the history, with the alert's investigation");
  }

  private static final String ALERT_TOKEN = "alertmanager-webhook-token-xss-0123456789";

  private void assertNothingRan(String where) throws InterruptedException {
    // Handlers of loaded or failed images and fetches fire on their own time.
    Thread.sleep(500);
    Object flag = browser.driver.executeScript("return window.__xss ?? null");
    assertThat(flag).as("%s: a script of the payload ran", where).isNull();
    assertThat(recorded).as("%s: requests to the recorder", where).isEmpty();
    @SuppressWarnings("unchecked")
    List<String> live =
        (List<String>)
            browser.driver.executeScript(
                """
                const found = [];
                for (const e of document.querySelectorAll('#main *')) {
                  const tag = e.tagName.toLowerCase();
                  if (['script', 'iframe', 'object', 'embed', 'img', 'svg', 'math', 'style',
                       'meta', 'base', 'link', 'noscript'].includes(tag))
                    found.push('<' + tag + '>');
                  for (const a of e.attributes) {
                    const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
                    if (a.name.startsWith('on') || (a.name === 'style' && v.includes('url('))
                        || (a.name === 'action' && v.startsWith('http'))
                        || /^(javascript|data|vbscript):/.test(v))
                      found.push(tag + '[' + a.name + '=' + a.value + ']');
                  }
                }
                return found;
                """);
    assertThat(live).as("%s: live markup of the payload", where).isEmpty();
    String page =
        (String) browser.driver.executeScript("return document.documentElement.outerHTML");
    assertThat(page).as("the API key in the page").doesNotContain(ServerHarness.KEY);
    assertThat(browser.driver.getCurrentUrl()).doesNotContain(ServerHarness.KEY);
    assertThat(browser.driver.executeScript("return JSON.stringify(localStorage)"))
        .asString()
        .doesNotContain(ServerHarness.KEY);
    assertThat(browser.driver.executeScript("return document.cookie")).asString().isEmpty();
  }

  private static String shellQuote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
