package dev.oats.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.ChatRequest;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Requests of every shape an agent sends (a goal, turns of calls and results, follow-up questions,
 * tools with nested schemas, cache breaks, odd text), drawn from a seed: for tests that compare two
 * ways of writing a request.
 */
public final class RandomRequests {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String[] WORDS = {
    "pod",
    "checkout-api",
    "CrashLoopBackOff",
    "namespace",
    "\"quoted\"",
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "ünïcödé",
    "日本語",
    "emoji 🚀",
    "<html>",
    "{\"json\": 1}",
    "\u0001ctl",
    "  ",
    "é"
  };

  private final Random random;

  public RandomRequests(long seed) {
    this.random = new Random(seed);
  }

  /** The next request. */
  public ChatRequest next() {
    List<Message> messages = new ArrayList<>();
    messages.add(new Message.User(text(1 + random.nextInt(30))));
    int turns = random.nextInt(5);
    for (int t = 0; t < turns; t++) {
      List<ToolCall> calls = new ArrayList<>();
      for (int c = random.nextInt(4); c > 0; c--) {
        calls.add(new ToolCall("call_" + t + "_" + c, "tool_" + random.nextInt(5), object(2)));
      }
      messages.add(new Message.Assistant(random.nextInt(4) == 0 ? "" : text(20), calls));
      if (calls.isEmpty()) {
        messages.add(new Message.User(text(10)));
        continue;
      }
      List<Message.ToolResultBlock> results = new ArrayList<>();
      for (ToolCall call : calls) {
        results.add(
            new Message.ToolResultBlock(
                call.id(), call.name(), text(random.nextInt(200) + 1), random.nextInt(5) == 0));
      }
      messages.add(new Message.ToolResults(results));
      if (random.nextInt(6) == 0) {
        messages.add(new Message.User("Follow-up: " + text(8)));
      }
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      tools.add(new ToolSpec("tool_" + i, text(12), schema(2)));
    }
    List<Integer> breaks = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      if (random.nextInt(3) == 0 && breaks.size() < 2) {
        breaks.add(i);
      }
    }
    double[] temperatures = {0.0, 0.2, 0.7, 1.0};
    return new ChatRequest(
        text(40),
        messages,
        tools,
        1 + random.nextInt(16_384),
        temperatures[random.nextInt(temperatures.length)],
        breaks);
  }

  private String text(int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }

  private ObjectNode object(int depth) {
    ObjectNode object = JSON.objectNode();
    for (int i = random.nextInt(4); i > 0; i--) {
      String key = "k" + random.nextInt(10);
      switch (random.nextInt(depth > 0 ? 7 : 5)) {
        case 0 -> object.put(key, text(2));
        case 1 -> object.put(key, random.nextInt());
        case 2 -> object.put(key, random.nextDouble());
        case 3 -> object.put(key, random.nextBoolean());
        case 4 -> object.putNull(key);
        case 5 -> object.set(key, object(depth - 1));
        default -> {
          ArrayNode array = object.putArray(key);
          for (int j = random.nextInt(3); j > 0; j--) {
            array.add(object(depth - 1));
          }
        }
      }
    }
    return object;
  }

  private ObjectNode schema(int depth) {
    ObjectNode schema = JSON.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    for (int i = random.nextInt(4); i > 0; i--) {
      String name = "p" + i;
      if (depth > 0 && random.nextBoolean()) {
        properties.set(name, schema(depth - 1));
      } else {
        properties.putObject(name).put("type", "string").put("description", text(3));
      }
      if (random.nextBoolean()) {
        schema.withArray("required").add(name);
      }
    }
    return schema;
  }
}
