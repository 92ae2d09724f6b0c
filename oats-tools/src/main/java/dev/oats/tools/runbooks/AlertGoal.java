package dev.oats.tools.runbooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The goal of an investigation an alert started, written from the alert's labels and annotations as
 * an on-call engineer would ask it, with the team's runbook for the alert, when one matches, as the
 * procedure to follow. The server and {@code oats eval} write it the same way.
 */
public final class AlertGoal {

  /** The runbook text put in a prompt at most; the rest is left to the {@code runbooks} tool. */
  static final int MAX_RUNBOOK_CHARS = 8_000;

  /**
   * The longest goal an alert makes, runbook included: well within the 64 KB body the API takes for
   * a goal, whatever an alert's labels and annotations hold (the webhook takes a megabyte).
   */
  public static final int MAX_GOAL_CHARS = 20_000;

  /** The alert's own part of the goal at most: what the runbook and its framing leave. */
  private static final int MAX_ALERT_CHARS = MAX_GOAL_CHARS - MAX_RUNBOOK_CHARS - 1_000;

  /** An annotation's text at most, and a label's value. */
  private static final int MAX_ANNOTATION_CHARS = 2_000;

  private static final int MAX_LABEL_CHARS = 200;

  /** The labels listed with the rest at most, together. */
  private static final int MAX_OTHER_LABELS_CHARS = 1_000;

  private static final java.util.regex.Pattern LINE_BREAK =
      java.util.regex.Pattern.compile("\\s*\\R\\s*");

  /** Labels said in their own words rather than listed with the rest. */
  private static final List<String> NAMED =
      List.of(
          "alertname",
          "severity",
          "namespace",
          "pod",
          "deployment",
          "statefulset",
          "daemonset",
          "job_name",
          "service",
          "container",
          "node",
          "instance",
          "job");

  /** Labels that say nothing about the problem. */
  private static final List<String> NOISE = List.of("prometheus", "prometheus_replica");

  private AlertGoal() {}

  /**
   * The goal.
   *
   * @param startsAt when the alert began firing, or null
   * @param runbook the team's runbook for it, if one matched
   */
  public static String write(
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Optional<Runbook> runbook) {
    StringBuilder goal = new StringBuilder();
    String alertname = labels.getOrDefault("alertname", "an alert");
    goal.append("Alert ").append(label(alertname)).append(" is firing");
    if (labels.containsKey("severity")) {
      goal.append(" (severity ").append(label(labels.get("severity"))).append(')');
    }
    if (labels.containsKey("namespace")) {
      goal.append(" in namespace ").append(label(labels.get("namespace")));
    }
    if (startsAt != null) {
      goal.append(" since ").append(startsAt);
    }
    goal.append(". Find out why, with evidence, and what to do about it.\n");
    for (String label : NAMED.subList(3, NAMED.size())) {
      if (labels.containsKey(label)) {
        goal.append(capitalised(label.replace('_', ' ')))
            .append(": ")
            .append(label(labels.get(label)))
            .append('\n');
      }
    }
    line(goal, "Summary", annotations.get("summary"));
    line(goal, "Description", annotations.get("description"));
    line(goal, "Message", annotations.get("message"));
    line(goal, "Runbook URL", annotations.get("runbook_url"));
    Map<String, String> rest = new TreeMap<>(labels);
    NAMED.forEach(rest::remove);
    NOISE.forEach(rest::remove);
    if (!rest.isEmpty()) {
      String listed =
          String.join(
              ", ",
              rest.entrySet().stream()
                  .map(e -> label(e.getKey()) + "=" + label(e.getValue()))
                  .toList());
      goal.append("Other labels: ").append(cut(listed, MAX_OTHER_LABELS_CHARS)).append('\n');
    }
    String written = cut(goal.toString().strip(), MAX_ALERT_CHARS);
    return runbook.map(r -> written + "\n\n" + procedure(r).strip()).orElse(written);
  }

  /**
   * A label's value as the goal says it: on one line (a value with a line break could start a
   * section of the goal of its own), and not past its bound.
   */
  private static String label(String value) {
    return cut(LINE_BREAK.matcher(value.strip()).replaceAll(" "), MAX_LABEL_CHARS);
  }

  /**
   * An annotation's text as the goal says it: its later lines indented under its field, so none
   * starts a heading or a section of its own, and not past its bound.
   */
  private static String annotation(String value) {
    return LINE_BREAK
        .matcher(cut(value.strip(), MAX_ANNOTATION_CHARS))
        .replaceAll(java.util.regex.Matcher.quoteReplacement("\n    "));
  }

  private static String cut(String text, int max) {
    return text.length() <= max
        ? text
        : dev.oats.redact.SafeCut.head(text, max - 12) + " [... cut]";
  }

  /** The runbook as the team's procedure, with the instruction to name it in the report. */
  public static String procedure(Runbook runbook) {
    String body = runbook.body();
    if (body.length() > MAX_RUNBOOK_CHARS) {
      body =
          dev.oats.redact.SafeCut.head(body, MAX_RUNBOOK_CHARS)
              + "\n[... the rest: call the runbooks tool with name \"%s\"]"
                  .formatted(runbook.name());
    }
    return """
        ## The team's runbook: %s
        This alert matches the team's own procedure for it (%s). Follow its steps, in order, \
        before anything else, and use your judgement where it does not fit what you find. In your \
        report, say which steps you followed and what each showed, and end it with the line \
        "Runbook followed: %s".

        %s
        """
        .formatted(runbook.name(), runbook.description(), runbook.name(), body);
  }

  private static void line(StringBuilder goal, String name, String value) {
    if (value != null && !value.isBlank()) {
      goal.append(name).append(": ").append(annotation(value)).append('\n');
    }
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
