package dev.oats.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.model.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each {@code with…} copy changes what it names and keeps every other field. */
class InvestigationRecordTest {

  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

  private static final InvestigationRecord FULL =
      new InvestigationRecord(
          "6f1c2a4e-0000-4000-8000-000000000001",
          "why is checkout-api crash-looping?",
          "shop",
          InvestigationStatus.WAITING_FOR_APPROVAL,
          "local",
          "oats-agent-run-6f1c2a4e",
          T0,
          T0.plusSeconds(2),
          T0.plusSeconds(95),
          7,
          15,
          new Usage(12_345, 2_345, 100_000, 4_000),
          "claude-sonnet-4-5",
          "## Root cause",
          "none, it worked");

  @Test
  void withIdChangesOnlyTheId() {
    assertThat(FULL.withId("other"))
        .usingRecursiveComparison()
        .ignoringFields("id")
        .isEqualTo(FULL);
    assertThat(FULL.withId("other").id()).isEqualTo("other");
  }

  @Test
  void withJobNameChangesOnlyTheJobName() {
    assertThat(FULL.withJobName("oats-agent-run-6f1c2a4e-2"))
        .usingRecursiveComparison()
        .ignoringFields("jobName")
        .isEqualTo(FULL);
    assertThat(FULL.withJobName("oats-agent-run-6f1c2a4e-2").jobName())
        .isEqualTo("oats-agent-run-6f1c2a4e-2");
  }

  @Test
  void runningSetsTheStatusTheRunnerTheJobAndTheStartAndKeepsTheRest() {
    InvestigationRecord running = FULL.running("kubernetes", "oats-agent-run-x", T0.plusSeconds(9));

    assertThat(running)
        .usingRecursiveComparison()
        .ignoringFields("status", "runner", "jobName", "startedAt")
        .isEqualTo(FULL);
    assertThat(running.status()).isEqualTo(InvestigationStatus.RUNNING);
    assertThat(running.runner()).isEqualTo("kubernetes");
    assertThat(running.jobName()).isEqualTo("oats-agent-run-x");
    assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(9));
  }
}
