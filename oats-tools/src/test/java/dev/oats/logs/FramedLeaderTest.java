package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 21: a leading token in a name frame is a parameter, even in a short message. */
class FramedLeaderTest {

  private final Masker masker = new Masker();

  private int add(TemplateMiner miner, String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void findsAShortMessageWhoseLeadingNameFrameRoutingSentAstray() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    List<Integer> ids = new ArrayList<>();
    ids.add(add(miner, "lookup[A] api.shop.test from 10.0.0.7"));
    ids.add(add(miner, "lookup[MX] shop.test from 10.0.0.8"));
    ids.add(add(miner, "lookup[TXT] shop.test from 10.0.0.7"));
    ids.add(add(miner, "lookup[AAAA] db.shop.test from 10.0.0.9"));
    ids.add(add(miner, "lookup[PTR] 7.0.0.10.in-addr.arpa from 10.0.0.9"));

    assertThat(ids.stream().map(miner::resolve).distinct())
        .as("one word in common is too few to reroute, but the frame lookup[...] is proof")
        .hasSize(1);
    assertThat(miner.template(ids.get(0)).text()).isEqualTo("<*> <*> from <*>");
  }

  @Test
  void keepsFramedLeadersApartWhenTheRestSharesNoWord() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int cached = add(miner, "lookup[A] cached api.shop.test");
    int forwarded = add(miner, "lookup[MX] forwarded shop.test");
    int refused = add(miner, "lookup[TXT] refused shop.test");

    assertThat(List.of(cached, forwarded, refused))
        .as("the frame proves the leading token a parameter, not that the events are one")
        .doesNotHaveDuplicates();
  }
}
