package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLevelTest {

  @Test
  void readsEveryNameAndAliasInAnyAsciiCase() {
    String[][] cases = {
      {"TRACE", "TRACE"},
      {"finest", "TRACE"},
      {"Finer", "TRACE"},
      {"DEBUG", "DEBUG"},
      {"dbg", "DEBUG"},
      {"Fine", "DEBUG"},
      {"VERBOSE", "DEBUG"},
      {"INFO", "INFO"},
      {"inf", "INFO"},
      {"Information", "INFO"},
      {"CONFIG", "INFO"},
      {"log", "INFO"},
      {"Notice", "NOTICE"},
      {"WARN", "WARN"},
      {"warning", "WARN"},
      {"WRN", "WARN"},
      {"ERROR", "ERROR"},
      {"err", "ERROR"},
      {"SEVERE", "ERROR"},
      {"crit", "ERROR"},
      {"Critical", "ERROR"},
      {"ALERT", "ERROR"},
      {"FATAL", "FATAL"},
      {"emerg", "FATAL"},
      {"Emergency", "FATAL"},
      {"PANIC", "FATAL"},
    };
    for (String[] c : cases) {
      assertThat(LogLevel.parse(c[0])).as(c[0]).isEqualTo(LogLevel.valueOf(c[1]));
    }
  }

  @Test
  void readsAWordInsideALineAndRejectsNearMisses() {
    String line = "12:00:00 WARNING [main] INFOS Errors WAR ERRORS";
    assertThat(LogLevel.parse(line, 9, 16)).isEqualTo(LogLevel.WARN);
    assertThat(LogLevel.parse(line, 9, 13)).isEqualTo(LogLevel.WARN);
    assertThat(LogLevel.parse(line, 24, 29)).isNull();
    assertThat(LogLevel.parse(line, 30, 36)).isNull();
    assertThat(LogLevel.parse(line, 37, 40)).isNull();
    assertThat(LogLevel.parse(line, 41, 47)).isNull();
    assertThat(LogLevel.parse(line, 41, 46)).isEqualTo(LogLevel.ERROR);
    assertThat(LogLevel.parse("WA")).isNull();
    assertThat(LogLevel.parse("INFORMATIONS")).isNull();
    // Only ASCII letters change case: a dotless capital I is not an I.
    assertThat(LogLevel.parse("\u0130NFO")).isNull();
    assertThat(LogLevel.parse((String) null)).isNull();
  }
}
