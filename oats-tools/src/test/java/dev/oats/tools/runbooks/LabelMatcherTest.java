package dev.oats.tools.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

  private static final Map<String, String> CRASH =
      Map.of("alertname", "KubePodCrashLooping", "namespace", "shop", "severity", "critical");

  @Test
  void theFourOperatorsMatchAsAlertmanagerDoes() {
    assertThat(LabelMatcher.parse("namespace=\"shop\"").matches(CRASH)).isTrue();
    assertThat(LabelMatcher.parse("namespace!=\"shop\"").matches(CRASH)).isFalse();
    assertThat(LabelMatcher.parse("severity=~\"critical|warning\"").matches(CRASH)).isTrue();
    assertThat(LabelMatcher.parse("severity!~\"crit.*\"").matches(CRASH)).isFalse();
  }

  @Test
  void regularExpressionsAreAnchoredAtBothEnds() {
    assertThat(LabelMatcher.parse("namespace=~\"sho\"").matches(CRASH)).isFalse();
    assertThat(LabelMatcher.parse("namespace=~\"s.*\"").matches(CRASH)).isTrue();
  }

  @Test
  void aMissingLabelHasTheEmptyValue() {
    assertThat(LabelMatcher.parse("team=\"\"").matches(CRASH)).isTrue();
    assertThat(LabelMatcher.parse("team!=\"payments\"").matches(CRASH)).isTrue();
    assertThat(LabelMatcher.parse("team=~\".+\"").matches(CRASH)).isFalse();
  }

  @Test
  void aListInBracesKeepsCommasInsideQuotes() {
    List<LabelMatcher> matchers =
        LabelMatcher.parseList("{severity=~\"critical|warning\", alertname!~\"Watchdog,Info.*\"}");

    assertThat(matchers).hasSize(2);
    assertThat(matchers.get(1).value()).isEqualTo("Watchdog,Info.*");
    assertThat(LabelMatcher.all(matchers, CRASH)).isTrue();
    assertThat(LabelMatcher.parseList("  ")).isEmpty();
    assertThat(LabelMatcher.parseList("namespace=shop, severity!=info")).hasSize(2);
  }

  @Test
  void badMatchersSayWhatIsWrong() {
    assertThatThrownBy(() -> LabelMatcher.parseList("namespace"))
        .hasMessageContaining("is not a matcher");
    assertThatThrownBy(() -> LabelMatcher.parseList("severity=~\"(\""))
        .hasMessageContaining("regular expression of severity does not parse");
    assertThatThrownBy(() -> LabelMatcher.parseList("namespace=\"shop"))
        .hasMessageContaining("no closing quote");
    assertThatThrownBy(() -> LabelMatcher.parseList("1ns=\"shop\""))
        .hasMessageContaining("not a label name");
  }
}
