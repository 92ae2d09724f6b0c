package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntKeyMapTest {

  /**
   * Random puts, gets and removes answer as a HashMap does: consecutive ids as the miner makes
   * them, far apart keys and negative ones, enough to grow the table and remove from the middle of
   * probe runs.
   */
  @Test
  void answersAsAHashMapDoes() {
    Random random = new Random(14);
    for (int round = 0; round < 20; round++) {
      IntKeyMap<String> map = new IntKeyMap<>();
      Map<Integer, String> expected = new HashMap<>();
      int range = round % 2 == 0 ? 300 : 1 << 20;
      for (int step = 0; step < 20_000; step++) {
        int key = random.nextInt(range) - (round % 3 == 0 ? range / 2 : 0);
        switch (random.nextInt(4)) {
          case 0, 1 -> {
            String value = "v" + step;
            assertThat(map.put(key, value)).isEqualTo(expected.put(key, value));
          }
          case 2 -> assertThat(map.remove(key)).isEqualTo(expected.remove(key));
          default -> assertThat(map.get(key)).isEqualTo(expected.get(key));
        }
        assertThat(map.size()).isEqualTo(expected.size());
      }
      for (Map.Entry<Integer, String> entry : expected.entrySet()) {
        assertThat(map.get(entry.getKey())).isEqualTo(entry.getValue());
      }
    }
  }

  @Test
  void refusesTheFreeKeyAndNullValues() {
    IntKeyMap<String> map = new IntKeyMap<>();
    assertThatThrownBy(() -> map.put(IntKeyMap.FREE, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> map.put(1, null)).isInstanceOf(IllegalArgumentException.class);
    map.put(1, "one");
    assertThat(map.get(IntKeyMap.FREE)).isNull();
    assertThat(map.remove(IntKeyMap.FREE)).isNull();
    assertThat(map.size()).isEqualTo(1);
  }
}
