package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderDetectorTest {

  private final HeaderDetector detector = new HeaderDetector();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '¦',
      nullValues = "null",
      textBlock =
          """
          syslog (RFC 3164)   ¦ Mar  3 07:01:02 web-1 sshd[4242]: Accepted publickey for deploy ¦ Mar  3 07:01:02 ¦ UNKNOWN ¦ sshd ¦ Accepted publickey for deploy
          syslog without pid  ¦ Mar 13 07:01:02 web-1 kernel: eth0: link down                   ¦ Mar 13 07:01:02 ¦ UNKNOWN ¦ kernel ¦ eth0: link down
          syslog (RFC 5424)   ¦ <11>1 2024-05-01T10:00:00.5Z web-1 billing 991 ID7 - card declined ¦ 2024-05-01T10:00:00.5Z ¦ ERROR ¦ billing ¦ card declined
          log4j               ¦ 2024-05-01 10:00:00,123 ERROR [main] org.example.Billing - charge failed ¦ 2024-05-01 10:00:00,123 ¦ ERROR ¦ org.example.Billing ¦ charge failed
          logback             ¦ 2024-05-01 10:00:00.123 [worker-3] WARN  o.e.Queue - queue is 90% full ¦ 2024-05-01 10:00:00.123 ¦ WARN ¦ o.e.Queue ¦ queue is 90% full
          log4j with colon    ¦ 2024-05-01 10:00:00,123 INFO [pool-1 thread-2] org.example.Cache: warmed up ¦ 2024-05-01 10:00:00,123 ¦ INFO ¦ org.example.Cache ¦ warmed up
          two-digit year      ¦ 24/05/01 10:00:00 INFO storage.BlockStore: block stored      ¦ 24/05/01 10:00:00 ¦ INFO ¦ storage.BlockStore ¦ block stored
          Python logging      ¦ 2024-05-01 10:00:00,123 - app.db - WARNING - slow query     ¦ 2024-05-01 10:00:00,123 ¦ WARN ¦ null ¦ slow query
          padded component    ¦ 2024-05-01 10:00:00, Info                  Cache    Update applied ¦ 2024-05-01 10:00:00 ¦ INFO ¦ Cache ¦ Update applied
          dashed thread       ¦ 2024-05-01 10:00:00,001 - INFO  [Sync[id=1]/0.0.0.0:2181:Leader@77] - leader elected ¦ 2024-05-01 10:00:00,001 ¦ INFO ¦ null ¦ leader elected
          klog                ¦ E0501 10:00:00.123456       1 controller.go:123] sync failed: timeout ¦ 0501 10:00:00.123456 ¦ ERROR ¦ controller.go:123 ¦ sync failed: timeout
          nginx error         ¦ 2024/05/01 10:00:00 [error] 1234#0: *5 connect() failed (111: Connection refused) ¦ 2024/05/01 10:00:00 ¦ ERROR ¦ 1234#0 ¦ *5 connect() failed (111: Connection refused)
          nginx access        ¦ 10.0.0.7 - - [01/May/2024:10:00:00 +0000] "GET /health HTTP/1.1" 503 12 "-" "kube-probe/1.29" ¦ 01/May/2024:10:00:00 +0000 ¦ ERROR ¦ null ¦ "GET /health HTTP/1.1" 503 12 "-" "kube-probe/1.29"
          ctime in brackets   ¦ [Wed May 01 10:00:00 2024] [notice] child 42 started        ¦ Wed May 01 10:00:00 2024 ¦ NOTICE ¦ null ¦ child 42 started
          compact date, pid   ¦ 240501 100000 77 INFO fs.Volume: volume mounted             ¦ 240501 100000 ¦ INFO ¦ fs.Volume ¦ volume mounted
          epoch and fields    ¦ 5501 rack-7 power psu.state 1714557600 1 psu recovered       ¦ 1714557600 ¦ UNKNOWN ¦ null ¦ psu recovered
          tags before level   ¦ - 1714557600 2024.05.01 r7-n2 2024-05-01-10.00.00.000001 r7-n2 SYS CORE FATAL machine check ¦ 1714557600 ¦ FATAL ¦ null ¦ machine check
          pipe separated      ¦ 20240501-10:00:00:123|Sensor_Hub|4242|reading 17 steps        ¦ 20240501-10:00:00:123 ¦ UNKNOWN ¦ Sensor_Hub ¦ reading 17 steps
          Spring Boot         ¦ 2024-05-01T10:00:00.123+02:00  INFO 4242 --- [main] o.e.Shop : Started Shop ¦ 2024-05-01T10:00:00.123+02:00 ¦ INFO ¦ o.e.Shop ¦ Started Shop
          PostgreSQL          ¦ 2024-05-01 10:00:00.123 UTC [77] LOG:  checkpoint starting: time ¦ 2024-05-01 10:00:00.123 UTC ¦ INFO ¦ null ¦ checkpoint starting: time
          day before month    ¦ 1:M 01 May 2024 10:00:00.123 * Ready to accept connections ¦ 01 May 2024 10:00:00.123 ¦ UNKNOWN ¦ null ¦ Ready to accept connections
          ISO then text       ¦ 2024-05-01T10:00:00.123456789Z starting server on :8080     ¦ 2024-05-01T10:00:00.123456789Z ¦ UNKNOWN ¦ null ¦ starting server on :8080
          file name, pid      ¦ api.log.2 2024-05-01 10:00:00.008 7311 INFO shop.api [req-1] GET /orders ¦ 2024-05-01 10:00:00.008 ¦ INFO ¦ shop.api ¦ GET /orders
          program part        ¦ Feb  2 03:04:05 gw-3 crond(pam_unix)[811]: session closed for user backup ¦ Feb  2 03:04:05 ¦ UNKNOWN ¦ crond(pam_unix) ¦ session closed for user backup
          epoch, host twice   ¦ - 1714557600 2024.05.01 r4n9 May 1 10:00:00 r4n9/r4n9 ntpd(auth)[77]: clock stepped ¦ 1714557600 ¦ UNKNOWN ¦ ntpd(auth) ¦ clock stepped
          """)
  void findsTheHeaderOfCommonFormats(
      String format,
      String line,
      String timestamp,
      LogLevel level,
      String component,
      String content) {
    LineHeader header = detector.detect(line);

    assertThat(header.timestamp()).as(format + " timestamp").isEqualTo(timestamp);
    assertThat(header.level()).as(format + " level").isEqualTo(level);
    assertThat(header.component()).as(format + " component").isEqualTo(component);
    assertThat(header.content()).as(format + " content").isEqualTo(content);
  }

  @Test
  void aWordAfterTheLevelIsAComponentOnlyWhenItIsAName() {
    // A padded word after the level names the logger; one holding other punctuation, in ASCII or
    // outside it, is the message's first word, however it is padded.
    LineHeader named = detector.detect("2024-05-01 10:00:00 ERROR worker-1  padded message");
    LineHeader bracketed = detector.detect("2024-05-01 10:00:00 ERROR (worker)  padded message");
    LineHeader bulleted = detector.detect("2024-05-01 10:00:00 ERROR worker•pool  padded message");
    LineHeader accented = detector.detect("2024-05-01 10:00:00 ERROR Größe  padded message");

    assertThat(named.component()).isEqualTo("worker-1");
    assertThat(named.content()).isEqualTo("padded message");
    assertThat(bracketed.component()).isNull();
    assertThat(bracketed.content()).isEqualTo("(worker)  padded message");
    assertThat(bulleted.component()).isNull();
    assertThat(bulleted.content()).isEqualTo("worker•pool  padded message");
    assertThat(accented.component()).isEqualTo("Größe");
  }

  @Test
  void takesADottedLoggerNameAndTheRequestContextAfterItAsHeader() {
    // Python logging's %(name)s followed by the context a service prints before every message:
    // the message is the same whatever the context holds, or whether a request was in scope.
    String[] lines = {
      "2024-05-01 10:00:00.008 7311 INFO shop.api.wsgi [req-4f1c2a9e-7d3b-4c1a-9e2f-0a1b2c3d4e5f"
          + " 9a8b7c6d5e4f 0f1e2d3c4b5a - - -] GET /orders status: 200",
      "2024-05-01 10:00:01.112 7311 INFO shop.api.wsgi [req-0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"
          + " - - - - -] GET /orders status: 200",
      "2024-05-01 10:00:02.317 7312 INFO shop.api.wsgi [-] GET /orders status: 200"
    };
    for (String line : lines) {
      LineHeader header = detector.detect(line);
      assertThat(header.component()).as(line).isEqualTo("shop.api.wsgi");
      assertThat(header.content()).as(line).isEqualTo("GET /orders status: 200");
    }
    // A word without dots before a bracket is the message's first word.
    LineHeader plain = detector.detect("2024-05-01 10:00:00 INFO Started [main] in 3 s");
    assertThat(plain.component()).isNull();
    assertThat(plain.content()).isEqualTo("Started [main] in 3 s");
  }

  @Test
  void takesAProgramNameSetOffByADashAfterATimestampAsHeader() {
    // A proxy client's log names the program before a lone dash; log4j's %d %c - %m the logger.
    LineHeader proxy =
        detector.detect("[05.01 10:00:00] chrome.exe - api.example.test:443 open through proxy");
    LineHeader marked =
        detector.detect(
            "[05.01 10:00:02] git-remote.exe *64 - api.example.test:443 open through proxy");
    LineHeader logger = detector.detect("2024-05-01 10:00:00,123 org.example.Cart - cart saved");

    assertThat(proxy.component()).isEqualTo("chrome.exe");
    assertThat(proxy.content()).isEqualTo("api.example.test:443 open through proxy");
    assertThat(marked.component()).isEqualTo("git-remote.exe");
    assertThat(marked.content()).isEqualTo("api.example.test:443 open through proxy");
    assertThat(logger.component()).isEqualTo("org.example.Cart");
    assertThat(logger.content()).isEqualTo("cart saved");
    // A plain word before a dash starts a sentence: it stays the message's.
    LineHeader sentence = detector.detect("2024-05-01 10:00:00,123 Loading - done");
    assertThat(sentence.component()).isNull();
    assertThat(sentence.content()).isEqualTo("Loading - done");
  }

  @Test
  void readsJsonLinesByTheirKeys() {
    LineHeader header =
        detector.detect(
            "{\"ts\":\"2024-05-01T10:00:00Z\",\"level\":\"error\",\"logger\":\"db\","
                + "\"msg\":\"connection refused\",\"addr\":\"10.0.0.1:5432\",\"attempt\":3}");

    assertThat(header.timestamp()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(header.level()).isEqualTo(LogLevel.ERROR);
    assertThat(header.component()).isEqualTo("db");
    assertThat(header.content()).isEqualTo("connection refused addr=10.0.0.1:5432 attempt=3");
  }

  @Test
  void keepsNestedJsonValuesRawAndUnescapesStrings() {
    LineHeader header =
        detector.detect("{\"message\":\"said \\\"hi\\\"\",\"ctx\":{\"a\":[1,2]},\"ok\":true}");

    assertThat(header.content()).isEqualTo("said \"hi\" ctx={\"a\":[1,2]} ok=true");
  }

  @Test
  void readsLogfmtByItsKeys() {
    LineHeader header =
        detector.detect(
            "time=2024-05-01T10:00:00Z level=warn msg=\"disk almost full\" mount=/data pct=91");

    assertThat(header.timestamp()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(header.level()).isEqualTo(LogLevel.WARN);
    assertThat(header.content()).isEqualTo("disk almost full mount=/data pct=91");
  }

  @Test
  void readsJsonAfterATimestampPrefix() {
    LineHeader header =
        detector.detect("2024-05-01T10:00:00.5Z {\"level\":\"info\",\"msg\":\"ready\"}");

    assertThat(header.timestamp()).isEqualTo("2024-05-01T10:00:00.5Z");
    assertThat(header.level()).isEqualTo(LogLevel.INFO);
    assertThat(header.content()).isEqualTo("ready");
  }

  @Test
  void readsPythonsDefaultFormat() {
    LineHeader header =
        detector.detect("WARNING:urllib3.connectionpool:Retrying (total=2) after 503");

    assertThat(header.level()).isEqualTo(LogLevel.WARN);
    assertThat(header.component()).isEqualTo("urllib3.connectionpool");
    assertThat(header.content()).isEqualTo("Retrying (total=2) after 503");
  }

  @Test
  void readsAHeaderWrittenInsideOneBracket() {
    LineHeader header = detector.detect("[2024-05-01T10:00:00Z ERROR app::db] pool timed out");

    assertThat(header.timestamp()).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(header.level()).isEqualTo(LogLevel.ERROR);
    assertThat(header.component()).isEqualTo("app::db");
    assertThat(header.content()).isEqualTo("pool timed out");
  }

  @Test
  void readsTheApplicationsHeaderInsideAContainerRuntimeRecord() {
    LineHeader header =
        detector.detect(
            "{\"log\":\"2024-05-01 10:00:00,5 ERROR [main] org.example.Db - pool exhausted\\n\","
                + "\"stream\":\"stderr\",\"time\":\"2024-05-01T10:00:00.5Z\"}");

    assertThat(header.timestamp()).isEqualTo("2024-05-01T10:00:00.5Z");
    assertThat(header.level()).isEqualTo(LogLevel.ERROR);
    assertThat(header.component()).isEqualTo("org.example.Db");
    assertThat(header.content()).isEqualTo("pool exhausted stream=stderr");
  }

  @Test
  void ignoresTerminalColours() {
    LineHeader header =
        detector.detect("\u001b[2m2024-05-01 10:00:00\u001b[0m \u001b[31mERROR\u001b[0m db: gone");

    assertThat(header.timestamp()).isEqualTo("2024-05-01 10:00:00");
    assertThat(header.level()).isEqualTo(LogLevel.ERROR);
    assertThat(header.content()).isEqualTo("gone");
  }

  @Test
  void leavesALineWithoutHeaderWhole() {
    LineHeader header = detector.detect("backup finished at 12:00:00 without errors");

    assertThat(header.hasHeader()).isFalse();
    assertThat(header.content()).isEqualTo("backup finished at 12:00:00 without errors");
  }

  @Test
  void doesNotTakeALowerCaseWordForALevel() {
    LineHeader header = detector.detect("error: could not open file");

    assertThat(header.hasHeader()).isFalse();
    assertThat(header.content()).isEqualTo("error: could not open file");
  }

  @Test
  void givesAnAccessLogLineTheLevelOfItsStatus() {
    String ok =
        "10.0.0.7 - - [01/May/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl\"";
    String missing = ok.replace("\" 200 ", "\" 404 ");

    assertThat(detector.detect(ok).level()).isEqualTo(LogLevel.INFO);
    assertThat(detector.detect(missing).level()).isEqualTo(LogLevel.WARN);
  }

  @Test
  void stripsTrailingCarriageReturns() {
    assertThat(detector.detect("2024-05-01 10:00:00 INFO done\r").content()).isEqualTo("done");
  }
}
