package dev.oats.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.tools.runbooks.LabelMatcher;
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
    assertThat(LabelMatcher.parse("namespace=shop").matches(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("namespace=sho").matches(SHOP)).isFalse();
    assertThat(LabelMatcher.parse("status!=cancelled").matches(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("status!=failed").matches(SHOP)).isFalse();
    assertThat(LabelMatcher.parse("severity=~\"critical|page\"").matches(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("severity=~crit").matches(SHOP)).as("anchored").isFalse();
    assertThat(LabelMatcher.parse("namespace!~\"kube-.*\"").matches(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("namespace!~sh.p").matches(SHOP)).isFalse();
  }

  @Test
  void aMissingLabelReadsAsEmpty() {
    assertThat(LabelMatcher.parse("team!=db").matches(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("team=\"\"").matches(SHOP)).isTrue();
    assertThat(LabelMatcher.parse("team=db").matches(SHOP)).isFalse();
  }

  @Test
  void spacesAndQuotesAreTolerated() {
    LabelMatcher m = LabelMatcher.parse("  alertname = \"KubePodCrashLooping\" ");
    assertThat(m)
        .isEqualTo(LabelMatcher.of("alertname", LabelMatcher.Op.EQUAL, "KubePodCrashLooping"));
  }

  @Test
  void nonsenseIsRefusedSayingHowToWriteIt() {
    assertThatThrownBy(() -> LabelMatcher.parse("namespace"))
        .hasMessageContaining("is not a matcher: write name=\"value\"");
    assertThatThrownBy(() -> LabelMatcher.parse("severity=~\"(crit\""))
        .hasMessageContaining("the regular expression of severity does not parse");
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
