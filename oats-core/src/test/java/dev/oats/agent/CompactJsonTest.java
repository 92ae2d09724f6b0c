package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactJsonTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * The token counter counts a call's arguments as this writes them: it must be character for
   * character what Jackson's {@code toString} writes, on random values of every kind (nested
   * objects and arrays, strings with every control character, quotes, backslashes, U+007F,
   * non-ASCII and lone surrogates, {@code int} and {@code long} bounds, and the kinds left to
   * Jackson: doubles, big numbers, binary).
   */
  @Test
  void writesWhatJacksonsToStringWrites() throws Exception {
    Random random = new Random(1414);
    for (int sample = 0; sample < 20_000; sample++) {
      JsonNode value = random.nextInt(5) == 0 ? value(random, 0) : object(random, 0);
      assertThat(CompactJson.of(value)).isEqualTo(value.toString());
    }
    // And what the models' arguments parse to.
    ObjectMapper json = new ObjectMapper();
    for (String arguments :
        new String[] {
          "{\"page\": 3, \"investigation\": 7}",
          "{\"command\": \"kubectl get pods -n shop -o wide\", \"timeout\": 30}",
          "{\"path\": \"C:\\\\logs\\\\a.log\", \"q\": \"\\\"quoted\\\" \\u0001 \\t \\u00e9\"}",
          "{\"n\": 12345678901, \"x\": 1.5e3, \"e\": [], \"o\": {}, \"b\": false, \"z\": null}"
        }) {
      JsonNode parsed = json.readTree(arguments);
      assertThat(CompactJson.of(parsed)).isEqualTo(parsed.toString());
    }
  }

  private static ObjectNode object(Random random, int depth) {
    ObjectNode object = NODES.objectNode();
    int members = random.nextInt(depth > 2 ? 2 : 5);
    for (int i = 0; i < members; i++) {
      object.set(string(random), value(random, depth + 1));
    }
    return object;
  }

  private static JsonNode value(Random random, int depth) {
    return switch (random.nextInt(depth > 3 ? 9 : 12)) {
      case 0, 1, 2 -> NODES.textNode(string(random));
      case 3 -> NODES.numberNode(random.nextInt());
      case 4 ->
          NODES.numberNode(
              random.nextBoolean()
                  ? (long) random.nextInt(3) - 1 + Long.MAX_VALUE
                  : random.nextLong());
      case 5 -> NODES.booleanNode(random.nextBoolean());
      case 6 -> NODES.nullNode();
      case 7 ->
          switch (random.nextInt(5)) {
            case 0 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 1 -> NODES.numberNode(new BigDecimal(random.nextInt(100_000)).movePointLeft(3));
            case 2 -> NODES.numberNode(BigInteger.valueOf(random.nextLong()).shiftLeft(70));
            case 3 -> NODES.numberNode((short) random.nextInt());
            default -> NODES.binaryNode(new byte[] {1, 2, (byte) random.nextInt()});
          };
      case 8 -> NODES.numberNode(random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE);
      case 9, 10 -> object(random, depth);
      default -> {
        ArrayNode array = NODES.arrayNode();
        int items = random.nextInt(4);
        for (int i = 0; i < items; i++) {
          array.add(value(random, depth + 1));
        }
        yield array;
      }
    };
  }

  private static String string(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      text.append(
          switch (random.nextInt(10)) {
            case 0 -> (char) random.nextInt(0x20);
            case 1 -> '"';
            case 2 -> '\\';
            case 3 -> '\u007f';
            case 4 -> (char) (0xd800 + random.nextInt(0x800));
            case 5 -> (char) (0x80 + random.nextInt(0x700));
            case 6 -> '/';
            default -> (char) (0x20 + random.nextInt(0x5f));
          });
    }
    return text.toString();
  }
}
