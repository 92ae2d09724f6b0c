package dev.oats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.llm.providers.Models;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The core's packages depend on each other one way: a cycle makes two packages one in all but name
 * (the model adapters and {@code dev.oats.llm} were one, through the factory that knew them all).
 * Read from the compiled classes by the JDK's {@code jdeps}.
 */
class PackageCyclesTest {

  private static final Pattern EDGE =
      Pattern.compile(
          "^\\s+(dev\\.oats\\.\\S+)\\s+->\\s+(dev\\.oats\\.\\S+)\\s", Pattern.MULTILINE);

  @Test
  void theCoresPackagesHaveNoCycle() throws Exception {
    Path classes =
        Path.of(Models.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    Map<String, Set<String>> uses = dependencies(classes);

    assertThat(uses).as("packages read by jdeps").containsKeys("dev.oats.llm", "dev.oats.agent");
    assertThat(cycles(uses)).as("package cycles in %s", classes).isEmpty();
  }

  /** Which of our packages each of our packages uses, itself left out. */
  static Map<String, Set<String>> dependencies(Path classes) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int exit =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "-verbose:package",
            "-filter:none",
            "-e",
            "dev\\.oats\\..*",
            classes.toString());
    assertThat(exit).as(out.toString()).isZero();
    Map<String, Set<String>> uses = new TreeMap<>();
    Matcher edge = EDGE.matcher(out.toString());
    while (edge.find()) {
      Set<String> used = uses.computeIfAbsent(edge.group(1), p -> new TreeSet<>());
      if (!edge.group(1).equals(edge.group(2))) {
        used.add(edge.group(2));
      }
    }
    return uses;
  }

  /** Each cycle found by a depth-first walk, as the packages along it. */
  static List<List<String>> cycles(Map<String, Set<String>> uses) {
    List<List<String>> found = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String start : uses.keySet()) {
      walk(start, uses, new ArrayList<>(), done, found);
    }
    return found;
  }

  private static void walk(
      String at,
      Map<String, Set<String>> uses,
      List<String> path,
      Set<String> done,
      List<List<String>> found) {
    int seen = path.indexOf(at);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(at);
      found.add(cycle);
      return;
    }
    if (done.contains(at)) {
      return;
    }
    path.add(at);
    for (String next : uses.getOrDefault(at, Set.of())) {
      walk(next, uses, path, done, found);
    }
    path.removeLast();
    done.add(at);
  }
}
