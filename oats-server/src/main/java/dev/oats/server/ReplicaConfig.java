package dev.oats.server;

import dev.oats.config.ConfigException;
import dev.oats.config.ConfigValue;
import dev.oats.config.OatsConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How this server works beside other replicas on one database.
 *
 * @param id this process's name in leases ({@code OATS_REPLICA_ID}, else the host name and a random
 *     suffix): a restarted replica is a new owner, so the leases its previous process held expire
 *     and are recovered like any other replica's
 * @param tick how often this replica looks for pending work, expired leases and due timers ({@code
 *     OATS_DISPATCH_TICK_MILLIS})
 * @param lease how long a claim on a running investigation lasts unless renewed ({@code
 *     OATS_LEASE_SECONDS}); the owner renews at a third of it
 * @param sharedStore whether other processes can use the database (PostgreSQL); an H2 file is
 *     opened by one process only, so at start every lease in it belongs to a process that is gone
 */
public record ReplicaConfig(String id, Duration tick, Duration lease, boolean sharedStore) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,150}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * @throws ConfigException with the variable's name when a value is out of range
   */
  public static ReplicaConfig from(
      OatsConfig config, Map<String, String> environment, boolean sharedStore) {
    Map<String, ConfigValue> values = config.values();
    String id = text(values, "OATS_REPLICA_ID");
    if (id == null) {
      id = hostName(environment) + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
    } else if (!ID.matcher(id).matches()) {
      throw new ConfigException(
          "OATS_REPLICA_ID must be up to 151 letters, digits, '.', '_', ':' or '-', not '"
              + id
              + "'");
    }
    long tickMillis = number(values, "OATS_DISPATCH_TICK_MILLIS", 500, 20, 60_000);
    long leaseSeconds = number(values, "OATS_LEASE_SECONDS", 15, 2, 3_600);
    Duration tick = Duration.ofMillis(tickMillis);
    Duration lease = Duration.ofSeconds(leaseSeconds);
    if (tick.multipliedBy(3).compareTo(lease) > 0) {
      throw new ConfigException(
          "OATS_DISPATCH_TICK_MILLIS (%d) must be at most a third of OATS_LEASE_SECONDS (%d s), or leases would expire between renewals"
              .formatted(tickMillis, leaseSeconds));
    }
    return new ReplicaConfig(id, tick, lease, sharedStore);
  }

  /** How often the owner renews its leases: three renewals fit in one lease. */
  public Duration renewEvery() {
    return lease.dividedBy(3);
  }

  private static String hostName(Map<String, String> environment) {
    String pod = environment.get("HOSTNAME");
    if (pod != null && !pod.isBlank() && ID.matcher(pod.strip()).matches()) {
      return pod.strip();
    }
    try {
      String host = InetAddress.getLocalHost().getHostName();
      return ID.matcher(host).matches() ? host : "oats";
    } catch (UnknownHostException e) {
      return "oats";
    }
  }

  private static String text(Map<String, ConfigValue> values, String variable) {
    ConfigValue value = values.get(variable);
    return value == null || value.value() == null || value.value().isBlank()
        ? null
        : value.value().strip();
  }

  private static long number(
      Map<String, ConfigValue> values, String variable, long fallback, long min, long max) {
    String raw = text(values, variable);
    if (raw == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new ConfigException(variable + " must be a whole number, not '" + raw + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(
          "%s must be from %d to %d, not %d".formatted(variable, min, max, value));
    }
    return value;
  }
}
