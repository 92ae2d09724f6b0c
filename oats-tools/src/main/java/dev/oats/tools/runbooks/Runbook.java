package dev.oats.tools.runbooks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A team's procedure for a kind of alert: a Markdown file whose front matter says what it is for
 * ({@code description}) and which alerts it applies to ({@code match}, label matchers).
 *
 * @param name the file's name without {@code .md}; what the {@code runbooks} tool fetches it by
 * @param matchers the alerts it applies to; none means it is only found by description
 * @param body the Markdown after the front matter
 * @param file where it was read from
 */
public record Runbook(
    String name, String description, List<LabelMatcher> matchers, String body, Path file) {

  public Runbook {
    matchers = List.copyOf(matchers);
  }

  /** Whether the alert with these labels is one this runbook is for. */
  public boolean matches(Map<String, String> labels) {
    return !matchers.isEmpty() && LabelMatcher.all(matchers, labels);
  }

  /** The matchers as Alertmanager writes them, or a note that there are none. */
  public String matchersText() {
    return matchers.isEmpty()
        ? "(no match: found by description only)"
        : String.join(", ", matchers.stream().map(LabelMatcher::toString).toList());
  }
}
