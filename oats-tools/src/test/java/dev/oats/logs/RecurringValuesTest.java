package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rule 44: a few words kept apart at a position are a parameter's values when the same two of them
 * recur at a position of another event; not when that event is a parallel one (the same pair at the
 * same place, a grid of two few-valued words), nor when they are forms of verbs or the capitalised
 * first word of the sentence (logs made up).
 */
class RecurringValuesTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  @Test
  void makesTwoWordsThatRecurInAnotherEventAParameter() {
    int get = add("GET /api/orders -> 200 in 12 ms");
    int post = add("POST /api/orders -> 201 in 15 ms");
    assertThat(post).as("two values of one event are variants").isNotEqualTo(get);

    int slowGet = add("Slow request GET took 3.5 s");
    int slowPost = add("Slow request POST took 4.1 s");
    assertThat(slowPost).as("the pair recurs in another event").isEqualTo(slowGet);
    assertThat(miner.template(slowGet).text()).isEqualTo("Slow request <*> took <*> s");
    // The first event's position is freed too: its two templates are one.
    assertThat(miner.resolve(post)).isEqualTo(miner.resolve(get));
    assertThat(miner.template(get).text()).isEqualTo("<*> <*> -> <*> in <*>");
  }

  @Test
  void comparesTheWordsWithoutTheirPunctuation() {
    int inbox = add("saved mail to INBOX");
    add("saved mail to Archive");
    int failed = add("save failed to INBOX: quota exceeded");
    assertThat(add("save failed to Archive: quota exceeded")).isEqualTo(failed);
    assertThat(add("saved mail to Archive")).isEqualTo(miner.resolve(inbox));
  }

  @Test
  void keepsAGridOfTwoFewValuedWordsApart() {
    // The same pair at the same position of two events of one length: a grid, not a parameter.
    int northActive = add("Link north: primary path active");
    int southActive = add("Link south: primary path active");
    int northDown = add("Link north: backup path down");
    int southDown = add("Link south: backup path down");
    assertThat(java.util.List.of(northActive, southActive, northDown, southDown))
        .doesNotHaveDuplicates();

    // The same pair before the same word, at another place: a grid too.
    int alpha = add("Mode alpha selected");
    int beta = add("Mode beta selected");
    add("Switching to mode alpha selected by operator");
    add("Switching to mode beta selected by operator");
    assertThat(miner.resolve(beta)).isNotEqualTo(miner.resolve(alpha));
  }

  @Test
  void keepsFormsOfVerbsAndAnEventsSubjectApart() {
    int started = add("Worker started after restart");
    int stopped = add("Worker stopped after restart");
    add("Queue started with 3 items");
    add("Queue stopped with 4 items");
    assertThat(miner.resolve(stopped)).isNotEqualTo(miner.resolve(started));

    int client = add("Client accept loop exiting");
    int route = add("Route accept loop exiting");
    add("Client listener closed down now");
    add("Route listener closed down now");
    assertThat(miner.resolve(route)).isNotEqualTo(miner.resolve(client));
  }

  @Test
  void forgetsEverythingWhenFull() {
    SharedValues shared = new SharedValues();
    Object here = new Object();
    Object there = new Object();
    shared.remember("root", there);
    shared.remember("postgres", there);
    assertThat(shared.sharedSite("root", "postgres", here, s -> true)).isSameAs(there);
    assertThat(shared.sharedSite("root", "postgres", there, s -> true)).isNull();
    for (int i = 0; i < SharedValues.CAPACITY; i++) {
      shared.remember("w" + i, here);
    }
    assertThat(shared.sharedSite("root", "postgres", here, s -> true)).isNull();
  }
}
