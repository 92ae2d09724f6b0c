package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rule 34: a cluster that a neighbour's proved variables have made a special case of is merged into
 * it (logs made up).
 */
class NarrowerClustersTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void mergesAClusterThatTheFreedPositionsOfItsNeighbourCover() {
    int first = add("resolver asked for alpha with +E ok");
    // Differs from the first in two tokens at once, before either is known to vary: a cluster of
    // its own.
    int early = add("resolver asked for beta with -T ok");
    assertThat(early).isNotEqualTo(first);
    // The name proves variable in the first cluster (a fourth value), then the flags do.
    add("resolver asked for gamma with +E ok");
    add("resolver asked for delta with +E ok");
    add("resolver asked for epsilon with +E ok");
    add("resolver asked for zeta with +T ok");
    add("resolver asked for eta with -E ok");
    int general = add("resolver asked for theta with +D ok");

    assertThat(miner.template(general).text()).isEqualTo("resolver asked for <*> with <*> ok");
    assertThat(miner.resolve(early)).isEqualTo(miner.resolve(general));
    assertThat(add("resolver asked for beta with -T ok")).isEqualTo(miner.resolve(general));
    assertThat(add("resolver asked for iota with -T ok")).isEqualTo(miner.resolve(general));
  }

  @Test
  void keepsAClusterThatDiffersInAWordApart() {
    add("resolver asked for alpha with +E ok");
    int refused = add("resolver refused for beta with -T ok");
    add("resolver asked for gamma with +E ok");
    add("resolver asked for delta with +E ok");
    add("resolver asked for epsilon with +E ok");
    add("resolver asked for zeta with +T ok");
    add("resolver asked for eta with -E ok");
    int general = add("resolver asked for theta with +D ok");

    assertThat(miner.resolve(refused)).isNotEqualTo(miner.resolve(general));
    assertThat(miner.template(refused).text()).isEqualTo("resolver refused for beta with -T ok");
  }
}
