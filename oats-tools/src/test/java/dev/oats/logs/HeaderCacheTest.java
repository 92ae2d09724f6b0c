package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cache of headers by shape against the detector itself: every line, and every line with other
 * digits in it, must get from the cache the header a full scan gives it. The lines are those of the
 * logs in the repository, fuzzed lines, and headers of every layout whose digits are changed one at
 * a time or all at once, so that the value checks the detector makes (a timestamp's validity, an
 * epoch's leading 1, a year's 19 or 20, a compact date, a syslog priority, an access log's status)
 * pass on some variants and fail on others.
 */
class HeaderCacheTest {

  /** Headers of each layout the detector reads, and lines whose header checks digit values. */
  static final String[] HEADERS = {
    "2024-05-01 10:00:00,123 INFO [main] c.e.Foo: started in 12 ms",
    "2024-05-01T10:00:00.123Z WARN 4242 --- [pool-1] c.e.Bar : retry 3",
    "<34>May  1 10:00:00 host sshd[4242]: Accepted password for root port 22",
    "<191>May  1 10:00:00 host app: note 1",
    "<13>1 2024-05-01T10:00:00Z host app 42 ID47 - message 9",
    "<165>1 2024-05-01T10:00:00.003Z mymachine evntslog - ID47 [exampleSDID@32473 iut=\"3\"] hi",
    "1714557600 INFO worker 3 done",
    "1714557600123 worker 3 done",
    "1714557600.123 DEBUG queue 7 drained",
    "2714557600 worker 3 done",
    "Wed May 01 10:00:00 2024 kernel: cpu 3 up",
    "May  1 10:00:00 2024 host cron[77]: job 5",
    "[Wed May 01 10:00:00 2024] [error] [client 10.0.0.1] File does not exist: /x",
    "240501 100000 INFO dfs.DataNode: block 12 served",
    "081109 203615 148 INFO dfs.DataNode$PacketResponder: Received block blk_-42 of size 91",
    "10.0.0.1 - - [01/May/2024:10:00:00 +0200] \"GET /a/1 HTTP/1.1\" 503 1234 \"-\" \"curl/8\"",
    "\"GET /api/v1/items/42 HTTP/1.1\" 404 12 \"-\"",
    "I0501 10:00:00.123456       1 controller.go:123] synced 4 pods",
    "E0501 10:00:00.000000    1 x.go:12] failed 3 times",
    "[2024-05-01T10:00:00Z ERROR app::db] query 7 failed",
    "[ 2024-05-01 10:00:00 ] node 12 joined",
    "INFO 2024-05-01 10:00:00 msg 42",
    "[WARN] May 01 10:00:00 disk 3 at 91%",
    "2024-05-01 12:00:00 | INFO | app | handled 12 requests",
    "20240501-10:00:00:123|Sensor_Hub|4242|onStandStepChanged 3579",
    "[ 123.456789] usb 1-1: new high-speed USB device number 2",
    "May  1 10:00:00 host kernel: [ 123.456789] eth0: link up 1000",
    "10:00:00.123 1702 2395 D Tag: value 12",
    "2024/05/01 10:00:00 [error] 12#12: *3 connect() failed (111: Connection refused)",
    "17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: 12",
    "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11"
        + " RAS KERNEL INFO instruction cache parity error corrected",
    "2024-05-01 10:00:00 +02:00 node 4 ready",
    "10:00:00 UTC node 4 ready",
    "2024-05-01 10:00:00 1999 2003 x",
    "Wed, 01 May 2024 10:00:00 GMT app 3 up",
    "12.10.2024 23:59:59 [4242] task 7",
    "2024-05-01 10:00:00 app.exe - started 3",
    "2024-05-01 10:00:00 * Ready to accept 12 connections",
    "WARNING:urllib3.connectionpool:Retrying 3 times",
    "2024-05-01 10:00:00 level=info msg=\"step 3\"",
    "2024-05-01 10:00:00 {\"level\":\"warn\",\"n\":3}",
    "{\"log\":\"2024-05-01 10:00:00 ERROR x 3\",\"stream\":\"stderr\"}",
    "\u001b[32m2024-05-01 10:00:00 INFO\u001b[0m ready 3",
    "2024-05-01 10:00:00 INFO main: main 12 started",
    "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; rhost=218.188.2.4",
    "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created",
    "0501 10:00:00.123 x 3",
    "1714557600 1714557600 both",
  };

  @Test
  void everyLineWithOtherDigitsGetsTheHeaderTheDetectorFinds() throws IOException {
    List<String> lines = new ArrayList<>(RepositoryLogs.lines());
    lines.addAll(FastPathTest.fuzzedLines(16, 4_000));
    HeaderDetector detector = new HeaderDetector();
    HeaderCache cache = new HeaderCache();
    Random random = new Random(9);
    for (String line : lines) {
      // The line, then the same with new digits and with one digit changed: both found by the
      // line's shape, their checks replayed; then the line again.
      for (String variant :
          new String[] {line, otherDigits(line, random), oneDigit(line, random), line}) {
        assertThat(cache.detect(variant)).as("%s", variant).isEqualTo(detector.detect(variant));
      }
    }
    assertThat(cache.hits()).as("lines found by their shape").isGreaterThan(lines.size());
  }

  @Test
  void headersWhoseChecksPassOrFailWithTheirDigitsGetWhatTheDetectorFinds() {
    HeaderDetector detector = new HeaderDetector();
    HeaderCache cache = new HeaderCache();
    Random random = new Random(10);
    int differentHeaders = 0;
    for (String header : HEADERS) {
      LineHeader first = detector.detect(header);
      for (int i = 0; i < 400; i++) {
        String variant =
            switch (i % 3) {
              case 0 -> oneDigit(header, random);
              case 1 -> edgeDigits(header, random);
              default -> otherDigits(header, random);
            };
        LineHeader expected = detector.detect(variant);
        assertThat(cache.detect(variant)).as("%s", variant).isEqualTo(expected);
        if (!sameRanges(first, expected)) {
          differentHeaders++;
        }
      }
    }
    // Enough variants took another path than their layout's first line for the replay to matter.
    assertThat(differentHeaders).as("variants read otherwise than their layout").isGreaterThan(500);
    assertThat(cache.hits()).as("variants found by their shape").isGreaterThan(3_000);
  }

  @Test
  void aFailedCheckSendsTheLineToTheDetector() {
    HeaderCache cache = new HeaderCache();
    HeaderDetector detector = new HeaderDetector();
    // One shape, three paths: an epoch, a number that is no epoch (its first digit), an epoch.
    for (String line :
        new String[] {
          "1714557600 worker done", "2714557600 worker done", "1814557600 worker done"
        }) {
      assertThat(cache.detect(line)).as(line).isEqualTo(detector.detect(line));
    }
    assertThat(cache.detect("2714557600 worker done").timestamp()).isNull();
    // A month of 13 is no date: the same shape as a valid one, read in full.
    assertThat(cache.detect("2024-12-01 10:00:00 INFO x").timestamp())
        .isEqualTo("2024-12-01 10:00:00");
    assertThat(cache.detect("2024-13-01 10:00:00 INFO x"))
        .isEqualTo(detector.detect("2024-13-01 10:00:00 INFO x"));
    // The priority's severity gives the level: the same shape, another level.
    assertThat(cache.detect("<11>May  1 10:00:00 host app: x").level()).isEqualTo(LogLevel.ERROR);
    assertThat(cache.detect("<14>May  1 10:00:00 host app: x").level()).isEqualTo(LogLevel.INFO);
    // An access log's status gives the level.
    assertThat(cache.detect("\"GET /a HTTP/1.1\" 503 12 x").level()).isEqualTo(LogLevel.ERROR);
    assertThat(cache.detect("\"GET /a HTTP/1.1\" 404 12 x").level()).isEqualTo(LogLevel.WARN);
    assertThat(cache.detect("\"GET /a HTTP/1.1\" 200 12 x").level()).isEqualTo(LogLevel.INFO);
  }

  @Test
  void aComponentAlsoInTheMessageIsTakenFromWhereTheScanCutIt() {
    HeaderCache cache = new HeaderCache();
    HeaderDetector detector = new HeaderDetector();
    for (String line :
        new String[] {
          "Dec 10 09:11:52 LabSZ sshd[24460]: Failed password for sshd from 1.2.3.4 port 4 ssh2",
          "Dec 10 09:11:53 LabSZ sshd[24461]: Failed password for sshd from 5.6.7.8 port 9 ssh2"
        }) {
      assertThat(cache.detect(line)).as(line).isEqualTo(detector.detect(line));
    }
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void aComponentOfUnknownPlaceFoundTwiceOnTheLineIsNotTakenFromTheCache() {
    HeaderCache cache = new HeaderCache();
    HeaderDetector detector = new HeaderDetector();
    // The bar-separated layout's component is not cut by the scan, and "app" is twice on the line.
    for (String line :
        new String[] {
          "2024-05-01 12:00:00 | INFO | app | app 1 started",
          "2024-05-01 12:00:01 | INFO | app | app 2 started"
        }) {
      assertThat(cache.detect(line)).as(line).isEqualTo(detector.detect(line));
    }
    assertThat(cache.hits()).isZero();
    assertThat(cache.detect("2024-05-01 12:00:02 | INFO | web | app 3 started"))
        .isEqualTo(detector.detect("2024-05-01 12:00:02 | INFO | web | app 3 started"));
    assertThat(cache.detect("2024-05-01 12:00:03 | INFO | web | app 4 started").component())
        .isEqualTo("web");
    assertThat(cache.hits()).isEqualTo(1);
  }

  private static boolean sameRanges(LineHeader a, LineHeader b) {
    return (a.timestamp() == null) == (b.timestamp() == null)
        && a.level() == b.level()
        && (a.component() == null) == (b.component() == null)
        && a.content().length() == b.content().length();
  }

  /** The line with every ASCII digit replaced by a random one. */
  static String otherDigits(String line, Random random) {
    char[] chars = line.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= '0' && chars[i] <= '9') {
        chars[i] = (char) ('0' + random.nextInt(10));
      }
    }
    return new String(chars);
  }

  /** The line with its digits set to the values checks turn on: 0, 1, 2, 3, 4, 5 and 9. */
  private static String edgeDigits(String line, Random random) {
    char[] chars = line.toCharArray();
    String edges = "0123459";
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= '0' && chars[i] <= '9' && random.nextInt(3) == 0) {
        chars[i] = edges.charAt(random.nextInt(edges.length()));
      }
    }
    return new String(chars);
  }

  /** The line with one of its ASCII digits, chosen at random, replaced by another. */
  static String oneDigit(String line, Random random) {
    List<Integer> digits = new ArrayList<>();
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) >= '0' && line.charAt(i) <= '9') {
        digits.add(i);
      }
    }
    if (digits.isEmpty()) {
      return line;
    }
    char[] chars = line.toCharArray();
    int at = digits.get(random.nextInt(digits.size()));
    chars[at] = (char) ('0' + (chars[at] - '0' + 1 + random.nextInt(9)) % 10);
    return new String(chars);
  }
}
