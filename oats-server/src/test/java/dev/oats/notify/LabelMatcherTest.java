package dev.oats.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matchers read and compare as Alertmanager's do. */
class LabelMatcherTest {

  private static final Map<String, String> SHOP =
      Map.of("namespace", "shop", "status", "failed", "severity", "critical");

  @Test
  void eachOperatorComparesTheWholeValue() {
    assertThat(LabelMatcher.parse("namespace=shop").test(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("namespace=sho").test(SHOP)).isFalse();
    assertThat(LabelMatcher.parse("status!=cancelled").test(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("status!=failed").test(SHOP)).isFalse();
    assertThat(LabelMatcher.parse("severity=~\"critical|page\"").test(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("severity=~crit").test(SHOP)).as("anchored").isFalse();
    assertThat(LabelMatcher.parse("namespace!~\"kube-.*\"").test(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("namespace!~sh.p").test(SHOP)).isFalse();
  }

  @Test
  void aMissingLabelReadsAsEmpty() {
    assertThat(LabelMatcher.parse("team!=db").test(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("team=\"\"").test(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("team=db").test(SHOP)).isFalse();
  }

  @Test
  void spacesAndQuotesAreTolerated() {
    LabelMatcher m = LabelMatcher.parse("  alertname = \"KubePodCrashLooping\" ");
    assertThat(m)
        .isEqualTo(new LabelMatcher("alertname", LabelMatcher.Op.EQUAL, "KubePodCrashLooping"));
  }

  @Test
  void nonsenseIsRefusedSayingHowToWriteIt() {
    assertThatThrownBy(() -> LabelMatcher.parse("namespace"))
        .hasMessageContaining("write label=value, label!=value, label=~regex or label!~regex");
    assertThatThrownBy(() -> LabelMatcher.parse("severity=~\"(crit\""))
        .hasMessageContaining("'(crit' is not a valid regular expression");
  }

  @Test
  void aRouteTakesItsEventsWhenEveryMatcherHolds() {
    NotificationRoute route =
        new NotificationRoute(
            "r",
            TargetType.SLACK,
            URI.create("https://hooks.slack.com/services/T/B/X"),
            List.of(LabelMatcher.parse("namespace=shop"), LabelMatcher.parse("severity=~critical")),
            EnumSet.of(NotifyEvent.FAILED));

    assertThat(route.accepts(NotifyEvent.FAILED, SHOP)).isTrue();
    assertThat(route.accepts(NotifyEvent.SUCCEEDED, SHOP)).as("event not chosen").isFalse();
    assertThat(route.accepts(NotifyEvent.FAILED, Map.of("namespace", "shop")))
        .as("one matcher fails")
        .isFalse();
    assertThat(route.toString()).contains("https://hooks.slack.com/****").doesNotContain("T/B/X");
  }
}
