package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rule 33: a list that is a key's value is one variable, whatever its length (logs made up). */
class KeyedListsTest {

  private final Masker masker = new Masker();

  private String masked(String message) {
    return String.join(" ", masker.mask(message));
  }

  private int add(TemplateMiner miner, String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void foldsTheItemsOfAKeysBracketedListIntoOneVariable() {
    String one = masked("applied layout members=(4411) at epoch 7");
    assertThat(one).isEqualTo("applied layout members=(<*>) at epoch <*>");
    assertThat(masked("applied layout members=(4411 9021 77301) at epoch 8")).isEqualTo(one);
    assertThat(masked("applied layout members=() at epoch 9")).isEqualTo(one);
    assertThat(masked("pool ids=[3 17 250] ready")).isEqualTo(masked("pool ids=[8] ready"));
    // A key's value that is not a list, and values after the bracket closed, stay as they were.
    assertThat(masked("mode=(fast) ok")).isEqualTo("mode=(fast) ok");
    assertThat(masked("members=(4411) 7 9 left")).isEqualTo("members=(<*>) <*> <*> left");
  }

  @Test
  void takesAnEmptyBracketForAListWithNoItems() {
    String some = masked("new node [members: [4411 9021], epoch: 3]");
    assertThat(masked("new node [members: [], epoch: 0]")).isEqualTo(some);
    assertThat(masked("new node [members: [77], epoch: 1]")).isEqualTo(some);
    // A bracket glued to a name is a call, not a list.
    assertThat(masked("flush() done")).isEqualTo("flush() done");
  }

  @Test
  void groupsAnEventWhateverTheLengthOfAKeysList() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int none = add(miner, "switched layout to members=() learners=()");
    int single = add(miner, "switched layout to members=(4411) learners=()");
    int three = add(miner, "switched layout to members=(4411 9021 77301) learners=(5)");
    int other = add(miner, "removed member 4411 from layout");

    assertThat(single).isEqualTo(none);
    assertThat(three).isEqualTo(none);
    assertThat(other).isNotEqualTo(none);
  }
}
