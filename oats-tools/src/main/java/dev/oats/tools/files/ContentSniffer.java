package dev.oats.tools.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tells text from binary by the first {@value #HEAD_BYTES} bytes, the way {@code git} and {@code
 * grep} do: a NUL byte or bytes that are not UTF-8 mean binary. For binary files it guesses the
 * type from well-known signatures, so a refusal can say what the file probably is.
 */
final class ContentSniffer {

  static final int HEAD_BYTES = 8192;

  private record Signature(int offset, byte[] magic, String kind) {
    Signature(int offset, String magic, String kind) {
      this(offset, magic.getBytes(StandardCharsets.ISO_8859_1), kind);
    }

    boolean matches(byte[] head, int length) {
      return length >= offset + magic.length
          && Arrays.equals(head, offset, offset + magic.length, magic, 0, magic.length);
    }
  }

  private static final List<Signature> SIGNATURES =
      List.of(
          new Signature(0, "\u0089PNG", "PNG image"),
          new Signature(0, "\u00ff\u00d8\u00ff", "JPEG image"),
          new Signature(0, "GIF8", "GIF image"),
          new Signature(0, "%PDF", "PDF document"),
          new Signature(0, "PK\u0003\u0004", "ZIP archive (or jar, docx, xlsx)"),
          new Signature(0, "\u001f\u008b", "gzip archive"),
          new Signature(0, "BZh", "bzip2 archive"),
          new Signature(0, "\u00fd7zXZ\u0000", "xz archive"),
          new Signature(0, "(\u00b5/\u00fd", "zstd archive"),
          new Signature(0, "7z\u00bc\u00af", "7-Zip archive"),
          new Signature(257, "ustar", "tar archive"),
          new Signature(0, "\u007fELF", "ELF executable or shared library"),
          new Signature(0, "\u00ca\u00fe\u00ba\u00be", "Java class file"),
          new Signature(0, "\u00cf\u00fa\u00ed\u00fe", "Mach-O executable"),
          new Signature(0, "MZ", "Windows executable"),
          new Signature(0, "\u0000asm", "WebAssembly module"),
          new Signature(0, "SQLite format 3\u0000", "SQLite database"),
          new Signature(0, "RIFF", "RIFF media (WAV, AVI or WebP)"),
          new Signature(0, "OggS", "Ogg media"),
          new Signature(0, "ID3", "MP3 audio"),
          new Signature(0, "\u00ff\u00fe", "UTF-16 text (convert it: iconv -f UTF-16 -t UTF-8)"),
          new Signature(0, "\u00fe\u00ff", "UTF-16 text (convert it: iconv -f UTF-16 -t UTF-8)"));

  private ContentSniffer() {}

  /** The guessed type when the file looks binary, empty when it looks like UTF-8 text. */
  static Optional<String> binaryKind(Path file) throws IOException {
    byte[] head = new byte[HEAD_BYTES];
    int length;
    try (InputStream in = BoundedFiles.open(file)) {
      length = in.readNBytes(head, 0, HEAD_BYTES);
    }
    return binaryKind(head, length);
  }

  /** The guessed type when these leading bytes look binary, empty when they look like text. */
  static Optional<String> binaryKind(byte[] head, int length) {
    if (looksLikeText(head, length)) {
      return Optional.empty();
    }
    return Optional.of(
        SIGNATURES.stream()
            .filter(signature -> signature.matches(head, length))
            .map(Signature::kind)
            .findFirst()
            .orElse("binary data"));
  }

  private static boolean looksLikeText(byte[] head, int length) {
    for (int i = 0; i < length; i++) {
      if (head[i] == 0) {
        return false;
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // Not the end of input: a character cut in two at the 8 KB boundary is not an error.
    return !decoder
        .decode(ByteBuffer.wrap(head, 0, length), CharBuffer.allocate(length), false)
        .isError();
  }
}
