package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rule 41: a name numbered past nine is one parameter, though the masker writes {@code ev7} and
 * {@code ev<*>} (logs made up).
 */
class NumberedNamesTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void recognisesANameWithItsNumberMasked() {
    assertThat(Syntax.sameNameMaskedNumber("shop.ev7", "shop.ev<*>")).isTrue();
    assertThat(Syntax.sameNameMaskedNumber("worker<*>:", "worker3:")).isTrue();
    assertThat(Syntax.sameNameMaskedNumber("[db][shop.ev<*>]", "[db][shop.ev0]")).isTrue();
    assertThat(Syntax.sameNameMaskedNumber("ipv4", "ipv6")).as("two literal numbers").isFalse();
    assertThat(Syntax.sameNameMaskedNumber("shop.ev<*>", "shop.ev<*>")).as("both masked").isFalse();
    assertThat(Syntax.sameNameMaskedNumber("shop.ev<*>", "shop.evx")).as("not a number").isFalse();
    assertThat(Syntax.sameNameMaskedNumber("node<*>", "host3")).as("another name").isFalse();
    assertThat(Syntax.sameNameMaskedNumber("<*>", "7")).as("no name before the number").isFalse();
    assertThat(Syntax.sameNameMaskedNumber("a<*>b<*>", "a1b2")).as("two numbers").isFalse();
  }

  @Test
  void groupsTheLinesOfANameNumberedPastNineAsOneEvent() {
    // The masker keeps a digit ending a word (eth0, ev7) and masks a longer number (ev12 ->
    // ev<*>): one event, two spellings of its numbered name.
    int first = add("Dropping event shop.ev12 after its last run");
    for (int n = 13; n < 20; n++) {
      assertThat(add("Dropping event shop.ev" + n + " after its last run")).isEqualTo(first);
    }
    assertThat(add("Dropping event shop.ev7 after its last run")).isEqualTo(first);
    assertThat(add("Dropping event shop.ev0 after its last run")).isEqualTo(first);
    assertThat(miner.template(first).text()).isEqualTo("Dropping event <*> after its last run");

    // Two spellings with literal digits only stay variants: ipv4 and ipv6 name two constants.
    int v4 = add("Opening ipv4 listen socket on port 1883");
    int v6 = add("Opening ipv6 listen socket on port 1883");
    assertThat(v6).isNotEqualTo(v4);
  }
}
