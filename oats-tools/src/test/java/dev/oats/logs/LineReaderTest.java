package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  /** The lines a BufferedReader gives over a decoder that replaces malformed input. */
  private static List<String> expected(byte[] bytes) throws IOException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), decoder));
    List<String> lines = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  private static List<String> read(InputStream in, int bufferSize) throws IOException {
    List<String> lines = new ArrayList<>();
    try (LineReader reader = new LineReader(in, bufferSize)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** A stream that hands out at most a few bytes per read, as pipes do. */
  private static InputStream trickling(byte[] bytes, Random random) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
      }
    };
  }

  @Test
  void splitsAtEveryKindOfLineEndLikeBufferedReader() throws IOException {
    byte[] log = "a\nb\r\nc\rd\n\ne\r\r\nlast".getBytes(StandardCharsets.UTF_8);

    assertThat(read(new ByteArrayInputStream(log), 1 << 16))
        .containsExactly("a", "b", "c", "d", "", "e", "", "last");
  }

  @Test
  void aFinalTerminatorMakesNoEmptyLine() throws IOException {
    assertThat(read(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), 16))
        .containsExactly("x");
    assertThat(read(new ByteArrayInputStream("x\r".getBytes(StandardCharsets.UTF_8)), 16))
        .containsExactly("x");
    assertThat(read(new ByteArrayInputStream(new byte[0]), 16)).isEmpty();
  }

  @Test
  void decodesUtf8AndReplacesMalformedBytes() throws IOException {
    byte[] log = {
      'o',
      'k',
      ' ',
      (byte) 0xC3,
      (byte) 0xA9,
      '\n', // é
      'b',
      'a',
      'd',
      ' ',
      (byte) 0xFF,
      ' ',
      (byte) 0xE2,
      (byte) 0x82,
      '\n', // invalid, truncated
      (byte) 0xF0,
      (byte) 0x9F,
      (byte) 0x98,
      (byte) 0x80 // an emoji, no terminator
    };

    assertThat(read(new ByteArrayInputStream(log), 4))
        .containsExactly("ok é", "bad \uFFFD \uFFFD", "😀")
        .isEqualTo(expected(log));
  }

  @Test
  void linesLongerThanTheBufferAreWhole() throws IOException {
    String longLine = "x".repeat(10_000) + "é" + "y".repeat(5_000);
    byte[] log = (longLine + "\nshort\n" + longLine).getBytes(StandardCharsets.UTF_8);

    assertThat(read(new ByteArrayInputStream(log), 64))
        .containsExactly(longLine, "short", longLine);
  }

  /**
   * Random bytes, weighted towards line ends, ASCII, multi-byte characters and broken ones, read
   * with small buffers and from a stream that returns a few bytes at a time: the same lines as the
   * reader the CLI used before.
   */
  @Test
  void readsWhatADecodingReaderReadsOnRandomBytes() throws IOException {
    Random random = new Random(14);
    byte[][] pieces = {
      {'\n'},
      {'\r'},
      {'\r', '\n'},
      {'a'},
      {' '},
      {'7'},
      "é".getBytes(StandardCharsets.UTF_8),
      "€".getBytes(StandardCharsets.UTF_8),
      "😀".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0x80},
      {(byte) 0xFF},
      {(byte) 0xF0, (byte) 0x9F}
    };
    for (int round = 0; round < 300; round++) {
      var bytes = new java.io.ByteArrayOutputStream();
      int n = random.nextInt(200);
      for (int i = 0; i < n; i++) {
        bytes.writeBytes(pieces[random.nextInt(pieces.length)]);
      }
      byte[] log = bytes.toByteArray();
      List<String> want = expected(log);
      int bufferSize = 1 + random.nextInt(40);

      assertThat(read(new ByteArrayInputStream(log), bufferSize)).isEqualTo(want);
      assertThat(read(trickling(log, random), bufferSize)).isEqualTo(want);
    }
  }

  @Test
  void theCsvIsTheSameFromBytesAsFromAReader() throws IOException {
    String log =
        """
        2024-05-01 10:00:00 INFO app - user 17 logged in
        2024-05-01 10:00:01 WARN app - disk 91% full, "quoted, text"
        2024-05-01 10:00:02 INFO app - user 42 logged in
        """;
    StringWriter fromReader = new StringWriter();
    TemplateCsv.write(new BufferedReader(new java.io.StringReader(log)), fromReader);
    StringWriter fromBytes = new StringWriter();
    TemplateCsv.write(
        new LineReader(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8))), fromBytes);

    assertThat(fromBytes.toString()).isEqualTo(fromReader.toString());
  }
}
