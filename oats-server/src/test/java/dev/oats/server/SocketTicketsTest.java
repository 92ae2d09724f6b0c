package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketTicketsTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-25T01:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final SocketTickets tickets = new SocketTickets(clock);

  @Test
  void aTicketOpensOneSocketOnly() {
    String ticket = tickets.issue();

    assertThat(tickets.redeem(ticket)).isTrue();
    assertThat(tickets.redeem(ticket)).isFalse();
  }

  @Test
  void aTicketExpiresAfterAMinute() {
    String fresh = tickets.issue();
    String stale = tickets.issue();

    clock.advance(Duration.ofSeconds(59));
    assertThat(tickets.redeem(fresh)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tickets.redeem(stale)).isFalse();
  }

  @Test
  void unknownOrEmptyTicketsAreRefused() {
    tickets.issue();

    assertThat(tickets.redeem("made-up")).isFalse();
    assertThat(tickets.redeem("")).isFalse();
    assertThat(tickets.redeem(null)).isFalse();
  }

  @Test
  void ticketsAreUnguessableAndUrlSafe() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String ticket = tickets.issue();
      assertThat(ticket).hasSize(43).matches("[A-Za-z0-9_-]+");
      seen.add(ticket);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void expiredTicketsThatWereNeverUsedAreSwept() {
    for (int i = 0; i < 1_001; i++) {
      tickets.issue();
    }
    clock.advance(SocketTickets.LIFETIME);

    String last = tickets.issue();

    assertThat(tickets.outstanding()).isEqualTo(1);
    assertThat(tickets.redeem(last)).isTrue();
  }
}
