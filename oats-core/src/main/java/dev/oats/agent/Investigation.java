package dev.oats.agent;

import java.util.Objects;

/**
 * What an engineer asked.
 *
 * @param id the investigation's id, used in events, the store and the Job's name
 * @param goal the question in plain words
 * @param targetNamespace the Kubernetes namespace to look at first
 */
public record Investigation(String id, String goal, String targetNamespace) {
  public Investigation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(goal, "goal");
    targetNamespace =
        targetNamespace == null || targetNamespace.isBlank() ? "default" : targetNamespace;
  }
}
