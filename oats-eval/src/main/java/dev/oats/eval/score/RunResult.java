package dev.oats.eval.score;

import dev.oats.model.Usage;
import java.util.List;

/**
 * One run of one scenario, scored.
 *
 * @param scenario the scenario's name
 * @param run the run's number, from 1
 * @param outcome how it ended
 * @param turns turns used
 * @param usage tokens summed over every model call
 * @param cost the money the tokens cost, or null when the model's price is unknown
 * @param millis wall-clock time
 * @param facts each expected fact and what became of it
 * @param problems why it did not pass, one line each (empty when it passed)
 * @param report the report the run ended with (empty when there was none)
 * @param transcript each call and its observation as the model got it, in Markdown, for a person
 *     reading why a run went as it did (not part of the JSON results)
 */
public record RunResult(
    String scenario,
    int run,
    Outcome outcome,
    int turns,
    Usage usage,
    Double cost,
    long millis,
    List<FactCheck> facts,
    List<String> problems,
    String report,
    @com.fasterxml.jackson.annotation.JsonIgnore String transcript) {

  public RunResult {
    facts = List.copyOf(facts);
    problems = List.copyOf(problems);
  }

  /** How a run ended. */
  public enum Outcome {
    /** The report states every fact, makes no forbidden claim, within budget. */
    PASS,
    /** The run ended, but the report or the investigation falls short. */
    FAIL,
    /** A replay the loop no longer follows: the recording needs to be made again. */
    DIVERGED,
    /** The scenario could not be run (its cluster did not load, say). */
    ERROR
  }

  public boolean passed() {
    return outcome == Outcome.PASS;
  }
}
