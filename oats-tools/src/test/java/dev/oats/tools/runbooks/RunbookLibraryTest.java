package dev.oats.tools.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.ToolResult;
import dev.oats.tools.testsupport.ToolRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookLibraryTest {

  @TempDir Path dir;

  private static final Map<String, String> CRASH =
      Map.of(
          "alertname",
          "KubePodCrashLooping",
          "namespace",
          "shop",
          "pod",
          "checkout-api-7d9f-x2k4q");

  private void write(String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsDescriptionMatchersAndSteps() throws Exception {
    write(
        "shop-crashloop.md",
        """
        ---
        description: Shop pods crash-looping
        match:
          alertname: KubePodCrashLooping
          namespace: shop
        ---
        1. Read the previous container's log first.
        """);

    RunbookLibrary library = RunbookLibrary.load(dir);

    assertThat(library.problems()).isEmpty();
    Runbook runbook = library.runbooks().getFirst();
    assertThat(runbook.name()).isEqualTo("shop-crashloop");
    assertThat(runbook.description()).isEqualTo("Shop pods crash-looping");
    assertThat(runbook.matchersText())
        .isEqualTo("alertname=\"KubePodCrashLooping\", namespace=\"shop\"");
    assertThat(runbook.body()).isEqualTo("1. Read the previous container's log first.");
    assertThat(library.forAlert(CRASH)).contains(runbook);
    assertThat(library.forAlert(Map.of("alertname", "KubePodCrashLooping", "namespace", "pay")))
        .isEmpty();
  }

  @Test
  void theMostSpecificMatchingRunbookIsChosen() throws Exception {
    write(
        "a-any-crashloop.md",
        "---\ndescription: any\nmatch:\n  alertname: KubePodCrashLooping\n---\nx\n");
    write(
        "b-shop.md",
        "---\ndescription: shop\nmatch:\n  - alertname=\"KubePodCrashLooping\"\n"
            + "match_re:\n  namespace: sh.p\n---\ny\n");
    write("c-no-match.md", "---\ndescription: found by description\n---\nz\n");

    RunbookLibrary library = RunbookLibrary.load(dir);

    assertThat(library.problems()).isEmpty();
    assertThat(library.forAlert(CRASH).map(Runbook::name)).contains("b-shop");
    assertThat(library.forAlert(Map.of("alertname", "Other"))).isEmpty();
  }

  @Test
  void brokenRunbooksAreReportedWithFileAndReason() throws Exception {
    write("no-front.md", "Just steps\n");
    write("no-description.md", "---\nmatch:\n  alertname: X\n---\nsteps\n");
    write("bad-yaml.md", "---\ndescription: [unclosed\n---\nsteps\n");
    write("bad-regex.md", "---\ndescription: d\nmatch_re:\n  severity: \"(\"\n---\nsteps\n");
    write("typo.md", "---\ndescription: d\nmatches:\n  alertname: X\n---\nsteps\n");
    write("unclosed.md", "---\ndescription: d\nsteps\n");
    write("notes.txt", "hello");
    write("good.md", "---\ndescription: fine\n---\nsteps\n");

    RunbookLibrary library = RunbookLibrary.load(dir);

    assertThat(library.runbooks()).extracting(Runbook::name).containsExactly("good");
    assertThat(library.problems())
        .extracting(p -> p.file().getFileName() + ": " + p.reason())
        .containsExactlyInAnyOrder(
            "bad-regex.md: match_re: the regular expression of severity does not parse: Unclosed"
                + " group",
            "bad-yaml.md: "
                + library.problems().stream()
                    .filter(p -> p.file().endsWith("bad-yaml.md"))
                    .findFirst()
                    .orElseThrow()
                    .reason(),
            "no-description.md: missing description: say in one line what the runbook is for"
                + " (description: ...)",
            "no-front.md: no front matter: the file must start with a line '---', the YAML"
                + " (description:, match:), and another '---'",
            "notes.txt: not a runbook: runbook files end in .md",
            "typo.md: unknown front matter field 'matches' (known: description, match, match_re)",
            "unclosed.md: the front matter has no closing '---' line");
    assertThat(library.problems())
        .filteredOn(p -> p.file().endsWith("bad-yaml.md"))
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).startsWith("the front matter is not valid YAML"));
  }

  @Test
  void aMissingFolderIsAProblemNotSilence() {
    RunbookLibrary library = RunbookLibrary.load(dir.resolve("nope"));

    assertThat(library.problems()).singleElement().asString().contains("no such folder");
  }

  @Test
  void theGoalNamesTheAlertAndCarriesTheRunbookAsTheTeamsProcedure() throws Exception {
    write(
        "shop-crashloop.md",
        "---\ndescription: Shop pods crash-looping\nmatch:\n  namespace: shop\n---\n"
            + "1. Check the config map first.\n");
    RunbookLibrary library = RunbookLibrary.load(dir);

    String goal =
        AlertGoal.write(
            Map.of(
                "alertname", "KubePodCrashLooping",
                "severity", "critical",
                "namespace", "shop",
                "pod", "checkout-api-7d9f-x2k4q",
                "team", "payments",
                "prometheus", "monitoring/k8s"),
            Map.of("summary", "Pod is crash looping.", "runbook_url", "https://runbooks/x"),
            Instant.parse("2026-12-06T10:00:00Z"),
            library.forAlert(CRASH));

    assertThat(goal)
        .startsWith(
            "Alert KubePodCrashLooping is firing (severity critical) in namespace shop since"
                + " 2026-12-06T10:00:00Z.")
        .contains("Pod: checkout-api-7d9f-x2k4q\n")
        .contains("Summary: Pod is crash looping.\n")
        .contains("Runbook URL: https://runbooks/x\n")
        .contains("Other labels: team=payments\n")
        .doesNotContain("monitoring/k8s")
        .contains("## The team's runbook: shop-crashloop")
        .contains("the team's own procedure")
        .contains("\"Runbook followed: shop-crashloop\"")
        .endsWith("1. Check the config map first.");
    assertThat(AlertGoal.write(Map.of("alertname", "X"), Map.of(), null, Optional.empty()))
        .isEqualTo("Alert X is firing. Find out why, with evidence, and what to do about it.");
  }

  @Test
  void theToolListsRunbooksAndReadsOneByName() throws Exception {
    write(
        "shop-crashloop.md",
        "---\ndescription: Shop pods crash-looping\nmatch:\n  namespace: shop\n---\nStep one.\n");
    RunbooksTool tool = new RunbooksTool(dir);

    ToolResult list = ToolRunner.call(tool, "{}");
    ToolResult one = ToolRunner.call(tool, "{\"name\": \"shop-crashloop\"}");
    ToolResult missing = ToolRunner.call(tool, "{\"name\": \"nope\"}");

    assertThat(list.output())
        .contains("shop-crashloop | Shop pods crash-looping | namespace=\"shop\"");
    assertThat(one.output()).contains("# Runbook shop-crashloop").endsWith("Step one.");
    assertThat(missing.error()).isEqualTo("No runbook named 'nope'. Runbooks: shop-crashloop");
    assertThat(RunbookTools.offers(Map.of()).getFirst().disabledReason())
        .contains("OATS_RUNBOOKS_DIR");
  }
}
