package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link Cl100kPieces} must give exactly jtokkit's count of every text: its cut into pieces is
 * compared with jtokkit's own (its package-private parser, reached by reflection) and its count
 * with jtokkit's count of the whole text, on generated texts made of the parts where a cut can go
 * wrong and on the repository's real texts (logs, manifests, JSON, Markdown, Java).
 */
class Cl100kPiecesTest {

  /** The parts generated texts are made of: each is where some rule of the cut starts or stops. */
  private static final String[] PARTS = {
    // words, cased and not, Latin-1 and beyond, letters outside the BMP, marks that are not letters
    "the",
    "Error",
    "pod",
    "checkout-api",
    "CrashLoopBackOff",
    "straße",
    "ſ",
    "ı",
    "\u212A",
    "É",
    "e\u0301",
    "हिन्दी",
    "日本語",
    "한국어",
    "العربية",
    "𝒜𝒷",
    "𐌰𐌱",
    "ﬀ",
    "ǅ",
    "ʰ",
    "x",
    // numbers: digits, other numbers, numbers outside the BMP, the last one jtokkit knows
    "7",
    "42",
    "2026",
    "²",
    "½",
    "Ⅻ",
    "٣٤٥",
    "１２",
    "𝟙𝟚",
    "\uD83E\uDFF0",
    "\uD83E\uDFF9",
    "3.14",
    // contractions and near misses
    "'s",
    "'S",
    "'ſ",
    "'d",
    "'T",
    "'m",
    "'ll",
    "'LL",
    "'lL",
    "'ve",
    "'VE",
    "'re",
    "'Re",
    "'x",
    "'",
    "''",
    "'l",
    "'v",
    "'r",
    "'😀",
    "'\u0000",
    "'1",
    // blanks and line breaks: Unicode's, and characters that are not blanks to jtokkit
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u000B",
    "\f",
    "\u0085",
    "\u00A0",
    "\u1680",
    "\u2000",
    "\u2005",
    "\u200A",
    "\u200B",
    "\u2028",
    "\u2029",
    "\u202F",
    "\u205F",
    "\u3000",
    "\u001C",
    "\u001F",
    "\n\n",
    " \n ",
    "\r\n\r\n  ",
    // punctuation and controls
    ".",
    ",",
    "!",
    "\"",
    "{",
    "}",
    ":",
    "=",
    "-",
    "->",
    "...",
    "//",
    "\\",
    "\u0000",
    "\u0007",
    "\u007F",
    "\u0080",
    "©",
    "€",
    "—",
    "¿",
    "\u00AD",
    "«",
    "ª",
    "º",
    // outside the BMP, and halves of pairs
    "😀",
    "👍🏽",
    "👨\u200D👩\u200D👧",
    "🇩🇪",
    "\uD800",
    "\uDC00",
    "\uDBFF\uDBFF",
    "\uDC00\uD800",
    // what tools say
    "{\"key\": \"value\", \"n\": [1, 2]}",
    "- name: x\n  value: y\n",
    "apiVersion: v1\nkind: Pod\n",
    "2026-12-06T10:15:00Z",
    "level=error msg=\"dial tcp 10.0.0.1:5432: connect: refused\"",
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "0x7fffffff"
  };

  @Test
  void piecesAreJtokkitsOnGeneratedTexts() {
    Random random = new Random(20261207);
    Cl100kPieces pieces = new Cl100kPieces(Jtokkit::count);
    for (int sample = 0; sample < 6_000; sample++) {
      String text = generated(random);
      assertThat(ours(text))
          .as(() -> "the pieces of " + escaped(text))
          .isEqualTo(Jtokkit.pieces(text));
      assertThat(pieces.count(text))
          .as(() -> "the count of " + escaped(text))
          .isEqualTo(Jtokkit.count(text));
    }
  }

