package dev.oats.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Which of our packages use which, read from compiled classes by the JDK's {@code jdeps}, and the
 * tangles in it: a cycle makes two packages one in all but name.
 */
public final class PackageGraph {

  private static final Pattern EDGE =
      Pattern.compile(
          "^\\s+(dev\\.oats\\.\\S+)\\s+->\\s+(dev\\.oats\\.\\S+)\\s", Pattern.MULTILINE);

  private PackageGraph() {}

  /** Which of our packages each of our packages in {@code classes} uses, itself left out. */
  public static Map<String, Set<String>> dependencies(Path classes) {
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
    if (exit != 0) {
      throw new IllegalStateException("jdeps failed (" + exit + "): " + out);
    }
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

  /**
   * The tangles: each set of two or more packages that all reach one another (a strongly connected
   * component), found by Tarjan's algorithm; empty when the packages depend on each other one way.
   */
  public static List<Set<String>> tangles(Map<String, Set<String>> uses) {
    return new Tarjan(uses).run();
  }

  private static final class Tarjan {
    private final Map<String, Set<String>> uses;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final List<String> stack = new ArrayList<>();
    private final List<Set<String>> found = new ArrayList<>();

    Tarjan(Map<String, Set<String>> uses) {
      this.uses = uses;
    }

    List<Set<String>> run() {
      for (String start : uses.keySet()) {
        if (!index.containsKey(start)) {
          visit(start);
        }
      }
      return found;
    }

    private void visit(String at) {
      index.put(at, index.size());
      low.put(at, index.get(at));
      stack.add(at);
      for (String next : uses.getOrDefault(at, Set.of())) {
        if (!index.containsKey(next)) {
          visit(next);
          low.put(at, Math.min(low.get(at), low.get(next)));
        } else if (stack.contains(next)) {
          low.put(at, Math.min(low.get(at), index.get(next)));
        }
      }
      if (low.get(at).equals(index.get(at))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.removeLast();
          component.add(member);
        } while (!member.equals(at));
        if (component.size() > 1) {
          found.add(component);
        }
      }
    }
  }
}
