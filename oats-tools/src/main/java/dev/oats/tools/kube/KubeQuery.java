package dev.oats.tools.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;

/**
 * One kubectl_info call, parsed from its arguments.
 *
 * @param action what to do
 * @param kind the object type, or null when the action does not need one
 * @param name the object's name, or null
 * @param namespace the namespace, or null for all namespaces (and for cluster-scoped kinds)
 * @param labelSelector a label selector such as {@code app=checkout}, or null
 * @param container the container for logs, or null to choose one
 * @param tailLines how many log lines to return
 * @param since how far back logs go, or null for no limit
 * @param previous whether to read the previous (crashed) container's log
 * @param grep a filter for log lines, or null
 */
record KubeQuery(
    Action action,
    ResourceKind kind,
    String name,
    String namespace,
    String labelSelector,
    String container,
    int tailLines,
    Duration since,
    boolean previous,
    String grep) {

  static final int DEFAULT_TAIL_LINES = 200;
  static final int MAX_TAIL_LINES = 5000;

  /** The actions of kubectl_info. */
  enum Action {
    GET,
    LIST,
    DESCRIBE,
    LOGS,
    EVENTS,
    TOP;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Reads the arguments; an argument that cannot be used throws {@link IllegalArgumentException}
   * with a message that says what to send instead.
   *
   * @param defaultNamespace the namespace used when the call names none
   */
  static KubeQuery parse(ObjectNode args, String defaultNamespace) {
    Action action = action(text(args, "action"));
    String name = text(args, "name");
    ResourceKind kind = kind(text(args, "resource"), action);
    if (name != null && name.contains("/")) {
      // kubectl's "deployment/checkout" form names the kind and the object at once.
      String prefix = name.substring(0, name.indexOf('/'));
      kind = ResourceKind.parse(prefix).orElseThrow(() -> unknownKind(prefix));
      name = name.substring(name.indexOf('/') + 1);
    }
    if (kind == null) {
      throw new IllegalArgumentException(
          "resource is required for action "
              + action.wireName()
              + ": for example resource=pods or resource=deployments");
    }
    return new KubeQuery(
        action,
        kind,
        name,
        namespace(text(args, "namespace"), defaultNamespace, kind),
        text(args, "label_selector"),
        text(args, "container"),
        tailLines(args.get("tail_lines")),
        since(text(args, "since")),
        args.path("previous").asBoolean(false),
        text(args, "grep"));
  }

  /** Whether the call spans every namespace. */
  boolean allNamespaces() {
    return namespace == null && kind.namespaced();
  }

  /** "in namespace shop", "in all namespaces", or nothing for cluster-scoped kinds. */
  String where() {
    if (!kind.namespaced()) {
      return "";
    }
    return namespace == null ? " in all namespaces" : " in namespace " + namespace;
  }

  KubeQuery withNamespace(String other) {
    return new KubeQuery(
        action, kind, name, other, labelSelector, container, tailLines, since, previous, grep);
  }

  private static Action action(String value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "action is required: one of get, list, describe, logs, events, top");
    }
    try {
      return Action.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown action '" + value + "': use one of get, list, describe, logs, events, top", e);
    }
  }

  private static ResourceKind kind(String value, Action action) {
    if (value != null) {
      return ResourceKind.parse(value).orElseThrow(() -> unknownKind(value));
    }
    return switch (action) {
      case LOGS, TOP -> ResourceKind.POD;
      case EVENTS -> ResourceKind.EVENT;
      default -> null;
    };
  }

  private static IllegalArgumentException unknownKind(String value) {
    return new IllegalArgumentException(
        "unknown resource '" + value + "': use one of " + ResourceKind.known());
  }

  private static String namespace(String value, String defaultNamespace, ResourceKind kind) {
    if (!kind.namespaced()) {
      return null;
    }
    if (value == null) {
      return defaultNamespace;
    }
    return value.equals("all") || value.equals("*") ? null : value;
  }

  private static int tailLines(JsonNode value) {
    if (value == null || value.isNull()) {
      return DEFAULT_TAIL_LINES;
    }
    int lines = value.asInt(-1);
    if (!value.canConvertToInt() || lines < 1) {
      throw new IllegalArgumentException(
          "tail_lines must be a positive whole number, such as 200, not " + value);
    }
    return Math.min(lines, MAX_TAIL_LINES);
  }

  private static Duration since(String value) {
    return value == null ? null : Ages.parseDuration(value, "since");
  }

  private static String text(ObjectNode args, String field) {
    JsonNode value = args.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }
}
