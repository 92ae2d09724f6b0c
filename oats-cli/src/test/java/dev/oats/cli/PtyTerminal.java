package dev.oats.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code oats} in a child JVM on a pseudo-terminal made by util-linux {@code script}, so that it
 * sees a real terminal; what it prints is collected, what the test types goes to its input.
 */
final class PtyTerminal {
  private final Process process;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  private PtyTerminal(Process process) {
    this.process = process;
    Thread.ofVirtual().start(this::collect);
  }

  static PtyTerminal start(Map<String, String> env, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder command =
        new StringBuilder(quote(java))
            .append(" -cp ")
            .append(quote(System.getProperty("java.class.path")))
            .append(" dev.oats.cli.Main");
    for (String arg : args) {
      command.append(' ').append(quote(arg));
    }
    ProcessBuilder builder =
        new ProcessBuilder("script", "-qfec", command.toString(), "/dev/null")
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().putIfAbsent("TERM", "dumb");
    return new PtyTerminal(builder.start());
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  private void collect() {
    try (InputStream in = process.getInputStream()) {
      byte[] buffer = new byte[4096];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (output) {
          output.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  String output() {
    synchronized (output) {
      return output.toString(StandardCharsets.UTF_8);
    }
  }

  void awaitOutput(String text) throws InterruptedException {
    awaitOutputCount(text, 1);
  }

  void awaitOutputCount(String text, int times) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (output().split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times) {
        return;
      }
      if (!process.isAlive()
          && output().split(java.util.regex.Pattern.quote(text), -1).length - 1 < times) {
        throw new AssertionError("exited without printing '" + text + "':\n" + output());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never printed '" + text + "':\n" + output());
  }

  void type(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Ctrl-C as a user presses it: the terminal sends SIGINT to the foreground process. */
  void pressCtrlC() throws IOException {
    type("\u0003");
  }

  int exitCode() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running:\n" + output());
    }
    return process.exitValue();
  }
}
