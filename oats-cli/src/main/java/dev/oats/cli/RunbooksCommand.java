package dev.oats.cli;

import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import dev.oats.tools.runbooks.Runbook;
import dev.oats.tools.runbooks.RunbookLibrary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Lists the team's runbooks with the alerts each applies to, and every file that is not a usable
 * runbook with the reason; exits 1 when one is broken, so a CI check of a runbooks repository
 * fails.
 */
@Command(
    name = "runbooks",
    description =
        "List the runbooks in OATS_RUNBOOKS_DIR with the alerts they match, and report broken ones.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every runbook reads",
      "1:a runbook is broken, or the folder is missing (each says why)",
      "2:bad command line"
    },
    footer = {"%nExample:", "  oats runbooks --dir ./runbooks"})
final class RunbooksCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Option(
      names = "--dir",
      description = "The runbooks folder (default: OATS_RUNBOOKS_DIR).",
      paramLabel = "DIR")
  Path dir;

  @Override
  public Integer call() {
    Path folder = dir;
    if (folder == null) {
      OatsConfig config;
      try {
        config = main.config();
      } catch (ConfigException e) {
        main.err.println("ERROR: " + e.getMessage());
        return 1;
      }
      String configured = config.settings().get("OATS_RUNBOOKS_DIR");
      if (configured == null || configured.isBlank()) {
        main.err.println(
            "ERROR: no runbooks folder: set OATS_RUNBOOKS_DIR (runbooks_dir: in oats.yaml) or pass"
                + " --dir.");
        return 1;
      }
      folder = Path.of(configured);
    }
    RunbookLibrary library = RunbookLibrary.load(folder);
    main.out.printf("%-28s %-40s %s%n", "RUNBOOK", "MATCHES", "DESCRIPTION");
    for (Runbook runbook : library.runbooks()) {
      main.out.printf(
          "%-28s %-40s %s%n", runbook.name(), runbook.matchersText(), runbook.description());
    }
    main.out.printf("%d runbook(s) in %s%n", library.runbooks().size(), folder.toAbsolutePath());
    for (RunbookLibrary.Problem problem : library.problems()) {
      main.err.println("BROKEN: " + problem.file() + ": " + problem.reason());
    }
    return library.problems().isEmpty() ? 0 : 1;
  }
}
