package dev.oats.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.config.ConfigException;
import dev.oats.config.ConfigValue;
import dev.oats.config.OatsConfig;
import dev.oats.config.Settings;
import dev.oats.config.Source;
import dev.oats.tools.runbooks.LabelMatcher;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notification routes and how they are delivered, read once from the configuration: the {@code
 * notifications} list (in {@code oats.yaml}, or JSON in {@code OATS_NOTIFICATIONS}), then one route
 * each for {@code OATS_NOTIFY_SLACK_URL}, {@code OATS_NOTIFY_TEAMS_URL} and {@code
 * OATS_NOTIFY_WEBHOOK_URL}. A route in the list:
 *
 * <pre>
 * - name: shop-oncall            # optional; default type-N
 *   type: slack                  # slack, teams or webhook
 *   url: https://hooks.slack.com/services/...   # or url_file: /etc/oats/slack-url
 *   matchers: ['namespace=shop', 'status!=cancelled']   # or a map: {namespace: shop}
 *   events: [ended, waiting_approval]                   # the default
 * </pre>
 *
 * @param routes every route, in the order written
 * @param maxAttempts tries per notification and route
 * @param backoff the wait before the first retry, doubled for each next one
 * @param timeout the time limit of one attempt
 * @param publicUrl the server's public URL for links, or null to leave links out
 * @param approvalTimeout how long a held call waits before it is denied
 * @param secrets the values to redact from every notification, besides what the standard redactor
 *     finds: the configured secrets and the routes' URLs
 */
