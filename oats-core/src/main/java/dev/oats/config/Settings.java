package dev.oats.config;

import dev.oats.config.Setting.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting OATS reads, in the order {@code oats config} and the README list them. A new
 * setting is one line here plus a field in the record of the part that uses it.
 */
public final class Settings {

  private static final long NO_LIMIT = Long.MAX_VALUE;

  /** All known settings, by variable name, in listing order. */
  public static final Map<String, Setting> ALL = catalogue();

  private Settings() {}

  /** The setting with this environment variable name, if OATS knows it. */
  public static Optional<Setting> byVariable(String variable) {
    return Optional.ofNullable(ALL.get(variable));
  }

  /** The default of a whole-number setting, for code that applies it to values of its own. */
  public static int defaultNumber(String variable) {
    return Integer.parseInt(ALL.get(variable).defaultValue());
  }

  private static Map<String, Setting> catalogue() {
    List<Setting> all = new ArrayList<>();
    String g = "model";
    all.add(
        choice(
            g,
            "OATS_PROVIDER",
            null,
            "by the key that is set",
            "which API to use",
            "anthropic",
            "openai"));
    all.add(secret(g, "ANTHROPIC_API_KEY", "Anthropic key; chosen first when set"));
    all.add(
        text(
            g,
            "ANTHROPIC_BASE_URL",
            null,
            "Anthropic's API",
            "another endpoint (no /v1 at the end)"));
    all.add(secret(g, "OPENAI_API_KEY", "OpenAI key"));
    all.add(
        text(
            g,
            "OPENAI_BASE_URL",
            null,
            "OpenAI's API",
            "an OpenAI-compatible server, ending in /v1"));
    all.add(text(g, "OATS_MODEL", null, "claude-sonnet-4-5 / gpt-4.1", "the model"));
    all.add(
        choice(
            g,
            "OATS_PROTOCOL",
            "native",
            null,
            "native tool calling, or the seed's text protocol",
            "native",
            "text"));
    all.add(
        number(g, "OATS_MODEL_TIMEOUT_SECONDS", 120, 1, NO_LIMIT, "time limit of one model call"));
    all.add(
        number(
            g,
            "OATS_MODEL_MAX_RETRIES",
            5,
            0,
            NO_LIMIT,
            "retries on 429, 5xx, timeouts and connection errors"));
    g = "agent";
    all.add(number(g, "OATS_MAX_TURNS", 15, 1, NO_LIMIT, "turns before the investigation fails"));
    all.add(
        number(
            g,
            "OATS_TIMEOUT_SECONDS",
            900,
            1,
            NO_LIMIT,
            "wall-clock deadline of one investigation"));
    all.add(
        number(
            g,
            "OATS_CONTEXT_BUDGET",
            12_000,
            1,
            NO_LIMIT,
            "most tokens one model request may carry"));
    all.add(number(g, "OATS_MAX_OUTPUT_TOKENS", 4_096, 1, NO_LIMIT, "cap on each answer"));
    all.add(
        path(
            g,
            "OATS_RESULTS_DIR",
            "./results",
            "where final_result_<timestamp>.txt reports are saved"));
    all.add(
        text(g, "OATS_GOAL", null, null, "the goal, for oats agent (set per Job by the server)"));
    all.add(text(g, "OATS_TARGET_NAMESPACE", "default", null, "the namespace to look at first"));
    all.add(
        text(
            g,
            "OATS_INVESTIGATION_ID",
            null,
            "a new id",
            "the investigation a Job's agent runs (set by the server)"));
    all.add(
        secret(
            g,
            "OATS_EVENT_TOKEN",
            "the token a Job's agent delivers its events with (set by the server)"));
    g = "tools";
    all.add(path(g, "OATS_TOOLS_DIR", "./tools", "plugin jars and YAML tool files"));
    all.add(path(g, "OATS_WORKSPACE", "./workspace", "the directory tools may write in"));
    all.add(
        number(
            g, "OATS_TOOL_TIMEOUT_SECONDS", 60, 1, NO_LIMIT, "the longest one tool call may run"));
    all.add(
        number(
            g,
            "OATS_TOOL_OUTPUT_LIMIT",
            16_000,
            1,
            NO_LIMIT,
            "characters of one tool output kept"));
    all.add(flag(g, "OATS_ALLOW_WRITE", false, "run calls that may change things without asking"));
    all.add(
        list(
            g,
            "OATS_FILE_ROOTS",
            "the working directory",
            "directories the file tools may read below"));
    all.add(
        list(
            g,
            "OATS_ALLOWED_HOSTS",
            "the cluster's services and the configured backends",
            "hosts that commands may reach without an approval"));
    all.add(
        choice(
            g,
            "OATS_TOOL_SANDBOX",
            "auto",
            null,
            "how tool processes are confined: auto, bubblewrap (fail if it cannot run) or none",
            "auto",
            "bubblewrap",
            "none"));
    all.add(
        list(
            g,
            "OATS_TOOL_HIDDEN_PATHS",
            "the data dir, oats.yaml and the key files",
            "more paths tool processes must not see (hidden under empty mounts)"));
    all.add(
        text(g, "OATS_PROMETHEUS_URL", null, null, "the Prometheus server for metrics_fetcher"));
    all.add(secret(g, "OATS_PROMETHEUS_TOKEN", "bearer token for Prometheus"));
    all.add(
        text(
            g,
            "OATS_SOURCEGRAPH_URL",
            null,
            null,
            "the Sourcegraph instance for sourcegraph_search"));
    all.add(secret(g, "OATS_SOURCEGRAPH_TOKEN", "Sourcegraph access token"));
    all.add(
        text(
            g,
            "OATS_WEB_SEARCH_PROVIDER",
            null,
            "searxng if its URL is set, else brave",
            "the web_search backend: searxng or brave"));
    all.add(text(g, "OATS_SEARXNG_URL", null, null, "a SearXNG instance with JSON output"));
    all.add(
        text(g, "OATS_BRAVE_URL", "https://api.search.brave.com", null, "the Brave Search API"));
    all.add(secret(g, "OATS_WEB_SEARCH_API_KEY", "Brave Search API key"));
    all.add(
        path(
            g,
            "OATS_MCP_CONFIG",
            null,
            "<tools dir>/mcp.json when it exists",
            "the MCP servers to use"));
    all.add(
        number(
            g,
            "OATS_MCP_CONNECT_TIMEOUT_SECONDS",
            15,
            1,
            NO_LIMIT,
            "time for an MCP server to start and list its tools"));
    all.add(
        number(
            g,
            "OATS_MCP_CALL_TIMEOUT_SECONDS",
            60,
            1,
            NO_LIMIT,
            "the longest one MCP tool call may take"));
    g = "logging";
    all.add(
        choice(
            g,
            "OATS_LOG_LEVEL",
            "INFO",
            null,
            "DEBUG shows every tool output in full",
            "TRACE",
            "DEBUG",
            "INFO",
            "WARN",
            "WARNING",
            "ERROR"));
    all.add(
        choice(
            g, "OATS_LOG_FORMAT", "text", null, "json for one JSON object a line", "text", "json"));
    g = "server";
    all.add(text(g, "OATS_HOST", "0.0.0.0", null, "the address the API listens on"));
    all.add(
        number(g, "OATS_PORT", 8000, 0, 65_535, "the port the API listens on; 0 picks a free one"));
    all.add(path(g, "OATS_DATA_DIR", "./data", "the embedded H2 database and the keys file"));
    all.add(number(g, "OATS_MAX_CONCURRENT", 4, 1, 1_000_000, "investigations running at once"));
    all.add(
        choice(
            g,
            "OATS_RUNNER",
            "local",
            null,
            "local (in-process) or kubernetes (a Job each)",
            "local",
            "kubernetes"));
    all.add(
        secret(
            g,
            "OATS_API_KEYS",
            "comma-separated API keys, each optionally named (alice=KEY: approvals record who decided by that name); else the keys file"));
    all.add(path(g, "OATS_API_KEYS_FILE", null, "<data dir>/api-keys", "one API key a line"));
    all.add(
        number(
            g,
            "OATS_APPROVAL_TIMEOUT_SECONDS",
            600,
            1,
            86_400,
            "how long a call waits for approval before it is denied (the run then resumes and the model is told)"));
    all.add(
        number(
            g,
            "OATS_APPROVAL_WAIT_SECONDS",
            60,
            0,
            86_400,
            "how long a Job's agent waits in its pod for a decision before its run parks (passed to the Jobs)"));
    all.add(
        number(
            g,
            "OATS_CANCEL_GRACE_SECONDS",
            10,
            0,
            3_600,
            "how long a cancelled investigation may take to stop"));
    all.add(
        number(
            g,
            "OATS_STREAMS_PER_KEY",
            100,
            1,
            100_000,
            "live event streams (SSE and WebSocket together) one API key may hold open on a server at once; past it a new one gets 429 with Retry-After"));
    all.add(
        text(
            g,
            "OATS_PUBLIC_URL",
            null,
            "the address it listens on",
            "the server's URL as clients reach it (behind a proxy or an ingress)"));
    all.add(
        secret(
            g,
            "OATS_TICKET_SECRET",
            "the key that signs WebSocket tickets, the same on every replica; else one made once and kept in the database"));
    g = "store";
    all.add(
        text(
            g,
            "OATS_DB_URL",
            null,
            "H2 file in the data dir",
            "a jdbc:h2: or jdbc:postgresql: URL"));
    all.add(text(g, "OATS_DB_USER", null, null, "database user"));
    all.add(secret(g, "OATS_DB_PASSWORD", "database password"));
    g = "kubernetes";
    all.add(
        text(
            g,
            "AGENT_IMAGE",
            "localhost/oats-agent:0.1.0",
            null,
            "the image whose entry point is oats agent"));
    all.add(
        text(g, "API_KEY_SECRET_NAME", "oats-api-keys", null, "the Secret with the model keys"));
    all.add(
        text(
            g,
            "OATS_JOB_NAMESPACE",
            null,
            "the server pod's namespace, else oats",
            "where agent Jobs are made"));
    all.add(
        text(
            g,
            "OATS_AGENT_SERVICE_ACCOUNT",
            "oats-agent",
            null,
            "the agent pods' service account"));
    all.add(
        text(
            g,
            "OATS_SERVER_URL",
            null,
            "http://oats.<job namespace>.svc:8000",
            "how agents reach the server"));
    all.add(text(g, "OATS_AGENT_CPU_REQUEST", "250m", null, "agent container CPU request"));
    all.add(text(g, "OATS_AGENT_MEMORY_REQUEST", "512Mi", null, "agent container memory request"));
    all.add(text(g, "OATS_AGENT_CPU_LIMIT", "1", null, "agent container CPU limit"));
    all.add(text(g, "OATS_AGENT_MEMORY_LIMIT", "1Gi", null, "agent container memory limit"));
    all.add(
        number(
            g,
            "OATS_AGENT_REPORT_GRACE_SECONDS",
            10,
            0,
            NO_LIMIT,
            "how long an ended Job's last events may take to arrive"));
    all.add(
        number(
            g,
            "OATS_AGENT_START_GRACE_SECONDS",
            30,
            0,
            NO_LIMIT,
            "how long an agent pod may fail to start its container"));
    all.add(
        choice(
            g,
            "OATS_AGENT_AUTH",
            "pod-token",
            null,
            "how a Job's agent proves it is that investigation's: its pod's projected"
                + " service-account token checked by a TokenReview (one API write per"
                + " investigation; the server needs system:auth-delegator), or a token Secret per"
                + " Job",
            "secret",
            "pod-token"));
    g = "notifications";
    all.add(
        new Setting(
            "OATS_NOTIFICATIONS",
            g,
            Kind.STRUCTURED,
            null,
            null,
            0,
            0,
            List.of(),
            true,
            "routes: each a type (slack, teams, webhook), a url, matchers and events; see docs/notifications.md"));
    all.add(
        secret(
            g,
            "OATS_NOTIFY_SLACK_URL",
            "a Slack incoming webhook told of every investigation (events: notify_events)"));
    all.add(
        secret(
            g,
            "OATS_NOTIFY_TEAMS_URL",
            "a Microsoft Teams workflow webhook told of every investigation (events: notify_events)"));
    all.add(
        secret(
            g,
            "OATS_NOTIFY_WEBHOOK_URL",
            "a URL that gets every investigation's notifications as generic JSON (events: notify_events)"));
    all.add(
        list(
            g,
            "OATS_NOTIFY_EVENTS",
            "ended,waiting_approval",
            "the events the three URLs above get: ended, succeeded, failed, cancelled, waiting_approval"));
    all.add(
        number(
            g,
            "OATS_NOTIFY_MAX_ATTEMPTS",
            5,
            1,
            20,
            "tries per notification (429, 5xx, timeouts and connection errors are retried)"));
    all.add(
        number(
            g,
            "OATS_NOTIFY_BACKOFF_MILLIS",
            1_000,
            1,
            600_000,
            "the wait before the first retry; it doubles for each next one"));
    all.add(
        number(g, "OATS_NOTIFY_TIMEOUT_SECONDS", 10, 1, 300, "time limit of one delivery attempt"));
    g = "ui";
    all.add(
        path(
            g,
            "OATS_UI_DEV_DIR",
            null,
            "the UI inside the jar",
            "front-end dev mode: serve the web UI's assets from this directory (the public/ folder of a checkout), read anew on every request"));
    g = "telemetry";
    all.add(
        flag(
            g,
            "OATS_TRACE_CONTENT",
            false,
            "record prompts, answers and tool input and output in trace spans (redacted)"));
    g = "replicas";
    all.add(
        text(
            g,
            "OATS_REPLICA_ID",
            null,
            "the host name and a random suffix",
            "this server process's name in the leases of the investigations it runs"));
    all.add(
        number(
            g,
            "OATS_DISPATCH_TICK_MILLIS",
            500,
            20,
            60_000,
            "how often each replica looks for pending work, expired leases and due timers"));
    all.add(
        number(
            g,
            "OATS_LEASE_SECONDS",
            15,
            2,
            3_600,
            "how long a replica's claim on a running investigation lasts unless renewed"));
    g = "alerts";
    all.add(
        secret(
            g,
            "OATS_ALERTMANAGER_TOKEN",
            "the bearer token Alertmanager sends to POST /webhooks/alertmanager; the webhook is off until it is set"));
    all.add(
        text(
            g,
            "OATS_ALERT_MATCHERS",
            null,
            "every alert",
            "label matchers an alert must satisfy to start an investigation, like {namespace=~\"shop|pay\", alertname!=\"Watchdog\"}"));
    all.add(
        choice(
            g,
            "OATS_ALERT_MIN_SEVERITY",
            "warning",
            null,
            "the lowest severity label that starts an investigation (none: any)",
            "none",
            "info",
            "warning",
            "error",
            "critical"));
    all.add(
        number(
            g,
            "OATS_ALERT_MAX_PER_HOUR",
            20,
            0,
            1_000_000,
            "investigations alerts may start in any hour; further alerts are refused"));
    all.add(
        number(
            g,
            "OATS_ALERT_DEDUP_WINDOW_SECONDS",
            3600,
            0,
            NO_LIMIT,
            "how long after its investigation ended a re-sent alert is still recorded on it rather than starting another"));
    all.add(
        path(
            g,
            "OATS_RUNBOOKS_DIR",
            null,
            "none",
            "a folder of runbooks (Markdown with front matter) for alerts and the runbooks tool"));
    Map<String, Setting> byName = new LinkedHashMap<>();
    all.forEach(s -> byName.put(s.variable(), s));
    return java.util.Collections.unmodifiableMap(byName);
  }

