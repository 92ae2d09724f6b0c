package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tool's output is redacted before the loop goes on, so what it costs to redact is what a crafted
 * output (a file the model reads, a pod's log) can make every turn wait for. The known-secret
 * search decodes escapes and looked for each {@code &#}'s closing {@code ;} to the end of the text:
 * a megabyte of {@code &#x} cost seconds of CPU (the square of its length), against milliseconds
 * for a megabyte of log lines.
 */
class EscapeScanTimeAttackTest {

  private static final int SIZE = 1 << 20;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Redactor redactor =
      Redactor.withKnownSecrets(
          List.of("sk-ant-api03-" + "Q".repeat(40), "evt-token-9f8e7d6c5b4a"));

  @Test
  void aTextOfUnclosedEntitiesCostsWhatOrdinaryTextOfItsLengthCosts() {
    String ordinary =
        fill("2026-12-07T10:00:00Z INFO checkout-api GET /cart?a=1&amp;b=2 took 12ms status=200\n");
    String hostile = fill("&#x");
    long ordinaryCpu = Long.MAX_VALUE;
    long hostileCpu = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      ordinaryCpu = Math.min(ordinaryCpu, cpuNanos(ordinary));
      hostileCpu = Math.min(hostileCpu, cpuNanos(hostile));
    }
    // Linear in both; the floor keeps a very fast ordinary run from making the bound too tight.
    assertThat(hostileCpu / 1_000_000)
        .as("thread CPU ms for 1 MiB of '&#x' (1 MiB of log lines: %d ms)", ordinaryCpu / 1_000_000)
        .isLessThan(Math.max(ordinaryCpu / 1_000_000, 20) * 20);
  }

  @Test
  void anEntityEscapedKnownSecretAmongUnclosedEntitiesIsStillFound() {
    StringBuilder escaped = new StringBuilder();
    for (char c : "evt-token-9f8e7d6c5b4a".toCharArray()) {
      escaped.append("&#x").append(Integer.toHexString(c)).append(';');
    }
    String text = "&#x".repeat(1000) + " user " + escaped + " " + "&#x".repeat(1000);
    assertThat(redactor.redact(text)).doesNotContain(escaped);
  }

  private long cpuNanos(String text) {
    long start = THREADS.getCurrentThreadCpuTime();
    redactor.redact(text);
    return THREADS.getCurrentThreadCpuTime() - start;
  }

  private static String fill(String unit) {
    return unit.repeat(SIZE / unit.length());
  }
}
