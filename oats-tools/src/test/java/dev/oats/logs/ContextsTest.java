package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContextsTest {

  private final Masker masker = new Masker();

  private String masked(String message) {
    return String.join(" ", masker.mask(message));
  }

  private int add(TemplateMiner miner, String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void foldsLeadingFieldsOfValuesSetOffByDashes() {
    // A connection id, then the client's name only when the client gave one.
    assertThat(masked("cid:12 - \"billing\" - Slow consumer detected"))
        .isEqualTo("cid:<*> - Slow consumer detected");
    assertThat(masked("cid:12 - Slow consumer detected"))
        .isEqualTo("cid:<*> - Slow consumer detected");
    // Words between the dashes are the message's own.
    assertThat(masked("cid:12 - reload - Slow consumer detected"))
        .isEqualTo("cid:<*> - reload - Slow consumer detected");
    // A dash later in the message is not a context's.
    assertThat(masked("Slow consumer cid:12 - \"billing\" - dropped"))
        .isEqualTo("Slow consumer cid:<*> - \"billing\" - dropped");
  }

  @Test
  void foldsABracketOfValuesAndEmptyFieldsIntoOneValue() {
    String full =
        "[req-4f1c2a9e-7d3b-4c1a-9e2f-0a1b2c3d4e5f 9a8b7c6d5e4f 0f1e2d3c4b5a - - -] VM started";
    String anonymous = "[req-0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f - - - - -] VM started";
    assertThat(masked(full)).isEqualTo("[<*>] VM started");
    assertThat(masked(anonymous)).isEqualTo("[<*>] VM started");
    assertThat(masked("[-] VM started")).isEqualTo("[<*>] VM started");
    // A bracket holding words is the message's.
    assertThat(masked("[instance: 42 - -] VM started")).startsWith("[instance:");
    assertThat(masked("[main] VM started")).isEqualTo("[main] VM started");
  }

  @Test
  void groupsAnEventWhateverTheLengthOfItsContext() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

    int plain = add(miner, "10.0.0.7:4242 - cid:7 - Client connection created");
    int named = add(miner, "10.0.0.8:4243 - cid:8 - \"orders-api\" - Client connection created");
    int other = add(miner, "10.0.0.9:4244 - cid:9 - \"cron\" - Client connection created");
    int request = add(miner, "[req-1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b 7a6b5c4d - -] VM started");
    int none = add(miner, "[-] VM started");

    assertThat(named).isEqualTo(plain);
    assertThat(other).isEqualTo(plain);
    assertThat(none).isEqualTo(request);
    assertThat(request).isNotEqualTo(plain);
  }
}
