package dev.oats.tools.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A child process and everything it starts. Killing only the child would leave its children running
 * (a backgrounded {@code sleep 300 &}, a pipeline stage) and holding the output pipes open, so the
 * whole tree is found and killed.
 */
final class ProcessTree {

  private final ProcessHandle root;
  private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();

  ProcessTree(ProcessHandle root) {
    this.root = root;
  }

  /**
   * Notes the processes in the tree now. A process whose parent exits is re-parented and no longer
   * in the tree, so processes seen earlier can still be killed later.
   */
  void remember() {
    root.descendants().forEach(process -> seen.putIfAbsent(process.pid(), process));
  }

  /** Kills the root and every process it started, taking the tree before the root dies. */
  void kill() {
    List<ProcessHandle> descendants = root.descendants().toList();
    root.destroyForcibly();
    descendants.forEach(ProcessTree::killWithChildren);
    seen.values().forEach(ProcessTree::killWithChildren);
  }

  /** After the root exited: kills what it left running in the background. */
  void killLeftovers() {
    seen.values().stream().filter(ProcessHandle::isAlive).forEach(ProcessTree::killWithChildren);
  }

  private static void killWithChildren(ProcessHandle process) {
    List<ProcessHandle> children = process.children().toList();
    process.destroyForcibly();
    children.forEach(ProcessTree::killWithChildren);
  }
}
