package dev.oats.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager's webhook notification, version 4: a group of alerts sent to a receiver. Read from
 * JSON with every field checked; a malformed one is refused with the field that is wrong.
 *
 * @param status {@code firing} when any alert of the group fires, else {@code resolved}
 * @param truncatedAlerts how many alerts Alertmanager left out ({@code max_alerts})
 */
public record AlertmanagerPayload(
    String version,
    String receiver,
    String status,
    String groupKey,
    String externalUrl,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    int truncatedAlerts,
    List<Alert> alerts) {

  /** The one version of the payload OATS reads. */
  public static final String VERSION = "4";

  /**
   * One alert of the group.
   *
   * @param startsAt when it began firing, or null when not sent
   * @param endsAt when it was resolved, or null (Alertmanager sends {@code 0001-01-01T00:00:00Z}
   *     for a firing alert without an end)
   * @param fingerprint Alertmanager's identity of the alert (a hash of its labels); computed the
   *     same way from the labels when a sender leaves it out
   */
  public record Alert(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      String generatorUrl,
      String fingerprint) {

    public boolean firing() {
      return status.equals("firing");
    }

    public String alertname() {
      return labels.getOrDefault("alertname", "(no alertname)");
    }
  }

  /** A payload that is not a version 4 notification; the message names the field. */
  public static final class Malformed extends RuntimeException {
    private final String field;

    Malformed(String field, String message) {
      super(field + ": " + message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /**
   * Reads a notification.
   *
   * @throws Malformed naming the first field that is wrong
   */
  public static AlertmanagerPayload read(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new Malformed("(body)", "must be a JSON object (Alertmanager's webhook payload)");
    }
    String version = optionalText(body, "version", "version");
    if (version != null && !version.equals(VERSION)) {
      throw new Malformed(
          "version", "is \"" + version + "\"; OATS reads version \"" + VERSION + "\" payloads");
    }
    JsonNode alerts = body.get("alerts");
    if (alerts == null || !alerts.isArray()) {
      throw new Malformed("alerts", "must be a list of alerts");
    }
    List<Alert> read = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      read.add(alert(alerts.get(i), "alerts[" + i + "]"));
    }
    String status = optionalText(body, "status", "status");
    if (status != null && !status.equals("firing") && !status.equals("resolved")) {
      throw new Malformed("status", "must be \"firing\" or \"resolved\", not \"" + status + "\"");
    }
    JsonNode truncated = body.get("truncatedAlerts");
    if (truncated != null && !truncated.isNull() && !truncated.canConvertToInt()) {
      throw new Malformed("truncatedAlerts", "must be a whole number");
    }
    return new AlertmanagerPayload(
        version,
        optionalText(body, "receiver", "receiver"),
        status,
        optionalText(body, "groupKey", "groupKey"),
        optionalText(body, "externalURL", "externalURL"),
        strings(body.get("groupLabels"), "groupLabels"),
        strings(body.get("commonLabels"), "commonLabels"),
        truncated == null || truncated.isNull() ? 0 : truncated.asInt(),
        List.copyOf(read));
  }

  private static Alert alert(JsonNode node, String at) {
    if (!node.isObject()) {
      throw new Malformed(at, "must be an object with status, labels, annotations, startsAt");
    }
    String status = optionalText(node, "status", at + ".status");
    if (status == null) {
      throw new Malformed(at + ".status", "is missing; it is \"firing\" or \"resolved\"");
    }
    if (!status.equals("firing") && !status.equals("resolved")) {
      throw new Malformed(
          at + ".status", "must be \"firing\" or \"resolved\", not \"" + status + "\"");
    }
    if (node.get("labels") == null || node.get("labels").isNull()) {
      throw new Malformed(at + ".labels", "is missing; an alert is identified by its labels");
    }
    Map<String, String> labels = strings(node.get("labels"), at + ".labels");
    if (labels.isEmpty()) {
      throw new Malformed(at + ".labels", "is empty; an alert is identified by its labels");
    }
    String fingerprint = optionalText(node, "fingerprint", at + ".fingerprint");
    if (fingerprint != null && (fingerprint.isBlank() || fingerprint.length() > 128)) {
      throw new Malformed(at + ".fingerprint", "must be 1 to 128 characters");
    }
    return new Alert(
        status,
        labels,
        strings(node.get("annotations"), at + ".annotations"),
        time(node, "startsAt", at),
        time(node, "endsAt", at),
        optionalText(node, "generatorURL", at + ".generatorURL"),
        fingerprint != null ? fingerprint : fingerprintOf(labels));
  }

  /**
   * A fingerprint from the labels, for senders that leave it out: the same labels, the same one.
   */
  static String fingerprintOf(Map<String, String> labels) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(labels)
        .forEach((k, v) -> canonical.append(k).append('\0').append(v).append('\0'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return "oats-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Instant time(JsonNode node, String field, String at) {
    String text = optionalText(node, field, at + "." + field);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Instant instant = OffsetDateTime.parse(text).toInstant();
      // Go's zero time: Alertmanager's way of saying "not set".
      return instant.isBefore(Instant.parse("0002-01-01T00:00:00Z")) ? null : instant;
    } catch (DateTimeParseException e) {
      throw new Malformed(
          at + "." + field, "\"" + text + "\" is not an RFC 3339 time like 2026-12-06T10:00:00Z");
    }
  }

  private static String optionalText(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new Malformed(at, "must be a string");
    }
    return value.asText();
  }

  private static Map<String, String> strings(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new Malformed(at, "must be an object of names to strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new Malformed(at + "." + e.getKey(), "must be a string");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
