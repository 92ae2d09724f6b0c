package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntaxTest {

  @Test
  void recognisesTheValuesOfOneKey() {
    assertThat(Syntax.sameKey("mode=fast", "mode=safe")).isTrue();
    assertThat(Syntax.sameKey("zone.name=a", "zone.name=bb")).isTrue();
    assertThat(Syntax.sameKey("mode=fast", "kind=fast")).isFalse();
    assertThat(Syntax.sameKey("mode=", "mode=safe")).as("no value").isFalse();
    assertThat(Syntax.sameKey("a+b=c", "a+b=d")).as("not a name").isFalse();
    assertThat(Syntax.sameKey("fast", "safe")).isFalse();
  }

  @Test
  void recognisesStringsInTheSameQuotes() {
    assertThat(Syntax.bothQuoted("\"alpha\"", "\"beta\"")).isTrue();
    assertThat(Syntax.bothQuoted("('alpha'),", "('beta'),")).isTrue();
    assertThat(Syntax.bothQuoted("\"alpha\"", "'beta'")).isFalse();
    assertThat(Syntax.bothQuoted("\"alpha\":", "\"beta\"")).as("other punctuation").isFalse();
    assertThat(Syntax.bothQuoted("alpha", "beta")).isFalse();
  }
}
