package dev.oats.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Saves a finished investigation's report as {@code final_result_<timestamp>.txt} (a Job's agent),
 * or as Markdown, {@code .md} (the command line).
 */
public final class ReportWriter {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS").withZone(ZoneOffset.UTC);

  private final Path directory;
  private final Clock clock;

  public ReportWriter(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /** Writes the summary and the report; returns the file. */
  public Path write(RunSummary summary) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve("final_result_" + STAMP.format(clock.instant()) + ".txt");
    String text =
        "Goal: %s\nStatus: %s\n\n%s\n"
            .formatted(summary.goal(), summary.status(), summary.result().strip());
    Files.writeString(file, text);
    return file;
  }

  /**
   * Writes the report as Markdown, {@code final_result_<timestamp>.md}: the goal as its title, then
   * the status and the report as the model wrote it. Returns the file.
   */
  public Path writeMarkdown(RunSummary summary) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve("final_result_" + STAMP.format(clock.instant()) + ".md");
    String text =
        "# %s\n\n_%s_\n\n%s\n"
            .formatted(summary.goal().strip(), summary.status(), summary.result().strip());
    Files.writeString(file, text);
    return file;
  }
}
