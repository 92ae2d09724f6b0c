package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StackTracesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\tat org.example.Db.acquire(Db.java:42)",
        "    at java.base/java.lang.Thread.run(Thread.java:1583)",
        "Caused by: java.net.SocketTimeoutException: Read timed out",
        "... 23 more",
        "java.lang.IllegalStateException: pool exhausted",
        "java.lang.OutOfMemoryError",
        "Traceback (most recent call last):",
        "  File \"/app/job.py\", line 12, in run",
        "ValueError: invalid literal for int()",
        "goroutine 1 [running]:",
        "\t/usr/local/go/src/runtime/panic.go:884 +0x213"
      })
  void recognisesTheLinesOfJavaPythonAndGoTraces(String line) {
    assertThat(StackTraces.looksLikeContinuation(line)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Error: connection refused",
        "Exception handling is enabled",
        "request failed after 3 retries",
        "2024-05-01 10:00:00 ERROR boom",
        "",
        "   "
      })
  void leavesOrdinaryMessagesAlone(String line) {
    assertThat(StackTraces.looksLikeContinuation(line)).isFalse();
  }
}
