package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketTicketsTest {

  private static final String SECRET = "a-shared-secret-of-at-least-32-chars!";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T01:00:00Z"));
  private final SocketTickets.InMemoryUses uses = new SocketTickets.InMemoryUses();
  private final SocketTickets tickets = new SocketTickets(clock, SECRET, uses);

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
    assertThat(tickets.redeem("a.b")).isFalse();
    assertThat(tickets.redeem("")).isFalse();
    assertThat(tickets.redeem(null)).isFalse();
  }

  @Test
  void ticketsAreUnguessableAndUrlSafe() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String ticket = tickets.issue("alice", "0b7c7a4e-2f4e-4a55-9c1f-6a3b7e0f9d21");
      assertThat(ticket).matches("[A-Za-z0-9_.-]+").hasSizeLessThan(200);
      seen.add(ticket);
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void aTicketIssuedByOneReplicaOpensASocketOnAnotherThatSharesTheSecret() {
    SocketTickets otherReplica = new SocketTickets(clock, SECRET, uses);
    String ticket = tickets.issue("alice", "inv-1");

    assertThat(otherReplica.redeem(ticket, "inv-1"))
        .hasValueSatisfying(
            allowed -> {
              assertThat(allowed.keyName()).isEqualTo("alice");
              assertThat(allowed.investigationId()).isEqualTo("inv-1");
            });
    assertThat(tickets.redeem(ticket, "inv-1")).as("used on the other replica").isEmpty();
  }

  @Test
  void aTicketSignedWithAnotherSecretIsRefused() {
    SocketTickets stranger =
        new SocketTickets(clock, "another-secret-of-at-least-32-chars!!", uses);

    assertThat(tickets.redeem(stranger.issue("alice", "inv-1"), "inv-1")).isEmpty();
  }

  @Test
  void aChangedByteAnywhereInTheTicketIsRefused() {
    String ticket = tickets.issue("alice", "inv-1");
    String[] parts = ticket.split("\\.");
    // Another investigation, another key name, a later expiry, another signature: each refused.
    String otherInvestigation =
        ticket.replace(
            parts[4],
            java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("inv-2".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String otherKey =
        ticket.replace(
            parts[3],
            java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("root".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String later =
        ticket.replace("." + parts[2] + ".", "." + (Long.parseLong(parts[2]) + 3600) + ".");

    assertThat(tickets.redeem(otherInvestigation, "inv-2")).isEmpty();
    assertThat(tickets.redeem(otherKey, "inv-1")).isEmpty();
    assertThat(tickets.redeem(later, "inv-1")).isEmpty();
    for (int i = 0; i < ticket.length(); i++) {
      char flipped = ticket.charAt(i) == 'A' ? 'B' : 'A';
      String tampered = ticket.substring(0, i) + flipped + ticket.substring(i + 1);
      assertThat(tickets.redeem(tampered, "inv-1")).as("byte %d changed", i).isEmpty();
    }
    assertThat(tickets.redeem(ticket, "inv-1")).as("the original still works").isPresent();
  }

  @Test
  void aTicketForOneInvestigationDoesNotOpenAnother() {
    String ticket = tickets.issue("alice", "inv-1");

    assertThat(tickets.redeem(ticket, "inv-2")).isEmpty();
    assertThat(tickets.redeem(tickets.issue(), "inv-2")).as("a ticket for any").isPresent();
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new SocketTickets(clock, "short", uses))
        .hasMessageContaining("at least 32 characters");
  }

  @Test
  void expiredUsesAreSwept() {
    for (int i = 0; i < 1_001; i++) {
      assertThat(tickets.redeem(tickets.issue())).isTrue();
    }
    clock.advance(SocketTickets.LIFETIME);

    assertThat(tickets.redeem(tickets.issue())).isTrue();

    assertThat(uses.remembered()).isEqualTo(1);
  }
}
