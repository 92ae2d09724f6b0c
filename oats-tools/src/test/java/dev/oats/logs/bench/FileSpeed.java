package dev.oats.logs.bench;

import dev.oats.logs.AnalyzerOptions;
import dev.oats.logs.LineReader;
import dev.oats.logs.LogAnalyzer;
import dev.oats.logs.TemplateCsv;
import java.io.ByteArrayInputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One pipeline of the log miner over one file held in memory, timed in CPU time of the mining
 * thread, several times in one JVM: for A/B runs of two builds of {@code dev.oats.logs} at a load
 * where wall clock says nothing. The file is read before the clock starts, so this is the miner
 * without the disk; {@code bench/logs.sh} is the end-to-end figure.
 *
 * <pre>
 * taskset -c 1 java -XX:ActiveProcessorCount=1 -Xmx256m \
 *   -cp oats-tools/target/classes:oats-tools/target/test-classes \
 *   dev.oats.logs.bench.FileSpeed mixed.log templates 4 LABEL
 * </pre>
 *
 * Prints one line per run: the label, the pipeline, the run's number and MB/s of thread CPU.
 */
public final class FileSpeed {

  private FileSpeed() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: FileSpeed FILE templates|analyze RUNS [LABEL]");
      System.exit(2);
    }
    byte[] bytes = Files.readAllBytes(Path.of(args[0]));
    String pipeline = args[1];
    if (!pipeline.equals("templates") && !pipeline.equals("analyze")) {
      System.err.println("not a pipeline: " + pipeline + " (templates or analyze)");
      System.exit(2);
    }
    int runs = Integer.parseInt(args[2]);
    String label = args.length > 3 ? args[3] : "";
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int run = 0; run < runs; run++) {
      long start = threads.getCurrentThreadCpuTime();
      LineReader in = new LineReader(new ByteArrayInputStream(bytes));
      if (pipeline.equals("templates")) {
        TemplateCsv.write(in, Writer.nullWriter());
      } else {
        LogAnalyzer.analyze(in, AnalyzerOptions.defaults()).render(AnalyzerOptions.DEFAULT_BUDGET);
      }
      double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
      System.out.printf(
          "%s %s run%d %.1f MB/s%n", label, pipeline, run, bytes.length / 1e6 / seconds);
    }
  }
}
