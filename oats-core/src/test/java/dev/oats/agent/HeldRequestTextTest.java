package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What a person deciding on a held call reads: the whole request, by name, never escaped JSON. */
class HeldRequestTextTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSingleCommandReadsAsTheCommandItself() {
    ObjectNode arguments = JSON.createObjectNode().put("command", "kubectl delete pod x | wc -l");

    assertThat(ApprovalGate.Request.readable(arguments)).isEqualTo("kubectl delete pod x | wc -l");
  }

  @Test
  void aScriptReadsAsItsLinesUnderItsNameAndNotAsEscapedJson() {
    ObjectNode arguments =
        JSON.createObjectNode()
            .put("code", "import shutil\nshutil.rmtree('/data')\nprint(\"done\")\n");

    assertThat(ApprovalGate.Request.readable(arguments))
        .isEqualTo("code:\n  import shutil\n  shutil.rmtree('/data')\n  print(\"done\")")
        .doesNotContain("\\n", "{");
  }

  @Test
  void everyArgumentIsNamedWithTheCommandFirst() {
    ObjectNode arguments =
        JSON.createObjectNode().put("working_directory", "/srv").put("command", "rm -rf *");
    arguments.putObject("labels").put("app", "cart");
    arguments.putArray("hosts").add("a").add("b");

    assertThat(ApprovalGate.Request.readable(arguments))
        .isEqualTo(
            "command: rm -rf *\n"
                + "working_directory: /srv\n"
                + "labels: {\"app\":\"cart\"}\n"
                + "hosts: [\"a\",\"b\"]");
  }

  @Test
  void aLongStructuredValueIsPrettyPrintedOnItsOwnLines() {
    ObjectNode arguments = JSON.createObjectNode();
    ObjectNode patch = arguments.putObject("patch");
    for (int i = 0; i < 6; i++) {
      patch.put("annotation-number-" + i, "value-" + i);
    }

    String shown = ApprovalGate.Request.readable(arguments);

    assertThat(shown)
        .startsWith("patch:\n  {\n")
        .contains("\n    \"annotation-number-5\" : \"value-5\"");
    assertThat(shown.lines()).allMatch(line -> line.length() <= 72);
  }

  @Test
  void noArgumentsAtAllSaySo() {
    assertThat(ApprovalGate.Request.readable(JSON.createObjectNode())).isEqualTo("(no arguments)");
  }
}
