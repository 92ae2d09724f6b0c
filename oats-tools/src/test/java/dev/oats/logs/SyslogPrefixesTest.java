package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogPrefixesTest {

  private final HeaderDetector detector = new HeaderDetector();

  private static List<String> templates(String log) throws Exception {
    StringWriter out = new StringWriter();
    TemplateCsv.write(new BufferedReader(new StringReader(log)), out);
    return out.toString().lines().skip(1).map(row -> row.substring(row.indexOf(',') + 1)).toList();
  }

  @Test
  void takesTheKernelsUptimeStampOutOfTheMessage() {
    LineHeader syslog =
        detector.detect("Jan  9 08:00:01 gw-2 kernel: [   17.204511] wlan0: associated");
    LineHeader dmesg = detector.detect("[    0.000000] Booting paravirtualized kernel");

    assertThat(syslog.timestamp()).isEqualTo("Jan  9 08:00:01");
    assertThat(syslog.component()).isEqualTo("kernel");
    assertThat(syslog.content()).isEqualTo("wlan0: associated");
    assertThat(dmesg.timestamp()).isEqualTo("[    0.000000]");
    assertThat(dmesg.content()).isEqualTo("Booting paravirtualized kernel");
  }

  @Test
  void groupsAKernelEventWhateverTheWidthOfItsUptime() throws Exception {
    List<String> rows =
        templates(
            """
            Jan  9 08:00:01 gw-2 kernel: [    3.100200] usb 1-1: USB disconnect, device number 2
            Jan  9 08:10:01 gw-2 kernel: [  603.000017] usb 1-2: USB disconnect, device number 7
            Jan  9 09:00:01 gw-2 kernel: [ 3603.090000] usb 2-1: USB disconnect, device number 12
            Jan 10 08:00:01 gw-2 kernel: [86403.000001] usb 1-1: USB disconnect, device number 3
            Jan 21 08:00:01 gw-2 kernel: [1036803.000001] usb 1-4: USB disconnect, device number 9
            """);

    assertThat(rows)
        .as("the stamp's padding changes its token count; it is a header, not the message's")
        .extracting(row -> row.substring(0, row.indexOf(',')))
        .containsOnly("1");
  }

  @Test
  void leavesBracketedNumbersThatAreNotAnUptimeInTheMessage() {
    assertThat(detector.detect("Jan  9 08:00:01 gw-2 app[7]: [1.5] retrying").content())
        .isEqualTo("[1.5] retrying");
    assertThat(detector.detect("Jan  9 08:00:01 gw-2 app[7]: [ 12.34567] retrying").content())
        .as("printk writes six digits of microseconds")
        .isEqualTo("[ 12.34567] retrying");
  }

  @Test
  void readsAWirePriorityBeforeATraditionalSyslogHeader() {
    LineHeader header =
        detector.detect("<27>Jan  9 08:00:01 gw-2 dhclient[555]: DHCPREQUEST on eth0 to 10.0.0.1");

    assertThat(header.timestamp()).isEqualTo("Jan  9 08:00:01");
    assertThat(header.level()).as("severity 27 % 8 = 3, error").isEqualTo(LogLevel.ERROR);
    assertThat(header.component()).isEqualTo("dhclient");
    assertThat(header.content()).isEqualTo("DHCPREQUEST on eth0 to 10.0.0.1");
    assertThat(detector.detect("<30>2026-01-09T08:00:01+01:00 gw-2 ntpd[9]: synced").content())
        .isEqualTo("synced");
  }

  @Test
  void leavesAngleBracketsThatAreNotAPriorityAlone() {
    assertThat(detector.detect("<11>1 2024-05-01T10:00:00Z web-1 billing 991 ID7 - declined"))
        .as("RFC 5424 keeps its own reader")
        .isEqualTo(new LineHeader("2024-05-01T10:00:00Z", LogLevel.ERROR, "billing", "declined"));
    assertThat(detector.detect("<-3>Jan  9 08:00:01 gw-2 x[1]: y").level())
        .isEqualTo(LogLevel.UNKNOWN);
    assertThat(detector.detect("<-5>1 2024-05-01T10:00:00Z web-1 billing 991 ID7 - declined"))
        .as("a signed number is no RFC 5424 priority (it was read as severity -5 and threw)")
        .isEqualTo(LineHeader.none("<-5>1 2024-05-01T10:00:00Z web-1 billing 991 ID7 - declined"));
    assertThat(detector.detect("<br> is not a priority").content())
        .isEqualTo("<br> is not a priority");
    assertThat(detector.detect("<200>Jan  9 08:00:01 gw-2 x[1]: y").level())
        .as("above 191 is no priority")
        .isEqualTo(LogLevel.UNKNOWN);
  }
}
