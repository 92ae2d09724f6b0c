package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the logger prints of an exception is cleaned as its message is: an exception's message is
 * text a program wrote from what it was given (a provider's error quoting the refused key, a parser
 * quoting its input, a client quoting a request's headers), and the stack trace printed it as it
 * was, secret and forged lines included, at every level and in both formats.
 */
class ThrownSecretLogAttackTest {

  private static final String MODEL_KEY = "sk-ant-thrown-secret-7a6b5c4d3e2f";
  private static final String BEARER = "tok-from-a-header-0a1b2c3d4e5f";
  private static final String FORGED = "05:00:00.000 ERROR forged by an exception";

  private final PrintStream stderr = System.err;

  @AfterEach
  void restore() {
    System.setErr(stderr);
    Logging.configure(Level.INFO, false);
  }

  @Test
  void anExceptionsMessageCauseAndSuppressedAreMaskedAndCannotForgeALine() {
    for (boolean json : new boolean[] {false, true}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
      Logging.configure(Level.INFO, json, Map.of("ANTHROPIC_API_KEY", MODEL_KEY));

      RuntimeException cause =
          new RuntimeException("request headers: {Authorization=Bearer " + BEARER + "}");
      IllegalStateException thrown =
          new IllegalStateException(
              "the provider refused the key " + MODEL_KEY + "\n" + FORGED, cause);
      thrown.addSuppressed(
          new IllegalArgumentException(
              "encoded: "
                  + Base64.getEncoder()
                      .encodeToString(MODEL_KEY.getBytes(StandardCharsets.UTF_8))));
      LoggerFactory.getLogger(ThrownSecretLogAttackTest.class)
          .error("Investigation x crashed", thrown);

      String log = out.toString(StandardCharsets.UTF_8);
      assertThat(log)
          .as("json=" + json)
          .contains("Investigation x crashed")
          .contains("IllegalStateException")
          .contains("the provider refused the key")
          .contains("RuntimeException")
          .contains("IllegalArgumentException")
          .doesNotContain(MODEL_KEY)
          .doesNotContain(
              Base64.getEncoder().encodeToString(MODEL_KEY.getBytes(StandardCharsets.UTF_8)))
          .doesNotContain(BEARER)
          .doesNotContainPattern("(?m)^" + FORGED);
    }
  }
}