  private static Setting text(
      String group, String variable, String fallback, String defaultText, String meaning) {
    return new Setting(
        variable, group, Kind.TEXT, fallback, defaultText, 0, 0, List.of(), false, meaning);
  }

  private static Setting secret(String group, String variable, String meaning) {
    return new Setting(variable, group, Kind.TEXT, null, null, 0, 0, List.of(), true, meaning);
  }

  private static Setting path(String group, String variable, String fallback, String meaning) {
    return path(group, variable, fallback, null, meaning);
  }

  private static Setting path(
      String group, String variable, String fallback, String defaultText, String meaning) {
    return new Setting(
        variable, group, Kind.PATH, fallback, defaultText, 0, 0, List.of(), false, meaning);
  }

  private static Setting list(String group, String variable, String defaultText, String meaning) {
    return new Setting(
        variable, group, Kind.LIST, null, defaultText, 0, 0, List.of(), false, meaning);
  }

  private static Setting number(
      String group, String variable, long fallback, long min, long max, String meaning) {
    return new Setting(
        variable,
        group,
        Kind.NUMBER,
        Long.toString(fallback),
        null,
        min,
        max,
        List.of(),
        false,
        meaning);
  }

  private static Setting flag(String group, String variable, boolean fallback, String meaning) {
    return new Setting(
        variable,
        group,
        Kind.BOOLEAN,
        Boolean.toString(fallback),
        null,
        0,
        0,
        List.of(),
        false,
        meaning);
  }

  private static Setting choice(
      String group,
      String variable,
      String fallback,
      String defaultText,
      String meaning,
      String... choices) {
    return new Setting(
        variable,
        group,
        Kind.CHOICE,
        fallback,
        defaultText,
        0,
        0,
        List.of(choices),
        false,
        meaning);
  }
}
