package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rule 35: constants of one enumeration at one position are a variable (logs made up). */
class EnumConstantsTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void recognisesConstantsOfOneEnumeration() {
    assertThat(Syntax.sameEnumeration("PAYMENT_PENDING", "PAYMENT_DONE")).isTrue();
    assertThat(Syntax.sameEnumeration("TCP_MISS_ABORTED,", "NONE_NONE,")).isTrue();
    assertThat(Syntax.sameEnumeration("PEER_DIRECT/<*>", "PEER_NONE/-"))
        .as("a value each")
        .isTrue();
    assertThat(Syntax.sameEnumeration("RUNNING", "STOPPED")).as("no underscore").isFalse();
    assertThat(Syntax.sameEnumeration("PAYMENT_DONE", "PAYMENT_DONE")).isFalse();
    assertThat(Syntax.sameEnumeration("PAYMENT_DONE:", "PAYMENT_PENDING"))
        .as("punctuation")
        .isFalse();
    assertThat(Syntax.sameEnumeration("max_retries", "max_delay")).as("lower case").isFalse();
    assertThat(Syntax.sameEnumeration("_PRIVATE_A", "_PRIVATE_B")).isFalse();
    assertThat(Syntax.sameEnumeration("PEER_DIRECT/web", "PEER_NONE/-")).as("a word").isFalse();
  }

  @Test
  void treatsConstantsOfOneEnumerationAsAVariableAndCapitalWordsAsVariants() {
    int pending = add("order 17 moved to PAYMENT_PENDING after 3 ms");
    int done = add("order 18 moved to PAYMENT_DONE after 5 ms");
    assertThat(done).isEqualTo(pending);
    assertThat(miner.template(pending).text()).isEqualTo("order <*> moved to <*> after <*>");

    int direct = add("fetched /a.css via PEER_DIRECT/10.0.0.7 in 4 ms");
    int none = add("fetched /a.css via PEER_NONE/- in 0 ms");
    assertThat(none).isEqualTo(direct);

    // Capitals without an underscore may be the words of as many events: variants still.
    int running = add("job 4 is RUNNING now");
    int stopped = add("job 5 is STOPPED now");
    assertThat(stopped).isNotEqualTo(running);
  }
}
