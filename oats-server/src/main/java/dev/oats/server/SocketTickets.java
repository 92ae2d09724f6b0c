package dev.oats.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived, single-use tickets that open a WebSocket. A browser cannot set headers on a
 * WebSocket, and the API key must not travel in a URL (it would end up in access logs and history),
 * so the page trades its key for a ticket through an authenticated call and puts that in the URL
 * instead. A ticket authorises nothing but one WebSocket upgrade within its lifetime, to the one
 * investigation it names (if it names one).
 *
 * <p>A ticket is signed (HMAC-SHA256) with a key every replica shares, and says itself what it
 * allows: a random nonce, its expiry, the name of the API key that asked for it, and the
 * investigation. So any replica can check a ticket another issued, without asking it; a changed
 * byte, an expired ticket or one signed with another key is refused. That it is used once is
 * recorded by {@link Uses}: in the database when replicas share one.
 */
public final class SocketTickets {

  /** How long a ticket may wait before it is used. */
  public static final Duration LIFETIME = Duration.ofSeconds(60);

  /** The shortest secret accepted for signing: 256 bits of base64 or hex are longer. */
  public static final int MINIMUM_SECRET_LENGTH = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
  private static final String VERSION = "t1";

  /** Where the uses of tickets are recorded, so each opens one socket only. */
  public interface Uses {
    /** Records the use; false when the nonce was used before. */
    boolean first(String nonce, Instant expiresAt, Instant now);
  }

  /** What a valid ticket allows. */
  public record Ticket(String keyName, String investigationId, Instant expiresAt) {
    /** Whether it opens the stream of this investigation. */
    public boolean opens(String id) {
      return investigationId.isEmpty() || investigationId.equals(id);
    }
  }

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final SecretKeySpec key;
  private final Uses uses;

  /**
   * Tickets signed with {@code secret}, their uses recorded by {@code uses}.
   *
   * @throws IllegalArgumentException when the secret is shorter than {@link #MINIMUM_SECRET_LENGTH}
   */
  public SocketTickets(Clock clock, String secret, Uses uses) {
    if (secret == null || secret.length() < MINIMUM_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "the ticket secret must be at least " + MINIMUM_SECRET_LENGTH + " characters long");
    }
    this.clock = clock;
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.uses = uses;
  }

  /** Tickets of this process alone: a random key, uses remembered in memory. */
  public SocketTickets(Clock clock) {
    this(clock, newSecret(), new InMemoryUses());
  }

  /** A new random secret, as kept in the database when none is configured. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return ENCODE.encodeToString(bytes);
  }

  /** A new ticket for any investigation, valid for {@link #LIFETIME}. */
  public String issue() {
    return issue("", "");
  }

  /**
   * A new ticket, valid for {@link #LIFETIME}.
   *
   * @param keyName the name of the API key that asked for it
   * @param investigationId the investigation it opens, or empty for any
   */
  public String issue(String keyName, String investigationId) {
    byte[] nonce = new byte[18];
    random.nextBytes(nonce);
    long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
    String payload =
        String.join(
            ".",
            VERSION,
            ENCODE.encodeToString(nonce),
            Long.toString(expiry),
            field(keyName),
            field(investigationId));
    return payload + "." + ENCODE.encodeToString(sign(payload));
  }

  /** Whether the ticket is valid and unused; either way it cannot be used again. */
  public boolean redeem(String ticket) {
    return redeem(ticket, null).isPresent();
  }

  /**
   * What the ticket allows, when it is signed with our key, unexpired, unused, and opens {@code
   * investigationId} (any, when null); either way it cannot be used again.
   */
  public Optional<Ticket> redeem(String ticket, String investigationId) {
    if (ticket == null || ticket.isEmpty() || ticket.length() > 1_000) {
      return Optional.empty();
    }
    int lastDot = ticket.lastIndexOf('.');
    if (lastDot <= 0) {
      return Optional.empty();
    }
    String payload = ticket.substring(0, lastDot);
    // Compared as text: a decoder ignores the spare bits of the last character, text does not.
    byte[] presented = ticket.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = ENCODE.encode(sign(payload));
    if (!MessageDigest.isEqual(expected, presented)) {
      return Optional.empty();
    }
    String[] fields = payload.split("\\.", -1);
    if (fields.length != 5 || !fields[0].equals(VERSION)) {
      return Optional.empty();
    }
    Instant expiresAt;
    Ticket allowed;
    try {
      expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[2]));
      allowed = new Ticket(text(fields[3]), text(fields[4]), expiresAt);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(expiresAt)
        || (investigationId != null && !allowed.opens(investigationId))
        || !uses.first(fields[1], expiresAt, now)) {
      return Optional.empty();
    }
    return Optional.of(allowed);
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String field(String value) {
    return ENCODE.encodeToString((value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
  }

  private static String text(String field) {
    return new String(DECODE.decode(field), StandardCharsets.UTF_8);
  }

  /** Uses remembered by this process, swept of expired tickets as it goes. */
  public static final class InMemoryUses implements Uses {

    /** Beyond this many remembered uses, expired ones are swept on the next use. */
    private static final int SWEEP_ABOVE = 1_000;

    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    @Override
    public boolean first(String nonce, Instant expiresAt, Instant now) {
      if (used.size() > SWEEP_ABOVE) {
        used.values().removeIf(expiry -> !now.isBefore(expiry));
      }
      return used.putIfAbsent(nonce, expiresAt) == null;
    }

    /** Uses remembered right now. */
    int remembered() {
      return used.size();
    }
  }
}
