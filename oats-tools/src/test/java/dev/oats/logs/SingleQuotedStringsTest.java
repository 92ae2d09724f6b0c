package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rule 37: a single-quoted string of a few words is one token (logs made up). */
class SingleQuotedStringsTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void keepsASingleQuotedStringOfAFewWordsAsOneToken() {
    assertThat(Masker.tokenize("control command 'querylog on' received"))
        .containsExactly("control", "command", "'querylog on'", "received");
    assertThat(masker.mask("job (sh -c 'exit 3'), retrying"))
        .containsExactly("job", "(sh", "-c", "'exit <*>'),", "retrying");
    // Apostrophes, a quote that never closes and one that closes too far away stay as they were.
    assertThat(Masker.tokenize("it's the users' files"))
        .containsExactly("it's", "the", "users'", "files");
    assertThat(Masker.tokenize("value 'open and more"))
        .containsExactly("value", "'open", "and", "more");
    assertThat(Masker.tokenize("'a b c d e f g h'"))
        .containsExactly("'a", "b", "c", "d", "e", "f", "g", "h'");
  }

  @Test
  void groupsAnEventWhateverTheNumberOfWordsInItsQuotes() {
    int reload = add("received control channel command 'reload'");
    int querylog = add("received control channel command 'querylog on'");
    int freeze = add("received control channel command 'freeze example.test'");

    assertThat(querylog).isEqualTo(reload);
    assertThat(freeze).isEqualTo(reload);
    assertThat(miner.template(reload).text()).isEqualTo("received control channel command <*>");
  }
}
