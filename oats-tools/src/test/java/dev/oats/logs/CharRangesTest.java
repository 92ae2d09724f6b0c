package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CharRangesTest {

  /** The ASCII fast paths answer as Character does, for every char. */
  @Test
  void characterTestsAgreeWithCharacterOnEveryChar() {
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      assertThat(CharRanges.isLetterOrDigit(c))
          .as("letterOrDigit %d", i)
          .isEqualTo(Character.isLetterOrDigit(c));
      assertThat(CharRanges.isLetter(c)).as("letter %d", i).isEqualTo(Character.isLetter(c));
      assertThat(CharRanges.isLowerCase(c)).as("lower %d", i).isEqualTo(Character.isLowerCase(c));
      assertThat(CharRanges.isUpperCase(c)).as("upper %d", i).isEqualTo(Character.isUpperCase(c));
      assertThat(CharRanges.isDigit(c)).as("digit %d", i).isEqualTo(Character.isDigit(c));
    }
  }
}
