package dev.oats.runner.kubernetes;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.oats.store.InvestigationRecord;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent Job's JSON as fabric8 would send it ({@link AgentJobSpec#job}), serialised once per
 * runner with placeholders where an investigation's own values go, then written per investigation
 * by putting its values, JSON-escaped, in their places. Building the Job through fabric8's builders
 * and serialising it through its reflective Jackson mapper was the largest part of the server's CPU
 * per Job after the store.
 *
 * <p>The template is checked when it is made: rendered for a sample investigation whose values need
 * escaping, it must equal fabric8's serialisation of the same Job, character for character;
 * otherwise (a configured value that collides with a placeholder, say) there is no template and the
 * runner builds each Job as before.
 */
final class AgentJobJson {

  private static final String ID = "@@oats-investigation-id@@";
  private static final String JOB = "@@oats-job-name@@";
  private static final String GOAL = "@@oats-goal@@";
  private static final String NAMESPACE = "@@oats-target-namespace@@";
  // An int field: a number no configuration holds, checked by the rendering test below.
  private static final int TURNS = 917_364_285;
  private static final String TURNS_TEXT = Integer.toString(TURNS);

  private enum Field {
    ID,
    JOB,
    GOAL,
    NAMESPACE,
    TURNS
  }

  /** The literal pieces of the JSON, with a field's value between each two. */
  private final String[] literals;

  private final Field[] fields;

  private AgentJobJson(String[] literals, Field[] fields) {
    this.literals = literals;
    this.fields = fields;
  }

  /** The template for this configuration, or null when rendering it would not equal fabric8's. */
  static AgentJobJson of(KubernetesRunnerConfig config, KubernetesSerialization json) {
    String template =
        json.asJson(AgentJobSpec.job(config, record(ID, JOB, GOAL, NAMESPACE, TURNS), Map.of()));
    List<String> literals = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    int from = 0;
    while (true) {
      int next = -1;
      Field field = null;
      int length = 0;
      for (Field f : Field.values()) {
        String marker = marker(f);
        int at = template.indexOf(marker, from);
        if (at >= 0 && (next < 0 || at < next)) {
          next = at;
          field = f;
          length = marker.length();
        }
      }
      if (next < 0) {
        literals.add(template.substring(from));
        break;
      }
      literals.add(template.substring(from, next));
      fields.add(field);
      from = next + length;
    }
    AgentJobJson made =
        new AgentJobJson(literals.toArray(String[]::new), fields.toArray(Field[]::new));
    // The check: values that need escaping, and a job name that is a prefix of others' values.
    InvestigationRecord sample =
        record(
            "0c0ffee0-0000-4000-8000-000000000000",
            "oats-agent-run-0c0ffee0",
            "why is \"checkout\" failing?\n\tsee C:\\logs, </script> & ünïcödé \u2028 \u0001",
            "shop-1",
            15);
    return made.json(sample).equals(json.asJson(AgentJobSpec.job(config, sample, Map.of())))
        ? made
        : null;
  }

  private static String marker(Field field) {
    return switch (field) {
      case ID -> ID;
      case JOB -> JOB;
      case GOAL -> GOAL;
      case NAMESPACE -> NAMESPACE;
      // Inside quotes, as the environment variable's value.
      case TURNS -> "\"" + TURNS_TEXT + "\"";
    };
  }

  /** The Job's JSON for this investigation, as {@code json.asJson(AgentJobSpec.job(...))}. */
  String json(InvestigationRecord record) {
    StringBuilder out = new StringBuilder(literals[0].length() * 2 + record.goal().length());
    JsonStringEncoder escape = JsonStringEncoder.getInstance();
    out.append(literals[0]);
    for (int i = 0; i < fields.length; i++) {
      switch (fields[i]) {
        case ID -> escape.quoteAsString(record.id(), out);
        case JOB -> escape.quoteAsString(record.jobName(), out);
        case GOAL -> escape.quoteAsString(record.goal(), out);
        case NAMESPACE -> escape.quoteAsString(record.targetNamespace(), out);
        case TURNS -> out.append('"').append(record.maxTurns()).append('"');
      }
      out.append(literals[i + 1]);
    }
    return out.toString();
  }

  private static InvestigationRecord record(
      String id, String jobName, String goal, String namespace, int maxTurns) {
    Instant at = Instant.EPOCH;
    return InvestigationRecord.pending(goal, namespace, "kubernetes", maxTurns, at)
        .withId(id)
        .running("kubernetes", jobName, at);
  }
}
