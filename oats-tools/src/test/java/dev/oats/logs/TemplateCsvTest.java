package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateCsvTest {

  private static List<String> csv(String log) throws Exception {
    StringWriter out = new StringWriter();
    TemplateCsv.write(new BufferedReader(new StringReader(log)), out);
    return out.toString().lines().toList();
  }

  @Test
  void writesOneRowPerInputLineInOrder() throws Exception {
    List<String> rows =
        csv(
            """
            2024-05-01 10:00:00 INFO app - user 17 logged in
            2024-05-01 10:00:01 WARN app - disk 91% full
            2024-05-01 10:00:02 INFO app - user 42 logged in
            """);

    assertThat(rows)
        .containsExactly(
            "line,template_id,template",
            "1,1,user <*> logged in",
            "2,2,disk <*> full",
            "3,1,user <*> logged in");
  }

  @Test
  void givesEveryLineTheFinalIdAndTemplateOfItsGroup() throws Exception {
    List<String> rows =
        csv(
            """
            job alpha done
            job beta done
            job gamma done
            job delta done
            job epsilon done
            """);

    assertThat(rows.subList(1, rows.size()))
        .as("five values: the position is a variable, the five variants one template")
        .containsExactly(
            "1,1,job <*> done",
            "2,1,job <*> done",
            "3,1,job <*> done",
            "4,1,job <*> done",
            "5,1,job <*> done");
  }

  @Test
  void quotesTemplatesHoldingCommasOrQuotes() throws Exception {
    List<String> rows = csv("retry 3, giving up on \"orders\"\n");

    assertThat(rows.get(1)).isEqualTo("1,1,\"retry <*>, giving up on \"\"orders\"\"\"");
  }

  @Test
  void keepsTheIdAndTextOfEvictedTemplates() throws Exception {
    StringWriter out = new StringWriter();
    String log = "alpha started\nbeta stopped now\ngamma\nalpha started\n";

    TemplateCsv.write(
        new BufferedReader(new StringReader(log)),
        out,
        TemplateMiner.Config.defaults().withMaxTemplates(1));

    assertThat(out.toString().lines().toList())
        .containsExactly(
            "line,template_id,template",
            "1,1,alpha started",
            "2,2,beta stopped now",
            "3,3,gamma",
            "4,4,alpha started");
  }

  @Test
  void writesARowForEmptyLinesToo() throws Exception {
    List<String> rows = csv("first line\n\nthird line\n");

    assertThat(rows).hasSize(4);
    assertThat(rows.get(2)).startsWith("2,");
  }
}
