package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedValuesTest {

  @Test
  void knowsTwoWordsAsValuesOnlyAfterTheWordTheyFollowed() {
    KeyedValues keyed = new KeyedValues();
    keyed.remember("user", "alice");
    keyed.remember("user", "bob");
    keyed.remember("host", "carol");

    assertThat(keyed.bothValuesAfter("user", "alice", "bob")).isTrue();
    assertThat(keyed.bothValuesAfter("user", "alice", "carol")).isFalse();
    assertThat(keyed.bothValuesAfter("for", "alice", "bob")).isFalse();
  }

  @Test
  void remembersWordsOnlyNotMaskedValues() {
    KeyedValues keyed = new KeyedValues();
    keyed.remember("port", "<*>");
    keyed.remember("port", "ssh");
    keyed.remember("<*>", "alice");
    keyed.remember("<*>", "bob");

    assertThat(keyed.bothValuesAfter("port", "<*>", "ssh")).isFalse();
    assertThat(keyed.bothValuesAfter("<*>", "alice", "bob")).isFalse();
  }

  @Test
  void forgetsEverythingOnceFullSoMemoryStaysBounded() {
    KeyedValues keyed = new KeyedValues();
    keyed.remember("user", "alice");
    keyed.remember("user", "bob");
    for (int i = 0; i < KeyedValues.CAPACITY; i++) {
      keyed.remember("key", "value" + (char) ('a' + i % 26) + i);
    }

    assertThat(keyed.bothValuesAfter("user", "alice", "bob")).isFalse();
  }
}