public record NotificationSettings(
    List<NotificationRoute> routes,
    int maxAttempts,
    Duration backoff,
    Duration timeout,
    String publicUrl,
    Duration approvalTimeout,
    List<String> secrets) {

  static final String ROUTES = "OATS_NOTIFICATIONS";
  private static final Set<String> ROUTE_KEYS =
      Set.of("name", "type", "url", "url_file", "matchers", "events");
  private static final ObjectMapper JSON = new ObjectMapper();

  public NotificationSettings {
    routes = List.copyOf(routes);
    secrets = List.copyOf(secrets);
  }

  /**
   * Reads the routes and delivery settings.
   *
   * @param environment the process environment, whose secret variables are redacted too
   * @throws ConfigException naming the key (and the route) of everything that is wrong
   */
  public static NotificationSettings from(OatsConfig config, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    List<NotificationRoute> routes = new ArrayList<>();
    ConfigValue list = config.values().get(ROUTES);
    if (list != null && !list.value().isBlank()) {
      routes.addAll(routes(list, problems));
    }
    Set<NotifyEvent> simpleEvents = simpleEvents(config, problems);
    simple(
        config, "OATS_NOTIFY_SLACK_URL", "slack", TargetType.SLACK, simpleEvents, routes, problems);
    simple(
        config, "OATS_NOTIFY_TEAMS_URL", "teams", TargetType.TEAMS, simpleEvents, routes, problems);
    simple(
        config,
        "OATS_NOTIFY_WEBHOOK_URL",
        "webhook",
        TargetType.WEBHOOK,
        simpleEvents,
        routes,
        problems);
    Set<String> names = new HashSet<>();
    for (NotificationRoute route : routes) {
      if (!names.add(route.name())) {
        problems.add(
            "two notification routes are named '"
                + route.name()
                + "'; give each a name of its own (it labels the metrics)");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("Invalid notifications: " + String.join("; ", problems) + ".");
    }
    List<String> secrets = new ArrayList<>(config.secretValues(environment));
    routes.forEach(r -> secrets.add(r.url().toString()));
    return new NotificationSettings(
        routes,
        number(config, "OATS_NOTIFY_MAX_ATTEMPTS"),
        Duration.ofMillis(number(config, "OATS_NOTIFY_BACKOFF_MILLIS")),
        Duration.ofSeconds(number(config, "OATS_NOTIFY_TIMEOUT_SECONDS")),
        config.server().publicUrl(),
        config.server().approvalTimeout(),
        secrets);
  }

  /** Numbers are checked against their range by the configuration reader already. */
  private static int number(OatsConfig config, String variable) {
    ConfigValue value = config.values().get(variable);
    String text = value == null ? Settings.ALL.get(variable).defaultValue() : value.value();
    return Integer.parseInt(text.strip().replace("_", "").replace(",", ""));
  }

  /** The routes of the list; each problem names the route's key and, for the file, the file. */
  private static List<NotificationRoute> routes(ConfigValue list, List<String> problems) {
    boolean inFile = list.source().kind() == Source.Kind.FILE;
    List<String> found = new ArrayList<>();
    List<NotificationRoute> routes = routes(list.value(), inFile ? "notifications" : ROUTES, found);
    String where = inFile ? " (in " + list.source().where() + ")" : "";
    found.forEach(problem -> problems.add(problem + where));
    return routes;
  }

  private static List<NotificationRoute> routes(String value, String key, List<String> problems) {
    JsonNode root;
    try {
      root = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      // Not the parser's message: it quotes the value, which may hold a URL.
      problems.add(
          key
              + " must be a list of routes, each with a type and a url (JSON in an"
              + " environment variable)");
      return List.of();
    }
    if (!root.isArray()) {
      problems.add(key + " must be a list of routes, each with a type and a url");
      return List.of();
    }
    List<NotificationRoute> routes = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String at = key + "[" + i + "]";
      JsonNode node = root.get(i);
      if (!node.isObject()) {
        problems.add(at + " must be a map with a type and a url");
        continue;
      }
      int before = problems.size();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!ROUTE_KEYS.contains(field.getKey())) {
          problems.add(
              at
                  + " has an unknown key '"
                  + field.getKey()
                  + "' (a route has "
                  + String.join(", ", ROUTE_KEYS.stream().sorted().toList())
                  + ")");
        }
      }
      TargetType type = null;
      String typeText = text(node, "type");
      if (typeText == null) {
        problems.add(at + ".type is missing: write one of " + TargetType.CHOICES);
      } else {
        try {
          type = TargetType.of(typeText);
        } catch (IllegalArgumentException e) {
          problems.add(at + ".type " + e.getMessage());
        }
      }
      URI url = url(node, at, problems);
      String name = text(node, "name");
      if (name == null && type != null) {
        name = type.label() + "-" + (i + 1);
      } else if (name != null && !name.matches("[A-Za-z0-9_.:-]{1,64}")) {
        problems.add(
            at + ".name must be 1 to 64 letters, digits, '_', '.', ':' or '-', not '" + name + "'");
      }
      List<LabelMatcher> matchers = matchers(node.get("matchers"), at + ".matchers", problems);
      Set<NotifyEvent> events = events(node.get("events"), at + ".events", problems);
      if (problems.size() == before) {
        routes.add(new NotificationRoute(name, type, url, matchers, events));
      }
    }
    return routes;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()
        ? null
        : value.asText().strip();
  }

  private static URI url(JsonNode node, String at, List<String> problems) {
    String url = text(node, "url");
    String file = text(node, "url_file");
    if (url != null && file != null) {
      problems.add(at + " has both url and url_file; keep one");
      return null;
    }
    if (url == null && file == null) {
      problems.add(at + ".url is missing (or name a file holding it with url_file)");
      return null;
    }
    if (file != null) {
      try {
        url = Files.readString(Path.of(file)).strip();
      } catch (IOException | RuntimeException e) {
        problems.add(at + ".url_file names " + file + ", which cannot be read: " + e);
        return null;
      }
      if (url.isEmpty()) {
        problems.add(at + ".url_file names " + file + ", which is empty");
        return null;
      }
      return checkedUrl(url, at + ".url_file (" + file + ")", problems);
    }
    return checkedUrl(url, at + ".url", problems);
  }

  /** The URL itself is never put in a message: it is a secret. */
  private static URI checkedUrl(String text, String key, List<String> problems) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() != null
          && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // said below, without the value
    }
    problems.add(
        key + " must be an http:// or https:// URL with a host (the value is a secret, not shown)");
    return null;
  }

  private static List<LabelMatcher> matchers(JsonNode node, String at, List<String> problems) {
    List<LabelMatcher> matchers = new ArrayList<>();
    if (node == null || node.isNull()) {
      return matchers;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (!entry.getValue().isValueNode() || !entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          problems.add(at + "." + entry.getKey() + " must be a label name with a text value");
          continue;
        }
        matchers.add(
            LabelMatcher.of(entry.getKey(), LabelMatcher.Op.EQUAL, entry.getValue().asText()));
      }
      return matchers;
    }
    if (!node.isArray()) {
      problems.add(at + " must be a list like ['namespace=shop', 'severity=~\"critical|page\"']");
      return matchers;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        problems.add(at + "[" + i + "] must be text like 'namespace=shop'");
        continue;
      }
      try {
        matchers.add(LabelMatcher.parse(item.asText()));
      } catch (IllegalArgumentException e) {
        problems.add(at + "[" + i + "]: " + e.getMessage());
      }
    }
    return matchers;
  }

  private static Set<NotifyEvent> events(JsonNode node, String at, List<String> problems) {
    if (node == null || node.isNull()) {
      return EnumSet.of(
          NotifyEvent.SUCCEEDED,
          NotifyEvent.FAILED,
          NotifyEvent.CANCELLED,
          NotifyEvent.WAITING_APPROVAL);
    }
    List<String> names = new ArrayList<>();
    if (node.isTextual()) {
      names.addAll(List.of(node.asText().split(",")));
    } else if (node.isArray()) {
      node.forEach(n -> names.add(n.asText()));
    } else {
      problems.add(at + " must be a list of " + NotifyEvent.CHOICES);
      return Set.of();
    }
    return selected(names, at, problems);
  }

  private static Set<NotifyEvent> selected(List<String> names, String at, List<String> problems) {
    Set<NotifyEvent> events = EnumSet.noneOf(NotifyEvent.class);
    for (String name : names) {
      if (name.isBlank()) {
        continue;
      }
      try {
        events.addAll(NotifyEvent.select(name));
      } catch (IllegalArgumentException e) {
        problems.add(at + ": " + e.getMessage());
      }
    }
    if (events.isEmpty()) {
      problems.add(at + " selects no event; list some of " + NotifyEvent.CHOICES);
    }
    return events;
  }

  private static Set<NotifyEvent> simpleEvents(OatsConfig config, List<String> problems) {
    ConfigValue value = config.values().get("OATS_NOTIFY_EVENTS");
    String text = value == null ? "ended,waiting_approval" : value.value();
    return selected(
        List.of(text.split(",")), value == null ? "OATS_NOTIFY_EVENTS" : keyName(value), problems);
  }

  private static void simple(
      OatsConfig config,
      String variable,
      String name,
      TargetType type,
      Set<NotifyEvent> events,
      List<NotificationRoute> routes,
      List<String> problems) {
    ConfigValue value = config.values().get(variable);
    if (value == null || value.value().isBlank()) {
      return;
    }
    URI url = checkedUrl(value.value().strip(), keyName(value), problems);
    if (url != null && !events.isEmpty()) {
      routes.add(new NotificationRoute(name, type, url, List.of(), events));
    }
  }

  /** How a message names a setting: as it was set, so the user finds what to change. */
  private static String keyName(ConfigValue value) {
    if (value.source().kind() == Source.Kind.FILE) {
      return Settings.byVariable(value.variable()).orElseThrow().yamlKey()
          + " (in "
          + value.source().where()
          + ")";
    }
    return value.variable();
  }
}
