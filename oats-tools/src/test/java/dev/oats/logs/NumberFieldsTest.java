package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.logs.NumberFields.Field;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NumberFieldsTest {

  private static Field[] read(String content) {
    Field[] out = new Field[NumberFields.MAX_FIELDS];
    return Arrays.copyOf(out, NumberFields.read(content, out));
  }

  @Test
  void readsMeasuresInPlaceWithTheirLabelsAndUnits() {
    assertThat(
            read(
                "(took 12ms) size=[16.5KB], latency: 3.25 seconds id=blk_42 at 10.0.0.1 order 48213"))
        .containsExactly(
            new Field("took", 12.0, "ms", false),
            new Field("size", 16.5, "KB", true),
            new Field("latency", 3.25, "seconds", false));
  }

  @Test
  void turnsAwayIdsAddressesAndNumbersWithoutAUnit() {
    assertThat(read("block blk_-42 from 10.0.0.1:50010 order 48213 v1.2.3 0x1f")).isEmpty();
    assertThat(read("no digits here")).isEmpty();
    assertThat(read("retries=3, count: -7")).containsExactly(new Field("retries", 3.0, "", true));
  }
}
