package dev.oats.tools.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where tool child processes run, and what keeps them from OATS's own secrets.
 *
 * <p>With bubblewrap ({@code bwrap}, when it is installed and the kernel lets it make namespaces),
 * each call runs in new PID, mount and IPC namespaces: it cannot see OATS's process at all (so no
 * {@code /proc/<ancestor>/environ}, {@code cmdline} or {@code mem}), everything it started dies
 * with it (the namespace's first process ends the call, and the kernel kills the rest), the root
 * file system is read-only but for a private {@code /tmp} and, for a call a person approved, the
 * workspace (a call judged read-only cannot write there either), the data directory, the
 * configuration file and the key files are hidden under empty mounts, all capabilities are dropped,
 * and there is no network unless the command line uses it (or a person approved it).
 *
 * <p>Without bubblewrap, OATS running as root still drops every capability from its children
 * ({@code setpriv}), so the process OATS marked non-dumpable stays unreadable to them; the process
 * tree is killed at the end of the call. Neither hides files nor the network: the classifier and
 * the redactor are then the only guard.
 *
 * @param kind which protection is active
 * @param program the {@code bwrap} or {@code setpriv} executable, when one is used
 * @param hidden files and directories a child must not see
 */
public record Sandbox(Kind kind, Path program, List<Path> hidden) {

  /** The setting that chooses: {@code auto} (default), {@code bubblewrap} or {@code none}. */
  public static final String SETTING = "OATS_TOOL_SANDBOX";

  /** Which protection is active. */
  public enum Kind {
    BUBBLEWRAP,
    DROPPED_CAPABILITIES,
    NONE
  }

  /**
   * What one call may have.
   *
   * @param network whether it keeps the machine's network
   * @param hostProcesses whether it sees the machine's processes (for {@code ps}, {@code top})
   * @param writableRoot whether it may write, in the workspace and outside it (a person approved
   *     the call)
   */
  public record Grant(boolean network, boolean hostProcesses, boolean writableRoot) {

    /** What an approved call gets: the network and a writable root, still in its namespaces. */
    public static final Grant APPROVED = new Grant(true, false, true);
  }

  private static final Path ENV = Path.of("/usr/bin/env");
  private static final List<Path> SEARCH = List.of(Path.of("/usr/bin"), Path.of("/bin"));
  private static final List<String> KEY_FILE_SETTINGS =
      List.of(
          "ANTHROPIC_API_KEY_FILE",
          "OPENAI_API_KEY_FILE",
          "OATS_API_KEYS_FILE",
          "OATS_DB_PASSWORD_FILE",
          "OATS_EVENT_TOKEN_FILE",
          "OATS_SOURCEGRAPH_TOKEN_FILE",
          "OATS_WEB_SEARCH_API_KEY_FILE",
          "OATS_PROMETHEUS_TOKEN_FILE");

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Sandbox.class);

  private static volatile Boolean bubblewrapWorks;
  private static volatile Sandbox current;

  public Sandbox {
    hidden = List.copyOf(hidden);
  }

  /**
   * The sandbox the settings ask for, made the one every tool child process uses from now on.
   *
   * @throws IllegalStateException when {@code OATS_TOOL_SANDBOX=bubblewrap} but it cannot run here
   */
  public static Sandbox configure(Map<String, String> settings) {
    Sandbox sandbox = detect(settings);
    Optional<String> notGuarded = NonDumpable.apply();
    notGuarded.ifPresent(why -> log.warn("OATS could not mark its process non-dumpable: {}", why));
    if (!sandbox.equals(current)) {
      log.info(
          "Tool protection: {}; OATS's own process is {}",
          sandbox.describe(),
          notGuarded.isEmpty() ? "non-dumpable" : "dumpable (" + notGuarded.get() + ")");
    }
    current = sandbox;
    return sandbox;
  }

  /** The sandbox last configured, or the one the defaults give. */
  public static Sandbox current() {
    Sandbox sandbox = current;
    return sandbox != null ? sandbox : configure(Map.of());
  }

  static Sandbox detect(Map<String, String> settings) {
    String wanted = settings.getOrDefault(SETTING, "auto").strip().toLowerCase(Locale.ROOT);
    List<Path> hidden = hiddenPaths(settings);
    Optional<Path> bwrap = find("bwrap");
    switch (wanted) {
      case "none" -> {
        return new Sandbox(Kind.NONE, null, hidden);
      }
      case "bubblewrap", "bwrap" -> {
        if (bwrap.isEmpty() || !bubblewrapWorks(bwrap.get())) {
          throw new IllegalStateException(
              SETTING
                  + "=bubblewrap, but bwrap "
                  + (bwrap.isEmpty() ? "is not installed" : "cannot create namespaces here")
                  + ". Install bubblewrap (Debian: apt-get install bubblewrap), allow"
                  + " unprivileged user namespaces, or set "
                  + SETTING
                  + "=auto.");
        }
        return new Sandbox(Kind.BUBBLEWRAP, bwrap.get(), hidden);
      }
      case "auto" -> {
        if (bwrap.isPresent() && bubblewrapWorks(bwrap.get())) {
          return new Sandbox(Kind.BUBBLEWRAP, bwrap.get(), hidden);
        }
        Optional<Path> setpriv = find("setpriv");
        if (runsAsRoot() && setpriv.isPresent()) {
          return new Sandbox(Kind.DROPPED_CAPABILITIES, setpriv.get(), hidden);
        }
        return new Sandbox(Kind.NONE, null, hidden);
      }
      default ->
          throw new IllegalStateException(
              SETTING + " must be auto, bubblewrap or none, not '" + wanted + "'");
    }
  }

  /** One line for the start log and {@code oats tools}: what protects OATS from its tools. */
  public String describe() {
    return switch (kind) {
      case BUBBLEWRAP ->
          "tool processes run in a bubblewrap sandbox (own PID/mount/IPC namespaces, read-only"
              + " root, writable workspace, no capabilities, no network unless the command uses"
              + " it; hidden: "
              + (hidden.isEmpty()
                  ? "nothing"
                  : String.join(", ", hidden.stream().map(Path::toString).toList()))
              + ")";
      case DROPPED_CAPABILITIES ->
          "tool processes run without capabilities (setpriv); bubblewrap is not available, so"
              + " files and the network are guarded only by the command classifier and redaction";
      case NONE ->
          "tool processes run unsandboxed ("
              + SETTING
              + "=none or no bwrap); only the command"
              + " classifier, redaction and OATS's non-dumpable process guard its secrets";
    };
  }

  /**
   * The command line that runs {@code command} under this sandbox.
   *
   * @param workspace the investigation's workspace, the only writable place besides /tmp
   * @param directory the working directory, inside the workspace; the caller starts the sandbox
   *     there
   */
  public List<String> wrap(List<String> command, Path workspace, Path directory, Grant grant) {
    return switch (kind) {
      case NONE -> command;
      case DROPPED_CAPABILITIES -> {
        List<String> line =
            new ArrayList<>(
                List.of(
                    program.toString(),
                    "--inh-caps=-all",
                    "--ambient-caps=-all",
                    "--bounding-set=-all",
                    "--"));
        line.addAll(command);
        yield line;
      }
      case BUBBLEWRAP -> bubblewrap(command, workspace, directory, grant);
    };
  }

  private List<String> bubblewrap(
      List<String> command, Path workspace, Path directory, Grant grant) {
    List<String> line = new ArrayList<>();
    line.add(program.toString());
    line.add("--die-with-parent");
    line.add("--new-session");
    line.add("--unshare-ipc");
    if (!grant.hostProcesses()) {
      line.add("--unshare-pid");
    }
    if (!grant.network()) {
      line.add("--unshare-net");
    }
    line.add("--cap-drop");
    line.add("ALL");
    line.addAll(List.of(grant.writableRoot() ? "--bind" : "--ro-bind", "/", "/"));
    line.addAll(List.of("--dev", "/dev"));
    if (grant.hostProcesses()) {
      line.addAll(List.of("--ro-bind", "/proc", "/proc"));
    } else {
      line.addAll(List.of("--proc", "/proc"));
    }
    if (!grant.writableRoot()) {
      line.addAll(List.of("--tmpfs", "/tmp"));
    }
    for (Path path : hidden) {
      if (Files.isDirectory(path)) {
        line.addAll(List.of("--tmpfs", path.toString()));
      } else if (Files.exists(path)) {
        line.addAll(List.of("--ro-bind", "/dev/null", path.toString()));
      }
    }
    // A call judged read-only cannot write even the workspace: what a reader runs without being
    // asked (a repository's diff driver or clean filter, a pager, a kubeconfig's credential
    // plugin) changes nothing, whatever the classifier missed.
    String space = workspace.toAbsolutePath().toString();
    line.addAll(List.of(grant.writableRoot() ? "--bind" : "--ro-bind", space, space));
    // No --chdir: it would add PWD to the environment; bwrap keeps the caller's working
    // directory (the process runner sets it), which the workspace bind keeps at the same path.
    line.add("--");
    if (Files.isExecutable(ENV)) {
      // bwrap puts PWD in the environment; the child gets exactly the environment it was given.
      line.addAll(List.of(ENV.toString(), "-u", "PWD"));
    }
    line.addAll(command);
    return line;
  }

  /**
   * The data directory, the configuration file and the key files, as real paths (a symlink would
   * otherwise leave the target visible); those that do not exist yet are kept as given.
   */
  private static List<Path> hiddenPaths(Map<String, String> settings) {
    List<String> names = new ArrayList<>();
    names.add(settings.getOrDefault("OATS_DATA_DIR", "./data"));
    names.add(settings.getOrDefault("OATS_CONFIG", "./oats.yaml"));
    for (String setting : KEY_FILE_SETTINGS) {
      String value = settings.get(setting);
      if (value != null && !value.isBlank()) {
        names.add(value.strip());
      }
    }
    String extra = settings.get("OATS_TOOL_HIDDEN_PATHS");
    if (extra != null && !extra.isBlank()) {
      names.addAll(List.of(extra.strip().split("[,:]")));
    }
    List<Path> paths = new ArrayList<>();
    for (String name : names) {
      Path path = Path.of(name).toAbsolutePath().normalize();
      try {
        path = path.toRealPath();
      } catch (IOException e) {
        // not there yet: nothing to hide until it is; hidden by its configured path then
      }
      if (!paths.contains(path)) {
        paths.add(path);
      }
    }
    return paths;
  }

  private static Optional<Path> find(String name) {
    return SEARCH.stream()
        .map(directory -> directory.resolve(name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static boolean bubblewrapWorks(Path bwrap) {
    Boolean known = bubblewrapWorks;
    if (known != null) {
      return known;
    }
    boolean works;
    try {
      Process probe =
          new ProcessBuilder(
                  bwrap.toString(),
                  "--die-with-parent",
                  "--unshare-pid",
                  "--unshare-net",
                  "--cap-drop",
                  "ALL",
                  "--ro-bind",
                  "/",
                  "/",
                  "--dev",
                  "/dev",
                  "--proc",
                  "/proc",
                  "--",
                  "/bin/true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      works = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
      if (probe.isAlive()) {
        probe.destroyForcibly();
      }
    } catch (IOException e) {
      works = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      works = false;
    }
    bubblewrapWorks = works;
    return works;
  }

  private static boolean runsAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
