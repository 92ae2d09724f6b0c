package dev.oats.server;

import dev.oats.config.ServerConfig;
import dev.oats.store.SharedSecrets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys that may call the server. From {@code OATS_API_KEYS}, or from the keys file; when
 * neither has any, the first start makes one, prints it once, and keeps it in the file, readable by
 * its owner only. Keys are compared as SHA-256 digests in constant time.
 *
 * <p>A key may carry a name, written {@code name=key}: decisions on approvals record who made them
 * by that name. A key without one is named by the start of its digest ({@code key-1a2b3c4d}), which
 * tells keys apart without revealing them.
 */
public final class ApiKeys {

  private record Known(String name, byte[] digest) {}

  private final List<Known> keys;

  private ApiKeys(List<Known> keys) {
    this.keys = keys;
  }

  private static ApiKeys fromEntries(List<String> entries) {
    return new ApiKeys(entries.stream().map(ApiKeys::known).toList());
  }

  /** A base64 (or base64url) key and its padding, a whole number of 4-character groups. */
  private static final Pattern PADDED_BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={1,2}");

  /** As wide as the columns that record a key's name (started_by, decided_by, submit_keys). */
  static final int MAX_NAME_CHARS = 200;

  /**
   * One entry, {@code key} or {@code name=key}. An entry that is base64 with its padding (a whole
   * number of 4-character groups ending in {@code =}) is a key, not a name: split at the first
   * {@code =}, {@code Zm9vYmFy...Ng==} made the key's own text (all but its padding) the name every
   * investigation and decision then showed, and {@code "="} the key, which anyone could send.
   *
   * @throws IllegalArgumentException for a named entry with no key, or a name too long to record
   */
  private static Known known(String entry) {
    int equals = entry.indexOf('=');
    boolean padded = entry.length() % 4 == 0 && PADDED_BASE64.matcher(entry).matches();
    boolean named = equals > 0 && !padded;
    String name = named ? entry.substring(0, equals).strip() : null;
    String key = named ? entry.substring(equals + 1).strip() : entry;
    if (named && key.isEmpty()) {
      throw new IllegalArgumentException(
          "The API key named '%s' is empty: write name=key, or the key alone.".formatted(name));
    }
    if (name != null && name.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException(
          ("An API key's name (before its '=') is %,d characters; the limit is %d, the width OATS"
                  + " records it in. A key with '=' inside it needs a name in front: name=key.")
              .formatted(name.length(), MAX_NAME_CHARS));
    }
    String digest = InvestigationService.sha256(key);
    return new Known(
        name != null && !name.isEmpty() ? name : "key-" + digest.substring(0, 8),
        digest.getBytes(StandardCharsets.US_ASCII));
  }

  public static ApiKeys of(List<String> keys) {
    return fromEntries(keys);
  }

  /** Loads the keys the configuration names, generating the first one when there is none. */
  public static ApiKeys load(ServerConfig config, PrintStream announce) throws IOException {
    if (config.apiKeys() != null && !config.apiKeys().isBlank()) {
      return fromEntries(split(config.apiKeys()));
    }
    Path file = config.apiKeysFile();
    if (Files.exists(file)) {
      List<String> keys =
          Files.readAllLines(file).stream()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .toList();
      if (!keys.isEmpty()) {
        announce.printf(
            "API keys: %d in %s (no OATS_API_KEYS set); show them with: cat %s%n",
            keys.size(), file.toAbsolutePath(), file.toAbsolutePath());
        return fromEntries(keys);
      }
    }
    String key = generate();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
    }
    announce.printf(
        "%nNo API key was configured, so OATS made one and keeps it in %s"
            + " (show it again with: cat %s).%n  X-API-Key: %s%n%n",
        file.toAbsolutePath(), file.toAbsolutePath(), key);
    return fromEntries(List.of(key));
  }

  /**
   * Loads the keys of a server that may have replicas on the same database: from {@code
   * OATS_API_KEYS}, or a keys file that exists (mounted from a Secret, the same on every replica),
   * or else the keys stored in the database. A file is never generated here, since each replica
   * would make its own: when the database has no key either, one replica makes one, stores its
   * digest and prints it once; the others, starting at the same time, use that one.
   */
  public static ApiKeys load(ServerConfig config, PrintStream announce, SharedSecrets shared)
      throws IOException {
    if (config.apiKeys() != null && !config.apiKeys().isBlank()) {
      return fromEntries(split(config.apiKeys()));
    }
    Path file = config.apiKeysFile();
    if (Files.exists(file)) {
      List<String> keys = readKeys(file);
      if (!keys.isEmpty()) {
        return fromEntries(keys);
      }
    }
    List<SharedSecrets.StoredKey> stored = shared.apiKeys();
    if (stored.isEmpty()) {
      String key = generate();
      String digest = InvestigationService.sha256(key);
      if (shared.storeFirstKey(
          new SharedSecrets.StoredKey("key-" + digest.substring(0, 8), digest))) {
        announce.printf(
            "%nNo API key was configured, so OATS made one. It is shown only now; the database"
                + " keeps only its SHA-256 digest, and every replica accepts it.%n  X-API-Key:"
                + " %s%n%n",
            key);
      }
      stored = shared.apiKeys();
    }
    return new ApiKeys(
        stored.stream()
            .map(k -> new Known(k.name(), k.sha256().getBytes(StandardCharsets.US_ASCII)))
            .toList());
  }

  private static List<String> readKeys(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static List<String> split(String keys) {
    return Arrays.stream(keys.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
  }

  private static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "oats_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether the presented key is one of ours; every key is compared, so timing tells nothing. */
  public boolean accepts(String presented) {
    return nameOf(presented).isPresent();
  }

  /** The name of the presented key, when it is one of ours. */
  public Optional<String> nameOf(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] candidate = digest(presented);
    String name = null;
    for (Known known : keys) {
      if (MessageDigest.isEqual(known.digest(), candidate) && name == null) {
        name = known.name();
      }
    }
    return Optional.ofNullable(name);
  }

  private static byte[] digest(String key) {
    return InvestigationService.sha256(key).getBytes(StandardCharsets.US_ASCII);
  }
}
