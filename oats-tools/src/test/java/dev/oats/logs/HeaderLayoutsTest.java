package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of header layouts: every timestamp of a systematic catalogue (date orders,
 * separators, month names, with and without year, two-digit years, fractions, zones, epochs, a time
 * alone) in every arrangement of the fields that surround it (a level, pid, thread, host or program
 * before or after it, bracketed or not), followed by a message. The detector must strip each header
 * whole: a field left in the message makes every line of an unseen format unique.
 *
 * <p>Left out on purpose: times written with dots ({@code 10.00.00}, read as a version or an
 * address) and timestamps in parentheses; no format seen in practice prints them before its
 * message.
 */
class HeaderLayoutsTest {

  private static final String[] DATES = {
    // year, month, day
    "2024-05-01",
    "2024/05/01",
    "2024.05.01",
    "20240501",
    "24-05-01",
    "24/05/01",
    // day, month, year and month, day, year
    "01-05-2024",
    "01/05/2024",
    "01.05.2024",
    "05/01/2024",
    "01/05/24",
    "05/01/24",
    "01.05.24",
    // month names
    "01-May-2024",
    "01/May/2024",
    "2024-May-01",
    "May 01 2024",
    "May  1 2024",
    "01 May 2024",
    "Wed, 01 May 2024",
    "May 1, 2024",
    "Wednesday, May 1, 2024",
    // without a year
    "May 01",
    "May  1",
    "Wed May 01",
    "Wed May  1",
    "05-01",
    "05/01",
    "05.01",
  };

  private static final String[] TIMES = {
    "10:00:00",
    "10:00",
    "10:00:00.123",
    "10:00:00,123",
    "10:00:00:123",
    "10:00:00.123456",
    "10:00:00.123456789",
    "10:00:00Z",
    "10:00:00+0200",
    "10:00:00.123-07:00",
    "10:00:00 +02:00",
    "10:00:00.123 UTC",
    "10:00:00 GMT",
  };

  /** What joins a date to its time. */
  private static final String[] JOINS = {" ", "T", "-", "_", ":"};

  /** Timestamps that are not a date and a time. */
  private static final String[] OTHER_TIMESTAMPS = {
    "1714557600",
    "1714557600123",
    "1714557600.123",
    "1714557600.123456",
    "10:00:00",
    "10:00:00.123",
    "10:00:00,123",
  };

  /** Where the header's fields stand around the timestamp {@code %T}. */
  private static final String[] LAYOUTS = {
    "%T %M",
    "[%T] %M",
    "%T: %M",
    // a level after the time
    "%T INFO %M",
    "%T [INFO] %M",
    "[%T] [INFO] %M",
    "[%T] INFO %M",
    "%T <info> %M",
    "%T ERROR: %M",
    "%T - INFO - %M",
    "%T | INFO | %M",
    "%T I %M",
    "%T W %M",
    "%T * %M",
    "%T # %M",
    // a level before the time
    "INFO %T %M",
    "[INFO] %T %M",
    // a pid or thread after the time, with or without a level
    "%T 4242 INFO %M",
    "%T [4242] %M",
    "%T [main] %M",
    "%T [main] INFO %M",
    "%T INFO [main] %M",
    "%T 1702 2395 D WindowManager: %M",
    // a host or program before or after the time
    "web-3 %T %M",
    "web-3 %T INFO %M",
    "[main] %T %M",
    "4242 %T %M",
    "%T web-3 app[42]: %M",
    "%T app[42]: %M",
    "%T web-3 INFO %M",
  };

  private static final String[] MESSAGES = {
    "Connection closed by peer", "worker pool resized to 8"
  };

  private final HeaderDetector detector = new HeaderDetector();

  static List<String> timestamps() {
    List<String> timestamps = new ArrayList<>();
    for (String date : DATES) {
      for (String time : TIMES) {
        for (String join : JOINS) {
          boolean spelled = date.indexOf(' ') >= 0;
          boolean endsInDigit = Character.isDigit(date.charAt(date.length() - 1));
          if ((spelled && !join.equals(" ")) || (join.equals("T") && !endsInDigit)) {
            continue;
          }
          timestamps.add(date + join + time);
        }
      }
    }
    timestamps.addAll(List.of(OTHER_TIMESTAMPS));
    return timestamps;
  }

  @Test
  void stripsEveryHeaderOfTheCatalogueWhole() {
    List<String> missed = new ArrayList<>();
    int lines = 0;
    for (String layout : LAYOUTS) {
      for (String timestamp : timestamps()) {
        for (String message : MESSAGES) {
          String line = layout.replace("%T", timestamp).replace("%M", message);
          LineHeader header = detector.detect(line);
          lines++;
          if (!header.content().equals(message) || header.timestamp() == null) {
            missed.add(line + "  ->  " + header.timestamp() + " | " + header.content());
          }
        }
      }
    }

    assertThat(lines).isGreaterThan(20_000);
    assertThat(missed).as("headers not stripped whole, of %d lines", lines).isEmpty();
  }
}
