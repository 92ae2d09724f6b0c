package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObjectTablesTest {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  /**
   * An object the API server returns can hold nothing but its metadata (a Service with no spec yet,
   * a PVC never bound): every kind's row must still fill every column, the name first, and never
   * fail on the fields that are absent.
   */
  @ParameterizedTest
  @EnumSource(value = ResourceKind.class, names = "EVENT", mode = EnumSource.Mode.EXCLUDE)
  void aBareObjectOfEveryKindFillsEveryColumn(ResourceKind kind) throws Exception {
    HasMetadata item = kind.type().getConstructor().newInstance();
    item.setMetadata(
        new ObjectMetaBuilder()
            .withName("bare")
            .withNamespace("shop")
            .withCreationTimestamp("2026-12-07T11:00:00Z")
            .build());

    String text = ObjectTables.table(kind, List.of(item), true, NOW).render();

    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("NAMESPACE").contains("NAME");
    assertThat(lines.get(1)).startsWith("shop").contains("bare").contains("60m");
    assertThat(text).doesNotContain("null");
  }
}
