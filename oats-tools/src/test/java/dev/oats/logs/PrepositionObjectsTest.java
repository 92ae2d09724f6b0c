package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rule 43: the object of {@code by}, {@code for} or {@code from} that ends its phrase is a
 * parameter once it shows two values; one that modifies the next word ({@code for client
 * connections}) names the event (logs made up).
 */
class PrepositionObjectsTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  private static String[] words(String line) {
    return line.split(" ");
  }

  @Test
  void recognisesTheObjectOfAPrepositionThatEndsItsPhrase() {
    String[] failed = words("Failed password for root from <*> port <*> ssh2");
    assertThat(Syntax.afterPreposition(failed, 3, "root", "postgres")).isTrue();
    String[] flush = words("cache flush of region eu requested by alice");
    assertThat(Syntax.afterPreposition(flush, 7, "alice", "bob")).as("end of line").isTrue();
    String[] declined = words("Payment <*> declined by adyen: card expired");
    assertThat(Syntax.afterPreposition(declined, 4, "adyen:", "stripe:")).isTrue();
    String[] accept = words("conn=<*> ACCEPT from IP=<*> (IP=<*>)");
    assertThat(Syntax.afterPreposition(accept, 3, "IP=<*>", "PATH=<*>")).isTrue();

    String[] listening = words("Listening for client connections on <*>");
    assertThat(Syntax.afterPreposition(listening, 2, "client", "route"))
        .as("a modifier of the next word")
        .isFalse();
    String[] report = words("Report daily counted <*> rows");
    assertThat(Syntax.afterPreposition(report, 1, "daily", "stock")).as("no preposition").isFalse();
    String[] to = words("Transitioned from ASSIGNED to RUNNING");
    assertThat(Syntax.afterPreposition(to, 2, "ASSIGNED", "NEW"))
        .as("followed by another preposition's phrase")
        .isFalse();
  }

  @Test
  void makesTheObjectOfAPrepositionAVariableAfterTwoValues() {
    int root = add("Failed password for root from 10.0.0.5 port 41022 ssh2");
    assertThat(add("Failed password for postgres from 10.0.0.9 port 41877 ssh2")).isEqualTo(root);
    assertThat(add("Failed password for root from 10.0.0.7 port 40001 ssh2")).isEqualTo(root);
    assertThat(miner.template(root).text())
        .isEqualTo("Failed password for <*> from <*> port <*> ssh2");

    int region = add("cache flush of region eu-west requested by alice");
    assertThat(add("cache flush of region eu-west requested by bob")).isEqualTo(region);

    // The object that modifies the next word names the event: two log calls stay apart.
    int client = add("Listening for client connections on 0.0.0.0:4222");
    int route = add("Listening for route connections on 0.0.0.0:6222");
    assertThat(route).isNotEqualTo(client);
  }

  @Test
  void remembersTheObjectsAsValuesAfterTheirPreposition() {
    // root and postgres proved objects of "for" in one event; after "for" elsewhere, where a plain
    // word follows and the phrase guard alone would keep them as variants, they are values too
    // (rule 17's memory of a proven variable's values).
    add("Failed password for root from 10.0.0.5 port 41022 ssh2");
    add("Failed password for postgres from 10.0.0.9 port 41877 ssh2");
    int root = add("Opened session for root today");
    assertThat(add("Opened session for postgres today")).isEqualTo(root);

    // Words never seen as such objects stay variants there.
    int client = add("Listening for client connections on 0.0.0.0:4222");
    assertThat(add("Listening for route connections on 0.0.0.0:6222")).isNotEqualTo(client);
  }
}
