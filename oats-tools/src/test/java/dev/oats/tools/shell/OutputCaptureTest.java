package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {

  private static OutputCapture.Captured capture(byte[] bytes) {
    OutputCapture capture = new OutputCapture("stdout", new ByteArrayInputStream(bytes));
    capture.run();
    return capture.snapshot();
  }

  @Test
  void shortOutputIsKeptWhole() {
    OutputCapture.Captured captured = capture("héllo\nwörld\n".getBytes(StandardCharsets.UTF_8));

    assertThat(captured.isCut()).isFalse();
    assertThat(captured.render()).isEqualTo("stdout:\nhéllo\nwörld\n");
  }

  @Test
  void longOutputKeepsWholeLinesAtBothEndsAndSaysHowMuchWasCut() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      text.append("line ").append(i).append('\n');
    }

    OutputCapture.Captured captured = capture(text.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(captured.isCut()).isTrue();
    assertThat(captured.head()).startsWith("line 0\n").endsWith("\n");
    assertThat(captured.tail()).startsWith("line ").endsWith("line 99999\n");
    assertThat(captured.render())
        .startsWith("stdout: 1 MB, showing first 48 KB and last 16 KB\nline 0\n")
        .contains("\n[... 999.4 KB not shown ...]\nline ");
  }

  @Test
  void aCutNeverSplitsAMultiByteCharacter() {
    byte[] bytes = "é".repeat(100_000).getBytes(StandardCharsets.UTF_8);

    OutputCapture.Captured captured = capture(bytes);

    assertThat(captured.head()).matches("é+");
    assertThat(captured.tail()).matches("é+");
  }

  @Test
  void sizesAreWrittenTheWayPeopleReadThem() {
    assertThat(OutputCapture.size(1)).isEqualTo("1 byte");
    assertThat(OutputCapture.size(812)).isEqualTo("812 bytes");
    assertThat(OutputCapture.size(48 * 1024)).isEqualTo("48 KB");
    assertThat(OutputCapture.size(5_000_000)).isEqualTo("4.8 MB");
    assertThat(OutputCapture.size(3L * 1024 * 1024 * 1024)).isEqualTo("3 GB");
  }
}