  @Test
  void piecesAreJtokkitsOnRandomCodePoints() {
    Random random = new Random(7);
    Cl100kPieces pieces = new Cl100kPieces(Jtokkit::count);
    for (int sample = 0; sample < 3_000; sample++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        int c =
            switch (random.nextInt(4)) {
              case 0 -> random.nextInt(0x80);
              case 1 -> random.nextInt(0x3100);
              case 2 -> random.nextInt(0x10000);
              default -> random.nextInt(Character.MAX_CODE_POINT + 1);
            };
        text.appendCodePoint(c);
      }
      String t = text.toString();
      assertThat(ours(t)).as(() -> "the pieces of " + escaped(t)).isEqualTo(Jtokkit.pieces(t));
      assertThat(pieces.count(t))
          .as(() -> "the count of " + escaped(t))
          .isEqualTo(Jtokkit.count(t));
    }
  }

  /** Whole files of the repository, and the bench's log page: what the loop counts. */
  @Test
  void countsAreJtokkitsOnTheRepositorysTexts() throws IOException {
    Cl100kPieces pieces = new Cl100kPieces(Jtokkit::count);
    List<String> texts = new ArrayList<>(repositoryTexts());
    texts.add(logPage(3));
    assertThat(texts).hasSizeGreaterThan(100);
    long tokens = 0;
    for (String text : texts) {
      int expected = Jtokkit.count(text);
      assertThat(pieces.count(text)).isEqualTo(expected);
      assertThat(new TokenCounter().count(text)).isEqualTo(expected);
      tokens += expected;
    }
    // Counted again with every slot taken: what is remembered is still right.
    for (String text : texts) {
      assertThat(pieces.count(text)).isEqualTo(Jtokkit.count(text));
    }
    assertThat(tokens).isGreaterThan(500_000);
    assertThat(pieces.remembered()).isLessThanOrEqualTo(Cl100kPieces.MOST_REMEMBERED);
  }

  /** Each piece of a text, cut alone, is that one piece: so its count alone is its share. */
  @Test
  void aPieceCutAloneIsOnePiece() {
    Random random = new Random(11);
    for (int sample = 0; sample < 3_000; sample++) {
      String text = generated(random);
      for (int start = 0; start < text.length(); ) {
        int end = Cl100kPieces.end(text, start);
        String piece = text.substring(start, end);
        assertThat(Cl100kPieces.end(piece, 0))
            .as(() -> "" + escaped(piece) + " alone")
            .isEqualTo(piece.length());
        start = end;
      }
    }
  }

  @Test
  void aPieceSeenBeforeIsNotTokenizedAgain() {
    List<String> asked = new ArrayList<>();
    Cl100kPieces pieces =
        new Cl100kPieces(
            piece -> {
              asked.add(piece);
              return Jtokkit.count(piece);
            });
    String line = "ERROR payment failed: connection refused\n";
    int first = pieces.count(line);
    int askedOnce = asked.size();
    assertThat(pieces.count(line.repeat(50))).isEqualTo(50 * first);
    assertThat(asked).hasSize(askedOnce).doesNotHaveDuplicates();
    // Single ASCII characters are one token each, never asked.
    assertThat(asked).allMatch(piece -> piece.length() > 1 || piece.charAt(0) >= 0x80);
  }

  /** "Aa" and "BB" have the same hash: each must get its own count, not the other's. */
  @Test
  void piecesOfTheSameHashKeepTheirOwnCounts() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    Cl100kPieces pieces = new Cl100kPieces(piece -> piece.equals("Aa") ? 10 : 20);
    assertThat(pieces.count("Aa\nBB\nAa\nBB")).isEqualTo(10 + 1 + 20 + 1 + 10 + 1 + 20);
  }

  /**
   * Short Latin-1 pieces are remembered as a number (length, then a byte a character): pieces that
   * differ only in length with leading zero bytes, at the Latin-1 bound, or at the longest packed
   * length keep their own counts, each counted once.
   */
  @Test
  void piecesHeldAsNumbersKeepTheirOwnCounts() {
    java.util.List<String> asked = new java.util.ArrayList<>();
    Cl100kPieces pieces =
        new Cl100kPieces(
            piece -> {
              asked.add(piece);
              return piece.length() * 100 + piece.charAt(piece.length() - 1);
            });
    String[] alike = {
      "\u00e9",
      "\u0000\u00e9",
      "\u00ff\u00e9",
      "\u0100\u00e9",
      "\u01ff\u00e9",
      "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
      "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
      "\u0001\u00e9"
    };
    for (int round = 0; round < 3; round++) {
      for (String piece : alike) {
        assertThat(Cl100kPieces.end(piece, 0)).as(piece).isEqualTo(piece.length());
        assertThat(pieces.count(piece))
            .as("%s", piece.chars().mapToObj(Integer::toHexString).toList())
            .isEqualTo(piece.length() * 100 + piece.charAt(piece.length() - 1));
      }
    }
    assertThat(asked).containsExactly(alike);
  }

  /**
   * The same short pieces with counts small enough to be packed with the piece in one number (the
   * test above has counts too large for that): each keeps its own count, counted once; and a count
   * of 15, the largest packed, and of 16, the first kept apart, are both given back as they were.
   */
  @Test
  void piecesPackedWithTheirCountsKeepTheirOwnCounts() {
    java.util.List<String> asked = new java.util.ArrayList<>();
    java.util.function.ToIntFunction<String> count =
        piece -> piece.length() * 2 - 1 + (piece.charAt(0) & 1);
    Cl100kPieces pieces =
        new Cl100kPieces(
            piece -> {
              asked.add(piece);
              return piece.startsWith("\u00fe") ? 15 + piece.length() % 2 : count.applyAsInt(piece);
            });
    String[] alike = {
      "\u00e9",
      "\u0000\u00e9",
      "\u00ff\u00e9",
      "\u0100\u00e9",
      "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
      "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e8",
      "\u0001\u00e9",
      "\u00fe\u00fe",
      "\u00fe\u00fe\u00fe"
    };
    for (int round = 0; round < 3; round++) {
      for (String piece : alike) {
        int expected =
            piece.startsWith("\u00fe") ? 15 + piece.length() % 2 : count.applyAsInt(piece);
        assertThat(pieces.count(piece))
            .as("%s", piece.chars().mapToObj(Integer::toHexString).toList())
            .isEqualTo(expected);
      }
    }
    assertThat(asked).containsExactly(alike);
  }

  @Test
  void longPiecesAreCountedButNotRemembered() {
    AtomicInteger asked = new AtomicInteger();
    Cl100kPieces pieces =
        new Cl100kPieces(
            piece -> {
              asked.incrementAndGet();
              return Jtokkit.count(piece);
            });
    String word = "a".repeat(Cl100kPieces.REMEMBERED_CHARS + 1);
    int expected = Jtokkit.count(word);
    assertThat(pieces.count(word)).isEqualTo(expected);
    assertThat(pieces.count(word)).isEqualTo(expected);
    assertThat(asked).hasValue(2);
    assertThat(pieces.remembered()).isZero();
  }

  @Test
  void whatIsRememberedIsBounded() {
    Cl100kPieces pieces = new Cl100kPieces(String::length);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5 * Cl100kPieces.SLOTS; i++) {
      text.append(" w").append(Integer.toString(i, 26).replace('0', 'z').replaceAll("[0-9]", "q"));
    }
    pieces.count(text.toString());
    assertThat(pieces.remembered())
        .isLessThanOrEqualTo(Cl100kPieces.MOST_REMEMBERED)
        .isGreaterThan(1_000);
  }

  /** The slots are shared without a lock: threads counting at once still get exact counts. */
  @Test
  void threadsCountingAtOnceGetExactCounts() throws Exception {
    Cl100kPieces pieces = new Cl100kPieces(Jtokkit::count);
    List<String> texts = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 400; i++) {
      texts.add(generated(random));
    }
    int[] expected = texts.stream().mapToInt(Jtokkit::count).toArray();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        done.add(
            threads.submit(
                () -> {
                  for (int round = 0; round < 5; round++) {
                    for (int i = 0; i < texts.size(); i++) {
                      int k = (i * 7 + offset * 101 + round) % texts.size();
                      assertThat(pieces.count(texts.get(k))).isEqualTo(expected[k]);
                    }
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  static String generated(Random random) {
    StringBuilder text = new StringBuilder();
    int parts = random.nextInt(60);
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(10)) {
        case 0 -> text.append("0123456789".repeat(5), 0, 1 + random.nextInt(45));
        case 1 -> {
          String blanks = " \t\n\r\u000B\f\u0085\u00A0\u3000\u2009";
          for (int n = 1 + random.nextInt(30); n > 0; n--) {
            text.append(blanks.charAt(random.nextInt(random.nextBoolean() ? 1 : blanks.length())));
          }
        }
        default -> text.append(PARTS[random.nextInt(PARTS.length)]);
      }
    }
    return text.toString();
  }

  /** The bytes of each of our pieces, as jtokkit encodes them (a lone surrogate as three). */
  static List<Integer> ours(String text) {
    List<Integer> sizes = new ArrayList<>();
    for (int start = 0; start < text.length(); ) {
      int end = Cl100kPieces.end(text, start);
      assertThat(end).isGreaterThan(start);
      int bytes = 0;
      for (int i = start; i < end; ) {
        int c = text.codePointAt(i);
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        i += Character.charCount(c);
      }
      sizes.add(bytes);
      start = end;
    }
    return sizes;
  }

  /**
   * jtokkit as the agent runs it, without assertions: loaded apart with them off, since the test
   * run turns them on and its parser asserts that a text holds no lone surrogate (which it then
   * counts, three bytes each, when assertions are off, as they are in the agent).
   */
  static final class Jtokkit {
    private static final Method COUNT;
    private static final Object ENCODING;
    private static final Method SPLIT;
    private static final Method SIZE;

    static {
      try {
        URL jar = Encodings.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader loader =
            new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        loader.setDefaultAssertionStatus(false);
        Class<?> encodings = loader.loadClass("com.knuddels.jtokkit.Encodings");
        Class<?> type = loader.loadClass("com.knuddels.jtokkit.api.EncodingType");
        Object registry = encodings.getMethod("newLazyEncodingRegistry").invoke(null);
        Object cl100k = type.getField("CL100K_BASE").get(null);
        Class<?> registryType = loader.loadClass("com.knuddels.jtokkit.api.EncodingRegistry");
        ENCODING = registryType.getMethod("getEncoding", type).invoke(registry, cl100k);
        COUNT =
            loader
                .loadClass("com.knuddels.jtokkit.api.Encoding")
                .getMethod("countTokensOrdinary", String.class);
        Class<?> parser = loader.loadClass("com.knuddels.jtokkit.Cl100kParser");
        SPLIT = parser.getDeclaredMethod("split", String.class, Predicate.class);
        SPLIT.setAccessible(true);
        SIZE = loader.loadClass("com.knuddels.jtokkit.ByteArrayList").getDeclaredMethod("size");
        SIZE.setAccessible(true);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    static int count(String text) {
      try {
        return (Integer) COUNT.invoke(ENCODING, text);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The bytes of each of jtokkit's pieces, from its own parser. */
    static List<Integer> pieces(String text) {
      List<Integer> sizes = new ArrayList<>();
      Predicate<Object> each =
          piece -> {
            try {
              sizes.add((Integer) SIZE.invoke(piece));
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e);
            }
            return false;
          };
      try {
        SPLIT.invoke(null, text, each);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("jtokkit's parser is not where it was", e);
      }
      return sizes;
    }
  }

  /** The log page {@code LoopMain}'s tool returns. */
  static String logPage(int page) {
    StringBuilder text = new StringBuilder();
    for (int line = 0; text.length() < 16_000; line++) {
      text.append("2026-12-06T10:")
          .append(10 + line % 50)
          .append(":00Z page=")
          .append(page)
          .append(line % 17 == 0 ? " ERROR payment call failed: connection refused" : " INFO")
          .append(" request ")
          .append(line)
          .append(" served in ")
          .append(line * 7 % 300)
          .append(" ms by pod checkout-api-7d9f-")
          .append(line % 3)
          .append('\n');
    }
    return text.toString();
  }

  /** The scenarios' logs and manifests, the bench's real logs, the Markdown and this package. */
  static List<String> repositoryTexts() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isDirectory(root.resolve("scenarios"))) {
      root = root.getParent();
    }
    assertThat(root)
        .as("the repository's root, above %s", Path.of("").toAbsolutePath())
        .isNotNull();
    List<Path> files = new ArrayList<>();
    for (String folder :
        List.of("scenarios", "bench/data", "oats-core/src/main/java/dev/oats/agent")) {
      try (Stream<Path> walk = Files.walk(root.resolve(folder))) {
        walk.filter(Files::isRegularFile)
            .filter(p -> p.toString().matches(".*\\.(log|yaml|json|java|md|py)$"))
            .sorted()
            .forEach(files::add);
      }
    }
    files.add(root.resolve("README.md"));
    files.add(root.resolve("BENCHMARKS.md"));
    return files.stream()
        .map(
            p -> {
              try {
                return Files.readString(p, StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.chars()
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7F) {
                out.append((char) c);
              } else {
                out.append(String.format("\\u%04X", c));
              }
            });
    return out.append('"').toString();
  }
}
