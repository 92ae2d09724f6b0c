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
  void recognisesTheValueOfAKeyWrittenApart() {
    String[] tokens = {"shown", "visible=", "true", "mode", "=", "fast", "logname=", "uid=0", "="};
    assertThat(Syntax.afterDetachedKey(tokens, 2)).as("key=").isTrue();
    assertThat(Syntax.afterDetachedKey(tokens, 5)).as("key =").isTrue();
    assertThat(Syntax.afterDetachedKey(tokens, 7)).as("after an empty value").isTrue();
    assertThat(Syntax.isDetachedValue("uid=0")).as("the next key").isFalse();
    assertThat(Syntax.afterDetachedKey(tokens, 0)).isFalse();
    assertThat(Syntax.afterDetachedKey(tokens, 1)).isFalse();
    assertThat(Syntax.afterDetachedKey(new String[] {"a+b=", "c"}, 1)).as("not a name").isFalse();
    assertThat(Syntax.afterDetachedKey(new String[] {"=", "c"}, 1)).as("no key").isFalse();
  }

  @Test
  void recognisesStringsInTheSameQuotes() {
    assertThat(Syntax.bothQuoted("\"alpha\"", "\"beta\"")).isTrue();
    assertThat(Syntax.bothQuoted("('alpha'),", "('beta'),")).isTrue();
    assertThat(Syntax.bothQuoted("\"alpha\"", "'beta'")).isFalse();
    assertThat(Syntax.bothQuoted("\"alpha\":", "\"beta\"")).as("other punctuation").isFalse();
    assertThat(Syntax.bothQuoted("alpha", "beta")).isFalse();
  }

  @Test
  void recognisesNamesInTheSameFrame() {
    assertThat(Syntax.sameNameFrame("pool/db7", "pool/db12")).isTrue();
    assertThat(Syntax.sameNameFrame("pool/<*>", "pool/db12")).as("a masked part").isTrue();
    assertThat(Syntax.sameNameFrame("hook(deploy:run):", "hook(build:run):")).isTrue();
    assertThat(Syntax.sameNameFrame("ask[MX]", "ask[TXT]")).isTrue();
    assertThat(Syntax.sameNameFrame("user@east", "user@west")).isTrue();
    assertThat(Syntax.sameNameFrame("failed:", "done:")).as("punctuation only").isFalse();
    assertThat(Syntax.sameNameFrame("(retry)", "(abort)")).as("punctuation only").isFalse();
    assertThat(Syntax.sameNameFrame("starting", "started")).as("one word").isFalse();
    assertThat(Syntax.sameNameFrame("com.shop.Cart", "com.shop.Order")).as("dotted").isFalse();
    assertThat(Syntax.sameNameFrame("pool/a b", "pool/c d")).as("not a name").isFalse();
    assertThat(Syntax.sameNameFrame("pool/db7", "pool/db7")).as("equal").isFalse();
  }

  @Test
  void recognisesOneCodeWithTwoNumbers() {
    assertThat(Syntax.sameCodeNumbered("q1,", "q0,")).isTrue();
    assertThat(Syntax.sameCodeNumbered("(v2", "(v11")).as("a bracket before").isTrue();
    assertThat(Syntax.sameCodeNumbered("q1,", "q1,")).as("equal").isFalse();
    assertThat(Syntax.sameCodeNumbered("q1,", "r1,")).as("other letters").isFalse();
    assertThat(Syntax.sameCodeNumbered("q1,", "q2)")).as("other punctuation").isFalse();
    assertThat(Syntax.sameCodeNumbered("k5).", "k<*>).")).as("a masked number").isTrue();
    assertThat(Syntax.sameCodeNumbered("rc0)", "rc<*>)")).isTrue();
    assertThat(Syntax.sameCodeNumbered("ipv4", "ipv6")).as("three letters: a constant").isFalse();
    assertThat(Syntax.sameCodeNumbered("q4", "q4a")).as("letters after").isFalse();
    assertThat(Syntax.sameCodeNumbered("x8_64", "x8_32")).as("more after the number").isFalse();
    assertThat(Syntax.sameCodeNumbered("42", "43")).as("no letters").isFalse();
    assertThat(Syntax.sameCodeNumbered("md5", "sha256")).as("two constants").isFalse();
  }
}
