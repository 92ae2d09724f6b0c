import dev.oats.redact.Redactor;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Thread CPU per Redactor.standard().redact call over the first 256 KB of a directory's files
 * (read as Latin-1, sorted by path): 30 warm-up calls, then 50 measured. Run by redact-pair.sh.
 * Arguments: the directory, and a label printed with the figure.
 */
public class RedactBench {
  public static void main(String[] args) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    String text = all.substring(0, Math.min(all.length(), 262144));
    Redactor redactor = Redactor.standard();
    var threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 30; i++) {
      redactor.redact(text);
    }
    int calls = 50;
    long kept = 0;
    long start = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < calls; i++) {
      kept += redactor.redact(text).length();
    }
    long cpu = threads.getCurrentThreadCpuTime() - start;
    System.out.printf(
        "%s %.1f KB %.3f ms/call (%d chars out)%n",
        args[1], text.length() / 1024.0, cpu / 1e6 / calls, kept / calls);
  }
}
