package dev.oats.cli;

import dev.oats.config.Setting;
import dev.oats.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The environment section of every command's {@code --help}, built from {@link Settings#ALL} so
 * that it cannot drift from what the configuration reads. Exit codes and examples are in each
 * command's annotation, where a reader of the command looks for them.
 */
final class CommandHelp {

  private static final int WIDTH = 80;
  private static final String INDENT = "  ";

  /** The setting groups each command reads, plus the variables it reads itself. */
  private record Reads(List<String> groups, Map<String, String> own) {}

  private static final List<String> AGENT_GROUPS = List.of("model", "agent", "tools", "logging");

  private static final Map<String, Reads> READS = reads();

  private CommandHelp() {}

  private static Map<String, Reads> reads() {
    Map<String, Reads> reads = new LinkedHashMap<>();
    List<String> all = Settings.ALL.values().stream().map(Setting::group).distinct().toList();
    reads.put(
        "server", new Reads(all, Map.of("KUBECONFIG", "the cluster the kubernetes runner uses")));
    reads.put(
        "agent",
        new Reads(
            AGENT_GROUPS,
            ordered(
                "OATS_GOAL", "the question (required)",
                "OATS_TARGET_NAMESPACE", "the namespace to look at first",
                "OATS_INVESTIGATION_ID", "the server's id of the investigation",
                "OATS_SERVER_URL", "the server the events go to",
                "OATS_EVENT_TOKEN", "the token of this investigation's events",
                "OATS_EVENT_TOKEN_FILE", "or a file holding it, read for each request",
                "OATS_APPROVAL_WAIT_SECONDS", "how long to wait for a decision (default 60)",
                "KUBECONFIG", "the cluster (in a pod: its service account)")));
    reads.put(
        "investigate",
        new Reads(
            AGENT_GROUPS,
            ordered(
                "KUBECONFIG", "the cluster to inspect (default ~/.kube/config)",
                "NO_COLOR", "any value: plain text, no colours or spinner",
                "XDG_DATA_HOME", "results go to its oats/ (default ~/.local/share)")));
    reads.put(
        "ask",
        new Reads(
            List.of(),
            ordered(
                "OATS_API_KEY", "an API key of the server (required)",
                "OATS_URL", "the server's URL (default http://localhost:8000)")));
    reads.put("tools", new Reads(List.of("tools"), Map.of()));
    reads.put("config", new Reads(all, Map.of()));
    reads.put("eval", new Reads(List.of("model", "agent"), Map.of()));
    reads.put(
        "runbooks",
        new Reads(List.of(), ordered("OATS_RUNBOOKS_DIR", "the runbooks folder (or --dir)")));
    return reads;
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** Adds the environment section to the footer of each command that reads one. */
  static void apply(CommandLine root) {
    for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
      apply(sub.getValue());
      Reads reads = READS.get(sub.getKey());
      UsageMessageSpec usage = sub.getValue().getCommandSpec().usageMessage();
      List<String> footer = new ArrayList<>();
      if (reads == null) {
        if (!sub.getKey().equals("help")) {
          footer.add("%nEnvironment: none.");
        }
      } else {
        footer.addAll(environment(reads));
      }
      footer.addAll(List.of(usage.footer()));
      usage.footer(footer.toArray(String[]::new));
    }
  }

  private static List<String> environment(Reads reads) {
    List<String> lines = new ArrayList<>();
    lines.add("%nEnvironment (oats config shows each value in force and where it came from):");
    for (Map.Entry<String, String> own : reads.own().entrySet()) {
      lines.add(escape("%s%-27s %s".formatted(INDENT, own.getKey(), own.getValue())));
    }
    for (String group : reads.groups()) {
      List<String> names =
          Settings.ALL.values().stream()
              .filter(s -> s.group().equals(group))
              .map(Setting::variable)
              .filter(variable -> !reads.own().containsKey(variable))
              .toList();
      lines.addAll(wrap(INDENT + "%-12s".formatted(group + ":"), names));
    }
    return lines;
  }

  /** "group: A, B, C" wrapped at the terminal's usual width, continuation lines aligned. */
  private static List<String> wrap(String head, List<String> names) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(head);
    String pad = " ".repeat(head.length());
    for (int i = 0; i < names.size(); i++) {
      String word = names.get(i) + (i < names.size() - 1 ? "," : "");
      if (line.length() > head.length() && line.length() + 1 + word.length() > WIDTH) {
        lines.add(escape(line.toString()));
        line = new StringBuilder(pad);
      }
      if (line.length() > pad.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(escape(line.toString()));
    return lines;
  }

  /** Footer lines are format strings. */
  private static String escape(String text) {
    return text.replace("%", "%%");
  }
}
