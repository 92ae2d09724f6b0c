package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellParserTest {

  private static List<List<String>> commands(String script) throws ShellSyntaxException {
    return ShellParser.parse(script).stream()
        .map(command -> command.words().stream().map(Word::text).toList())
        .toList();
  }

  @Test
  void pipelinesAndListsAreSplitIntoSimpleCommands() throws Exception {
    assertThat(commands("a x | b && c || d; e & f\ng |& h"))
        .containsExactly(
            List.of("a", "x"),
            List.of("b"),
            List.of("c"),
            List.of("d"),
            List.of("e"),
            List.of("f"),
            List.of("g"),
            List.of("h"));
  }

  @Test
  void quotesAndEscapesAreRemovedTheWayBashRemovesThem() throws Exception {
    assertThat(commands("echo 'a b' \"c $HOME d\" e\\ f \"g\\\"h\" i\\\nj"))
        .containsExactly(List.of("echo", "a b", "c $HOME d", "e f", "g\"h", "ij"));
  }

  @Test
  void substitutionsContributeTheCommandsInsideThem() throws Exception {
    assertThat(commands("echo $(date -u) `hostname` \"$(uname -r)\" <(ls)"))
        .containsExactlyInAnyOrder(
            List.of("date", "-u"),
            List.of("hostname"),
            List.of("uname", "-r"),
            List.of("ls"),
            List.of("echo", "$(date -u)", "`hostname`", "$(uname -r)", "<(ls)"));
  }

  @Test
  void wordsRememberWhetherTheShellWillExpandThem() throws Exception {
    List<Word> words = ShellParser.parse("x $A \"$B\" \"--n=$C\" {a,b} 'lit$D'").get(0).words();

    assertThat(words)
        .extracting(Word::isOpaque)
        .containsExactly(false, true, true, false, true, false);
  }

  @Test
  void redirectionsAreReadWithTheirTargets() throws Exception {
    SimpleCommand command = ShellParser.parse("cmd 2>/dev/null >>out <in 2>&1 &>all").get(0);

    assertThat(command.words()).extracting(Word::text).containsExactly("cmd");
    assertThat(command.redirects())
        .extracting(r -> r.operator() + " " + r.target().text())
        .containsExactly(">  /dev/null".replace("  ", " "), ">> out", "< in", ">& 1", "&> all");
  }

  @Test
  void hereDocumentBodiesAreExpandedOnlyWhenTheDelimiterIsUnquoted() throws Exception {
    assertThat(commands("cat <<EOF\n$(id)\nEOF\ncat <<'EOF'\n$(whoami)\nEOF\nls"))
        .containsExactly(List.of("cat"), List.of("id"), List.of("cat"), List.of("ls"));
  }

  @Test
  void unbalancedOrUnsupportedSyntaxIsRejected() {
    for (String script : List.of("echo 'x", "echo \"x", "echo $(x", "x )", "ls >", "f() { x; }")) {
      assertThatThrownBy(() -> ShellParser.parse(script))
          .as(script)
          .isInstanceOf(ShellSyntaxException.class);
    }
  }
}
