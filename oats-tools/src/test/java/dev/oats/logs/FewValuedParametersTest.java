package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 27 (issue 15): events that differ in one constant word, against a parameter with few values
 * and no syntax of its own. Logs written for it, no line of any benchmark. Rule 26 (recurring
 * values after the same word) and its tests are on branch {@code rules8-recurring}.
 */
class FewValuedParametersTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  private String text(int id) {
    return miner.template(miner.resolve(id)).text();
  }

  @Test
  void needsTwiceTheProofToMakeAVariableOfFormsOfStatesOrActions() {
    List<Integer> forms =
        List.of(
            add("starting remote peer 8e9e05c52164694d"),
            add("started remote peer 8e9e05c52164694d"),
            add("stopping remote peer 8e9e05c52164694d"),
            add("stopped remote peer 8e9e05c52164694d"));
    assertThat(forms).as("four forms of two verbs are four events").doesNotHaveDuplicates();
    assertThat(text(forms.get(3))).isEqualTo("stopped remote peer <*>");

    List<Integer> names =
        List.of(
            add("quota exceeded by alice"),
            add("quota exceeded by bruno"),
            add("quota exceeded by carol"),
            add("quota exceeded by dmitri"));
    assertThat(miner.resolve(names.get(0)))
        .as("four names that do not pair up: a variable, as before")
        .isEqualTo(miner.resolve(names.get(3)));

    add("restarting remote peer 8e9e05c52164694d");
    int sixth = add("restarted remote peer 8e9e05c52164694d");
    assertThat(text(sixth))
        .as("six forms are still six events")
        .isEqualTo("restarted remote peer <*>");
    int seventh = add("restarts remote peer 8e9e05c52164694d");
    assertThat(text(seventh))
        .as("a seventh form is more than twice the proof: a variable after all")
        .isEqualTo("<*> remote peer <*>");
  }

  @Test
  void recognisesFormsOfAFewVerbs() {
    assertThat(WordForms.allPaired(new String[] {"started", "stopped", "starting"}, 3, "stopping"))
        .isTrue();
    assertThat(WordForms.allPaired(new String[] {"started", "starting"}, 2, "alice")).isFalse();
    assertThat(WordForms.allPaired(new String[] {"mailer", "indexer"}, 2, "crawler")).isFalse();
    assertThat(WordForms.allPaired(new String[] {"conn0"}, 1, "conn1")).isFalse();
  }
}
