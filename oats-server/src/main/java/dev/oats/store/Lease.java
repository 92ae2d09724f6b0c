package dev.oats.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A replica's claim on the investigations it runs: which replica holds them and until when. The
 * owner renews its leases while it lives; once one has expired, any replica may recover the
 * investigation.
 *
 * @param owner the replica's id
 * @param expiresAt when the claim runs out unless renewed
 */
public record Lease(String owner, Instant expiresAt) {

  public Lease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * An investigation whose lease a recovering replica has just taken over.
   *
   * @param lostOwner the replica that held it and stopped renewing, or null when it had no lease
   * @param expiredAt when that lease ran out, or null
   */
  public record Expired(InvestigationRecord investigation, String lostOwner, Instant expiredAt) {}
}
