package dev.oats.agent;

import dev.oats.model.ToolSpec;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tools of one OATS process, built once at start and immutable after. A name that two tools
 * claim stops the start: a silent override would let a plugin replace a built-in unnoticed.
 */
public final class ToolRegistry {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final Map<String, Entry> tools;
  private final List<String> problems;

  /**
   * A tool, or a tool that is not offered, with where it came from.
   *
   * @param name the tool's name
   * @param source where it came from: {@code builtin}, a plugin jar, a YAML file, an MCP server
   * @param tool the tool, or null when disabled
   * @param disabledReason why it is not offered, or null
   */
  public record Entry(String name, String source, Tool tool, String disabledReason) {
    public boolean enabled() {
      return tool != null;
    }

    public Optional<ToolCategory> category() {
      return Optional.ofNullable(tool).map(Tool::category);
    }
  }

  private ToolRegistry(Map<String, Entry> tools, List<String> problems) {
    this.tools = tools;
    this.problems = problems;
  }

  /** Sources that could not be loaded (a broken plugin jar, say), each with the reason. */
  public List<String> problems() {
    return problems;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The enabled tool of that name. */
  public Optional<Tool> find(String name) {
    Entry entry = tools.get(name);
    return entry == null || !entry.enabled() ? Optional.empty() : Optional.of(entry.tool());
  }

  /** The enabled tools, in registration order. */
  public List<Tool> enabled() {
    return tools.values().stream().filter(Entry::enabled).map(Entry::tool).toList();
  }

  /** Every tool known, enabled or not, for listings. */
  public Collection<Entry> entries() {
    return tools.values();
  }

  public List<String> enabledNames() {
    return enabled().stream().map(Tool::name).toList();
  }

  /** The tools as a model sees them. */
  public List<ToolSpec> specs() {
    return enabled().stream()
        .map(tool -> new ToolSpec(tool.name(), tool.description(), tool.parameters()))
        .toList();
  }

  /** Collects tools; {@link #build()} checks names once, over all of them. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    public Builder add(String source, Tool tool) {
      entries.add(new Entry(tool.name(), source, tool, null));
      return this;
    }

    public Builder addDisabled(String source, String name, String reason) {
      entries.add(new Entry(name, source, null, reason));
      return this;
    }

    /** Records a source that was skipped, with why, for {@code oats tools} and the logs. */
    public Builder skipped(String problem) {
      skipped.add(problem);
      return this;
    }

    /**
     * @throws IllegalStateException naming every conflict, when a name is invalid or claimed twice
     */
    public ToolRegistry build() {
      Map<String, Entry> byName = new LinkedHashMap<>();
      List<String> problems = new ArrayList<>();
      for (Entry entry : entries) {
        if (!NAME.matcher(entry.name()).matches()) {
          problems.add(
              "tool name '%s' from %s is invalid: use lower case letters, digits and underscores"
                  .formatted(entry.name(), entry.source()));
          continue;
        }
        Entry previous = byName.putIfAbsent(entry.name(), entry);
        if (previous != null) {
          problems.add(
              "tool '%s' is defined twice: by %s and by %s; rename or remove one"
                  .formatted(entry.name(), previous.source(), entry.source()));
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException("Cannot load the tools: " + String.join("; ", problems));
      }
      return new ToolRegistry(Collections.unmodifiableMap(byName), List.copyOf(skipped));
    }
  }
}
