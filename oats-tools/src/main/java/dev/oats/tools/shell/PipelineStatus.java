package dev.oats.tools.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exit status of every stage of a command's last pipeline. Bash reports only the last stage's
 * status, so {@code grep ERROR app.log | sort} "succeeds" when grep found nothing or could not read
 * the file; the command runs with a trailer that prints {@code PIPESTATUS} on standard error under
 * a marker, which is taken out of the output again and turned into a note.
 */
final class PipelineStatus {

  static final String MARKER = "__OATS_PIPESTATUS_5f1c__";

  /** Keeps the last stage's status as the command's own, as bash would without the trailer. */
  private static final String TRAILER =
      "\n__oats_ps=(\"${PIPESTATUS[@]}\"); printf '\\n%s %s\\n' "
          + MARKER
          + " \"${__oats_ps[*]}\" >&2; exit \"${__oats_ps[${#__oats_ps[@]}-1]}\"";

  private static final Pattern LINE = Pattern.compile("\\n?" + MARKER + " ([0-9 ]+)\\n?$");

  private PipelineStatus() {}

  /** The command with the trailer that reports its last pipeline's statuses. */
  static String instrument(String command) {
    return command + TRAILER;
  }

  /** The statuses found at the end of standard error, and standard error without them. */
  record Found(List<Integer> statuses, OutputCapture.Captured stderr) {}

  static Optional<Found> take(OutputCapture.Captured stderr) {
    String text = stderr.isCut() ? stderr.tail() : stderr.head() + stderr.tail();
    Matcher m = LINE.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    List<Integer> statuses =
        Arrays.stream(m.group(1).strip().split(" ")).map(Integer::parseInt).toList();
    long removed = m.group().getBytes(StandardCharsets.UTF_8).length;
    OutputCapture.Captured cleaned =
        stderr.isCut()
            ? new OutputCapture.Captured(
                stderr.name(),
                stderr.totalBytes() - removed,
                stderr.head(),
                stderr.tail().substring(0, stderr.tail().length() - m.group().length()))
            : strip(stderr, text.substring(0, m.start()), removed);
    return Optional.of(new Found(statuses, cleaned));
  }

  private static OutputCapture.Captured strip(
      OutputCapture.Captured stderr, String kept, long removed) {
    return new OutputCapture.Captured(stderr.name(), stderr.totalBytes() - removed, kept, "");
  }

  /**
   * A note naming each stage that failed, when the pipeline had more than one stage and one did;
   * empty otherwise.
   */
  static String note(List<Integer> statuses) {
    if (statuses.size() < 2) {
      return "";
    }
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < statuses.size(); i++) {
      int code = statuses.get(i);
      if (code != 0) {
        failed.add(
            "stage %d of %d exited with %d%s"
                .formatted(
                    i + 1,
                    statuses.size(),
                    code,
                    code == 141
                        ? " (SIGPIPE: a later stage stopped reading, usually harmless)"
                        : code == 1 ? " (for grep: no line matched)" : ""));
      }
    }
    return failed.isEmpty() ? "" : "pipeline: " + String.join("; ", failed);
  }
}
