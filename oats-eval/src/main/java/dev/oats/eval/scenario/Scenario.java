package dev.oats.eval.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One investigation scenario: a folder holding the goal ({@code scenario.yaml}), the cluster it
 * starts from ({@code cluster/*.yaml}, {@code logs/}, optionally {@code metrics/}), the answer key
 * ({@code expected.yaml}) and a recorded model side ({@code replay/model.yaml}). docs/scenarios.md
 * describes every file.
 *
 * @param dir the folder
 * @param name the folder's name unless scenario.yaml names it
 * @param goal the question, as an on-call engineer would type it
 * @param namespace the namespace under investigation
 * @param tags labels for {@code --tags}: the kind of fault, the area
 * @param difficulty easy, medium or hard
 * @param maxTurns the turns the agent gets
 * @param capturedAt the moment the objects and logs describe; their timestamps are shifted so that
 *     this moment is "now" when the scenario runs, so ages and {@code since} read as they did
 * @param alert an Alertmanager-style alert that triggered the investigation, or null
 * @param expected the answer key
 */
public record Scenario(
    Path dir,
    String name,
    String goal,
    String namespace,
    List<String> tags,
    String difficulty,
    int maxTurns,
    Instant capturedAt,
    JsonNode alert,
    Expected expected) {

  public Scenario {
    Objects.requireNonNull(dir, "dir");
    tags = List.copyOf(tags);
  }

  /** The recorded model side, whether or not it exists yet. */
  public Path replayFile() {
    return dir.resolve("replay").resolve("model.yaml");
  }

  public boolean hasReplay() {
    return Files.isRegularFile(replayFile());
  }

  /** Whether any of the tags is one of the scenario's (no tags asked: every scenario). */
  public boolean matches(List<String> wanted) {
    return wanted.isEmpty() || wanted.stream().anyMatch(tags::contains);
  }
}
