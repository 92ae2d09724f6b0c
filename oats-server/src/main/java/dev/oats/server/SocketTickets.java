package dev.oats.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use tickets that open a WebSocket. A browser cannot set headers on a
 * WebSocket, and the API key must not travel in a URL (it would end up in access logs and history),
 * so the page trades its key for a ticket through an authenticated call and puts that in the URL
 * instead. A ticket authorises nothing but one WebSocket upgrade within its lifetime.
 */
public final class SocketTickets {

  /** How long a ticket may wait before it is used. */
  public static final Duration LIFETIME = Duration.ofSeconds(60);

  /** Beyond this many outstanding tickets, expired ones are swept on the next issue. */
  private static final int SWEEP_ABOVE = 1_000;

  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  public SocketTickets(Clock clock) {
    this.clock = clock;
  }

  /** A new ticket, valid for {@link #LIFETIME}. */
  public String issue() {
    if (expiries.size() > SWEEP_ABOVE) {
      sweep();
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    expiries.put(ticket, clock.instant().plus(LIFETIME));
    return ticket;
  }

  /** Whether the ticket was issued here and has not expired; either way it cannot be used again. */
  public boolean redeem(String ticket) {
    if (ticket == null || ticket.isEmpty()) {
      return false;
    }
    Instant expiry = expiries.remove(ticket);
    return expiry != null && clock.instant().isBefore(expiry);
  }

  /** Tickets issued and neither used nor swept. */
  int outstanding() {
    return expiries.size();
  }

  private void sweep() {
    Instant now = clock.instant();
    expiries.values().removeIf(expiry -> !now.isBefore(expiry));
  }
}
