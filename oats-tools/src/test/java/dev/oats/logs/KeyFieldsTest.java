package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 38: an address is masked whole whatever its first character; different keys are fields. */
class KeyFieldsTest {

  private final Masker masker = new Masker();

  @Test
  void masksAnAddressThatStartsWithADigitWhole() {
    assertThat(masker.mask("id=<20240501.7F3A1@relay-4.example.com> queued"))
        .containsExactly("id=<<*>>", "queued");
    assertThat(masker.mask("from 4711@relay.example.com"))
        .as("like one that starts with a letter")
        .containsExactly("from", "<*>");
  }

  @Test
  void recognisesDifferentKeys() {
    assertThat(KeyFields.differentKeys("client=<*>", "message-id=<*>")).isTrue();
    assertThat(KeyFields.differentKeys("client=<*>", "client=[<*>]")).isFalse();
    assertThat(KeyFields.differentKeys("removed", "client=<*>")).as("one is no key").isFalse();
  }

  @Test
  void keepsTokensWithDifferentKeysApartWhateverTheirValues() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String queue = "Q" + (7000 + i) + "AB";
      ids.add(miner.add(masker.mask(queue + ": client=relay-" + i + "[10.0.0." + i + "]")));
      ids.add(miner.add(masker.mask(queue + ": id=<2024050" + i + ".7F3A@relay.example.com>")));
      ids.add(miner.add(masker.mask(queue + ": removed")));
    }

    assertThat(ids.stream().map(miner::resolve).distinct())
        .as("three events of two tokens: a queue id, then a constant key or word")
        .hasSize(3);
  }
}
