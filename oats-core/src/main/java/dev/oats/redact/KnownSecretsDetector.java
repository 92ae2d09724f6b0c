package dev.oats.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds exact occurrences of values the redactor was told are secret, such as the API keys OATS
 * reads from its environment. These catch what no pattern can: a password with no telling key next
 * to it, a vendor key in a format we do not know.
 */
final class KnownSecretsDetector implements Detector {

  /** Shorter values would match ordinary words and numbers and mangle the text. */
  static final int MIN_LENGTH = 8;

  private final List<String> needles;

  private KnownSecretsDetector(List<String> needles) {
    this.needles = needles;
  }

  /**
   * Values are stripped of surrounding whitespace (a value read from a file or an environment
   * variable often ends with a newline) and kept when at least {@link #MIN_LENGTH} characters long.
   * Each value is also searched in its base64 form, which is how it appears in the {@code data} of
   * a Kubernetes Secret or a ConfigMap.
   */
  static KnownSecretsDetector of(Collection<String> values) {
    Set<String> needles = new LinkedHashSet<>();
    values.stream()
        .filter(Objects::nonNull)
        .map(String::strip)
        .filter(value -> value.length() >= MIN_LENGTH)
        .forEach(
            value -> {
              needles.add(value);
              needles.add(
                  Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            });
    // Longest first, so that when one value contains another the marker covers the whole of it.
    return new KnownSecretsDetector(
        needles.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
  }

  boolean isEmpty() {
    return needles.isEmpty();
  }

  @Override
  public void detect(String text, LowerCaseText lowerCase, Findings findings) {
    for (String needle : needles) {
      for (int at = text.indexOf(needle);
          at >= 0;
          at = text.indexOf(needle, at + needle.length())) {
        findings.add(at, at + needle.length(), SecretKind.KNOWN_SECRET);
      }
    }
  }
}
