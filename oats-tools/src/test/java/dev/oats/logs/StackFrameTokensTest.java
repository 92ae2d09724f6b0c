package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Rule 28 (issue 15): a stack frame the JDK prints without a line number ({@code (Native Method)},
 * {@code (Unknown Source)}) is one token, as every other frame is, so a trace's frames make one
 * event whatever they call. The frames are printed by {@link StackTraceElement#toString()} itself,
 * not written by hand.
 */
class StackFrameTokensTest {

  private final Masker masker = new Masker();
  private final TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());

  private int add(String message) {
    return miner.add(masker.mask(message));
  }

  private static String frame(String module, String type, String method, String file, int line) {
    return "at " + new StackTraceElement(null, module, null, type, method, file, line);
  }

  @Test
  void framesWithoutALineNumberJoinTheOtherFrames() {
    List<String> frames =
        List.of(
            frame("java.base", "java.lang.Thread", "sleep0", null, -2),
            frame(null, "demo.Items", "doGet", "Items.java", 61),
            frame(null, "jdk.internal.reflect.GeneratedMethodAccessor12", "invoke", null, -1),
            frame(null, "demo.Refresher$$Lambda$167/0x00007fd1651a2208", "run", null, -1),
            frame(null, "jakarta.servlet.http.HttpServlet", "service", "HttpServlet.java", 564),
            frame("java.base", "java.lang.Object", "wait0", null, -2),
            frame(null, "org.apache.catalina.core.StandardWrapperValve", "invoke", null, -1),
            frame(null, "demo.Main", "main", "Main.java", -1));
    assertThat(frames.get(0)).endsWith("(Native Method)");
    assertThat(frames.get(2)).endsWith("(Unknown Source)");
    assertThat(frames.get(7)).endsWith("(Main.java)");

    List<Integer> ids = frames.stream().map(this::add).toList();
    assertThat(IntStream.range(0, ids.size()).map(i -> miner.resolve(ids.get(i))).distinct())
        .as("every frame one event")
        .hasSize(1);
    assertThat(miner.template(miner.resolve(ids.get(0))).text()).isEqualTo("at <*>");
  }

  @Test
  void onlyAFewPlainWordsClosingTheCallAreTakenIn() {
    assertThat(masker.mask("at demo.Items.doGet(Native Method)")).hasSize(2);
    assertThat(masker.mask("retry(in 5 s) scheduled"))
        .as("a number inside is not a plain word")
        .containsExactly("retry(in", "<*>", "s)", "scheduled");
    assertThat(masker.mask("open(no such file or directory)"))
        .as("more than two words after the first stay apart")
        .hasSize(5);
    assertThat(masker.mask("call(Native Method)x next"))
        .as("the parenthesis must end the token")
        .hasSize(3);
    assertThat(masker.mask("(pid 4242) started")).as("no call before the parenthesis").hasSize(3);
  }
}
