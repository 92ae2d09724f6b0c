package dev.oats.tools.shell;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * Marks the OATS process non-dumpable ({@code prctl(PR_SET_DUMPABLE, 0)}), so that a process
 * without {@code CAP_SYS_PTRACE} cannot read its {@code /proc/<pid>/environ}, {@code cmdline},
 * {@code mem} or attach to it, even under the same user: a tool's child process, whatever it runs,
 * cannot lift OATS's keys from its parent. Side effects: no core dumps, and {@code jcmd}/{@code
 * jstack} from other processes no longer attach.
 *
 * <p>The call goes through the Foreign Function API, which is final from JDK 22. OATS is compiled
 * for release 21, where that API is a preview, so it is reached by reflection: on JDK 22+ it works,
 * on JDK 21 {@link #apply} reports that it could not, and the start log says so.
 */
public final class NonDumpable {

  private static final int PR_SET_DUMPABLE = 4;
  private static final int PR_GET_DUMPABLE = 3;

  private static volatile String state;

  private NonDumpable() {}

  /**
   * Marks this process non-dumpable, once; later calls return the first outcome.
   *
   * @return empty when it worked, else why not
   */
  public static synchronized Optional<String> apply() {
    if (state == null) {
      state = mark();
    }
    return state.isEmpty() ? Optional.empty() : Optional.of(state);
  }

  /** Whether the process is non-dumpable now, as the kernel says. */
  public static boolean isNonDumpable() {
    try {
      return ((int) prctl().invoke(PR_GET_DUMPABLE, 0L, 0L, 0L, 0L)) == 0;
    } catch (Throwable e) {
      return false;
    }
  }

  private static String mark() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return "not Linux";
    }
    try {
      int result = (int) prctl().invoke(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L);
      return result == 0 ? "" : "prctl(PR_SET_DUMPABLE) returned " + result;
    } catch (Throwable e) {
      return "the Foreign Function API is not available on Java "
          + Runtime.version().feature()
          + " (needs 22+): "
          + e;
    }
  }

  /** {@code int prctl(int option, ...)}, bound through java.lang.foreign by reflection. */
  private static MethodHandle prctl() throws ReflectiveOperationException {
    Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
    Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
    Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
    Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
    Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
    Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
    Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");

    Object linker = linkerType.getMethod("nativeLinker").invoke(null);
    Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
    Optional<?> symbol =
        (Optional<?>) lookupType.getMethod("find", String.class).invoke(libc, "prctl");
    if (symbol.isEmpty()) {
      throw new NoSuchMethodException("prctl is not in the C library");
    }
    Object javaInt = valueLayoutType.getField("JAVA_INT").get(null);
    Object javaLong = valueLayoutType.getField("JAVA_LONG").get(null);
    Object arguments = Array.newInstance(layoutType, 5);
    Array.set(arguments, 0, javaInt);
    for (int i = 1; i < 5; i++) {
      Array.set(arguments, i, javaLong);
    }
    Object descriptor =
        descriptorType
            .getMethod("of", layoutType, arguments.getClass())
            .invoke(null, javaInt, arguments);
    Object options = Array.newInstance(optionType, 1);
    Array.set(options, 0, optionType.getMethod("firstVariadicArg", int.class).invoke(null, 1));
    return (MethodHandle)
        linkerType
            .getMethod("downcallHandle", segmentType, descriptorType, options.getClass())
            .invoke(linker, symbol.get(), descriptor, options);
  }
}
