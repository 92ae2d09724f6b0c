package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule 45: lines of one event whose values span a varying number of tokens (a list without commas
 * that ends the line, two such lists in one line) differ in length only; when their constants are
 * the same, in the same order, they are one template. Lines that differ in a constant, have one
 * more, or carry another key stay apart (logs made up).
 */
class VariableLengthValuesTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void mergesLinesWhoseValuesSpanAVaryingNumberOfTokens() {
    // A list that ends the line: no word closes it, so no frame holds it (rule 10).
    int one = add("Queued message from root for alice@corp.test");
    int two = add("Queued message from root for alice@corp.test bob@corp.test");
    int three = add("Queued message from root for carol@corp.test dave@corp.test erin@corp.test");
    assertThat(List.of(two, three)).containsOnly(one);
    assertThat(miner.templates()).hasSize(1);

    // Two lists in one line, each of its own length: two middles, no one frame.
    int first = add("Moved shards 10.0.0.1 10.0.0.2 from pool to 10.0.1.7 on request");
    int second = add("Moved shards 10.0.0.3 from pool to 10.0.1.8 10.0.1.9 10.0.1.4 on request");
    int third = add("Moved shards 10.0.0.5 10.0.0.6 10.0.0.7 from pool to 10.0.1.1 on request");
    assertThat(List.of(second, third)).containsOnly(first);
    assertThat(add("Queued message from root for frank@corp.test grace@corp.test")).isEqualTo(one);
  }

  @Test
  void keepsLinesThatDifferInAConstantApart() {
    int message = add("Queued message from root for alice@corp.test");
    int reply = add("Queued reply from root for alice@corp.test bob@corp.test");
    int late = add("Queued message late from root for alice@corp.test bob@corp.test");
    int reordered = add("Queued from message root for alice@corp.test bob@corp.test");
    assertThat(List.of(message, reply, late, reordered)).doesNotHaveDuplicates();
  }

  @Test
  void keepsValuesOfDifferentKeysApart() {
    int id = add("Job finished on worker node id=42");
    int pid = add("Job finished on worker node pid=42 1700");
    assertThat(pid).isNotEqualTo(id);
    assertThat(add("Job finished on worker node id=43 1800 1900")).isEqualTo(id);
  }

  @Test
  void aLineThatDiffersInAWordFromAMergedShapeIsNotMerged() {
    int one = add("Queued message from root for alice@corp.test");
    int two = add("Queued message from root for alice@corp.test bob@corp.test");
    assertThat(two).isEqualTo(one);
    // Same length as the merged shape, one word else: it joins that shape's cluster by the
    // one-conflict rule, but not the template of the other length.
    int other = add("Queued notice from root for alice@corp.test bob@corp.test");
    assertThat(other).isNotEqualTo(one);
  }

  @Test
  void takesTheLinesBackWhenTheOtherLengthsTemplateIsEvicted() {
    TemplateMiner small = new TemplateMiner(TemplateMiner.Config.defaults().withMaxTemplates(3));
    int one = small.add(masker.mask("Queued message from root for alice@corp.test"));
    int two = small.add(masker.mask("Queued message from root for alice@corp.test bob@corp.test"));
    assertThat(two).isEqualTo(one);
    // The longer shape's cluster gets a template of its own (another word), so it is used last.
    int notice =
        small.add(masker.mask("Queued notice from root for alice@corp.test bob@corp.test"));
    assertThat(notice).isNotEqualTo(one);
    small.add(masker.mask("Disk usage of volume data is high now"));
    small.add(masker.mask("Scheduler tick took too long today"));
    assertThat(small.template(one)).as("the shorter shape's template is evicted").isNull();
    assertThat(small.template(notice)).isNotNull();

    int again =
        small.add(masker.mask("Queued message from root for carol@corp.test dave@corp.test"));
    assertThat(small.template(again)).as("the longer shape's cluster keeps its lines").isNotNull();
    assertThat(small.template(again).text()).isEqualTo("Queued message from root for <*> <*>");
  }
}
