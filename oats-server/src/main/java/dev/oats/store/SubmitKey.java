package dev.oats.store;

import java.util.Objects;

/**
 * The {@code Idempotency-Key} a caller sent with a submit: who sent it (the API key's name, {@code
 * ""} when the server has no keys), the key, and a digest of what the submit asked for, which tells
 * a retry (the same digest) from another request under a reused key.
 */
public record SubmitKey(String caller, String key, String requestDigest) {

  public SubmitKey {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(requestDigest, "requestDigest");
  }

  /** The same caller and key for another request. */
  public SubmitKey withDigest(String digest) {
    return new SubmitKey(caller, key, digest);
  }
}
