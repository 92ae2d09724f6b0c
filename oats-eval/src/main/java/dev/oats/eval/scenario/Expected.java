package dev.oats.eval.scenario;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A scenario's answer key, scored without a model: facts the report must state, claims it must not
 * make, tools that must or must not be used, and a turn budget.
 *
 * @param category the kind of root cause (config, resources, scheduling, network, …), for grouping
 * @param facts what a correct report states; each must be found in the report
 * @param mustNot claims a correct report does not make (a red herring named as the cause)
 * @param requiredTools tools a sound investigation uses
 * @param forbiddenTools tools it has no business using here
 * @param maxTurns the turn budget: more turns than this fails the scenario (0: no budget)
 */
public record Expected(
    String category,
    List<Fact> facts,
    List<Fact> mustNot,
    List<String> requiredTools,
    List<String> forbiddenTools,
    int maxTurns) {

  public Expected {
    facts = List.copyOf(facts);
    mustNot = List.copyOf(mustNot);
    requiredTools = List.copyOf(requiredTools);
    forbiddenTools = List.copyOf(forbiddenTools);
  }

  /**
   * One fact, matched case-insensitively: it holds when every pattern of {@code all} and at least
   * one of {@code any} (when given) is found. Patterns are regular expressions.
   *
   * @param name what the fact says, for reports
   * @param all patterns that must all match
   * @param any patterns of which one must match; empty means no such condition
   * @param conclusion true for a conclusion drawn from the evidence ("nothing is wrong", "grant a
   *     ClusterRole"): it must be in the report, but is not looked for in tool results
   */
  public record Fact(String name, List<Pattern> all, List<Pattern> any, boolean conclusion) {

    public Fact {
      all = List.copyOf(all);
      any = List.copyOf(any);
      if (all.isEmpty() && any.isEmpty()) {
        throw new IllegalArgumentException("fact '" + name + "' has neither 'all' nor 'any'");
      }
    }

    public static Pattern compile(String regex) {
      return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Whether the text states the fact. */
    public boolean foundIn(String text) {
      return all.stream().allMatch(p -> p.matcher(text).find())
          && (any.isEmpty() || any.stream().anyMatch(p -> p.matcher(text).find()));
    }

    /** The patterns, as written in expected.yaml, for reports. */
    public String patterns() {
      StringBuilder text = new StringBuilder();
      if (!all.isEmpty()) {
        text.append("all of ").append(all.stream().map(Pattern::pattern).toList());
      }
      if (!any.isEmpty()) {
        text.append(text.isEmpty() ? "" : " and ")
            .append("one of ")
            .append(any.stream().map(Pattern::pattern).toList());
      }
      return text.toString();
    }
  }
}
