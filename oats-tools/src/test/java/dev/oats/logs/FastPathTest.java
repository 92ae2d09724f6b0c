package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hot path of the miner (the masked message joined into one key string, looked up in the
 * miner's recent keys) against the plain way of doing the same (the masked tokens, one by one), on
 * fuzzed lines with a fixed seed: every line must be grouped as the plain path groups it.
 */
class FastPathTest {

  /** Pieces of real log lines: values of every shape the masker knows, brackets, quotes, units. */
  private static final String[] ATOMS = {
    "user",
    "id=42",
    "size=16.0",
    "KB",
    "MB",
    "ms",
    "12ms",
    "3.5GiB",
    "80%",
    "0x1f3a",
    "deadbeefcafe",
    "10.0.0.1:8080",
    "[2001:db8::1]:443",
    "aa:bb:cc:dd:ee:ff",
    "123e4567-e89b-12d3-a456-426614174000",
    "2024-05-01T10:00:00Z",
    "Jul",
    "Fri",
    "15",
    "11:22:33",
    "/var/log/x.log",
    "http://a.b/c?d=1",
    "a@b.com",
    "\"quoted string here\"",
    "key=\"a b c\"",
    "size........64",
    "poolName.......orders",
    "...",
    "eth0",
    "node-17",
    "blk_-42",
    "chunk_12",
    "req-38101a0b-2096-447d-96ea",
    "(1,",
    "2,",
    "3)",
    "[1,",
    "2]",
    "<*>",
    "x<*>y",
    "call(arg1)",
    "foo.bar.Baz",
    "ERROR",
    "WARN",
    "INFO",
    "Exception:",
    "at",
    "host.example.com",
    "java.lang.Foo.bar(Foo.java:12)",
    "{\"a\":1}",
    "µs",
    "1.2.3",
    "v2",
    "-",
    "*",
    "#3",
    "é",
    "日本",
    "a\\\"b",
    "\"",
    "=",
    "::",
    ":",
    "(",
    ")",
    "\"open",
    "close\"",
    "x=",
    "=y",
    "1,2,3",
    "~/x",
    "C:\\dir\\f",
    "+0000",
    "-1",
    "1e9",
    "took",
    "seconds",
    "retries=3"
  };

  /** Line starts: no header, and the headers of common formats. */
  private static final String[] HEADS = {
    "",
    "2024-05-01 10:00:00,123 INFO ",
    "Jul 15 11:22:33 host proc[123]: ",
    "[2024-05-01T10:00:00Z] WARN ",
    "E0501 10:00:00.000000    1 x.go:12] ",
    "level=info ts=2024-05-01T10:00:00Z msg=",
    "  ",
    "081109 203615 148 INFO dfs.DataNode$PacketResponder: "
  };

  /** Lines made of atoms and random runs of value characters; seeded, so always the same. */
  static List<String> fuzzedLines(long seed, int count) {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(count);
    String noise = "ab1.:=-_\"[](),<*>/9 \t";
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder(HEADS[random.nextInt(HEADS.length)]);
      int words = random.nextInt(15);
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          line.append(' ');
        }
        if (random.nextInt(5) > 0) {
          line.append(ATOMS[random.nextInt(ATOMS.length)]);
        } else {
          for (int c = random.nextInt(8) + 1; c > 0; c--) {
            line.append(noise.charAt(random.nextInt(noise.length())));
          }
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * Every line of a fuzzed log gets the template id the plain path gives it: the masked tokens
   * joined into a new string per line, looked up as a string. Few distinct shapes, so that most
   * lines are repeats found in the table, and a small cap, so that the table of recent keys is
   * cleared and templates are evicted on the way.
   */
  @Test
  void theParserGroupsEveryLineAsThePlainPathDoes() {
    for (int maxTemplates : new int[] {50, 1000}) {
      List<String> lines = fuzzedLines(14, 4_000);
      TemplateMiner.Config config = TemplateMiner.Config.defaults().withMaxTemplates(maxTemplates);
      LogParser fast = new LogParser(new TemplateMiner(config));
      PlainMiner plain = new PlainMiner(new TemplateMiner(config));
      HeaderDetector headers = new HeaderDetector();
      for (int i = 0; i < lines.size(); i++) {
        String content = headers.detect(lines.get(i)).content();
        // Each shape twice in a row, so that the second is always a repeat.
        for (int again = 0; again < 2; again++) {
          assertThat(fast.mine(content))
              .as("line %d: %s", i, lines.get(i))
              .isEqualTo(plain.mine(content));
        }
      }
      assertThat(fast.miner().templates()).hasSameSizeAs(plain.miner.templates());
    }
  }

  /** The plainest path: the masked tokens, joined into a new string per line. */
  private static final class PlainMiner {
    private final Masker masker = new Masker();
    private final TemplateMiner miner;

    PlainMiner(TemplateMiner miner) {
      this.miner = miner;
    }

    int mine(String content) {
      return miner.add(masker.mask(content));
    }
  }
}
