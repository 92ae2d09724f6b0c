package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules 26 and 27 (issue 15): a parameter with few values and no syntax of its own, against events
 * that differ in one constant word. Logs written for them, no line of any benchmark.
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
  void treatsAPairOfWordsRecurringAfterTheSameWordInTwoEventsAsAParameter() {
    int rootOut = add("Disconnected from user root 10.0.0.1 port 22");
    int postgresOut = add("Disconnected from user postgres 10.0.0.2 port 22");
    int rootClosed = add("session closed for user root");
    assertThat(postgresOut)
        .as("one event shows two users: two variants so far")
        .isNotEqualTo(rootOut);

    int postgresClosed = add("session closed for user postgres");

    assertThat(miner.resolve(postgresClosed))
        .as("the pair recurs after 'user' in another event: a parameter")
        .isEqualTo(miner.resolve(rootClosed));
    assertThat(miner.resolve(postgresOut))
        .as("the first event's variants merge too, when the second shows the pair")
        .isEqualTo(miner.resolve(rootOut));
    assertThat(text(rootOut)).isEqualTo("Disconnected from user <*> <*> port <*>");
    assertThat(text(rootClosed)).isEqualTo("session closed for user <*>");
    assertThat(add("session closed for user nobody"))
        .as("and a later value joins at once")
        .isEqualTo(miner.resolve(rootClosed));
  }

  @Test
  void keepsWordsThatTellEventsApartInOneFrameOnly() {
    int connect = add("Failed to connect to 10.0.0.1:5432");
    int bind = add("Failed to bind to 10.0.0.1:5432");
    int open = add("Unable to open /var/lib/app/state");
    int read = add("Unable to read /var/lib/app/state");

    assertThat(List.of(connect, bind, open, read))
        .as("different pairs after 'to': no value recurs, four events")
        .doesNotHaveDuplicates();
  }

  @Test
  void keepsFormsOfOneVerbRecurringInSeveralEventsApart() {
    int started = add("peer started streaming with 8e9e05c52164694d");
    int stopped = add("peer stopped streaming with 8e9e05c52164694d");
    int startedSnapshot = add("peer started snapshot of 8e9e05c52164694d");
    int stoppedSnapshot = add("peer stopped snapshot of 8e9e05c52164694d");

    assertThat(List.of(started, stopped, startedSnapshot, stoppedSnapshot))
        .as("started/stopped recur after 'peer', but they are forms of states: events")
        .doesNotHaveDuplicates();
  }

  @Test
  void takesOnlyAWordOfLettersBeforeThePositionAsEvidence() {
    int cmd = add("(root) CMD (backup.sh)");
    int end = add("(root) END (backup.sh)");
    int cmdLong = add("(root) CMD (rotate.sh --all)");
    int endLong = add("(root) END (rotate.sh --all)");

    assertThat(List.of(cmd, end, cmdLong, endLong))
        .as("CMD/END recur after '(root)', itself a value: the words of two events")
        .doesNotHaveDuplicates();
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
    assertThat(WordForms.endAlike("enabled", "disabled")).isTrue();
    assertThat(WordForms.endAlike("root", "postgres")).isFalse();
    assertThat(WordForms.endAlike("up", "down")).isFalse();
  }
}
