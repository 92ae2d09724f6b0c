package dev.oats.logs.bench;

import dev.oats.logs.AnalyzerOptions;
import dev.oats.logs.LogAnalyzer;
import dev.oats.logs.LogParser;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Throughput and memory of one pipeline over a synthetic log of a given size, on the calling
 * thread. Lines are generated in batches outside the timed part; time is taken both as wall clock
 * and as the CPU time of this thread, which other processes on the machine do not inflate. Live
 * heap (after a full GC) and the number of templates are sampled at ten checkpoints to show that
 * memory stays flat as the input grows; the peak heap is the sum of the heap pools' peaks, an upper
 * bound on the heap in use at any one moment, garbage included.
 */
final class SpeedBenchmark {

  /** The pipelines measured. */
  enum Pipeline {
    /** Header detection, masking and mining: what {@code oats logs templates} does per line. */
    TEMPLATES,
    /** All of the above plus timestamps, statistics and folding: {@code oats logs analyze}. */
    ANALYZE
  }

  /** What one run measured. */
  record Result(
      Pipeline pipeline,
      long lines,
      long bytes,
      double wallSeconds,
      double cpuSeconds,
      double peakHeapMb,
      List<Double> liveHeapMb,
      List<Integer> templates) {

    double linesPerSecond() {
      return lines / wallSeconds;
    }

    double mbPerSecond() {
      return bytes / 1e6 / wallSeconds;
    }

    double mbPerCpuSecond() {
      return bytes / 1e6 / cpuSeconds;
    }
  }

  private static final int BATCH = 8192;
  private static final int CHECKPOINTS = 10;

  private SpeedBenchmark() {}

  /**
   * Runs the pipeline on a throwaway instance first, so that the measure is of compiled code and
   * not of the JIT compiler at work.
   */
  static void warmUp(Pipeline pipeline, SyntheticLog log, long bytes) {
    run(pipeline, log, bytes);
  }

  static Result run(Pipeline pipeline, SyntheticLog log, long targetBytes) {
    Consumer<String> sink;
    IntSupplier templates;
    if (pipeline == Pipeline.TEMPLATES) {
      LogParser parser = new LogParser();
      sink = parser::parse;
      templates = () -> parser.miner().size();
    } else {
      LogAnalyzer analyzer = new LogAnalyzer(AnalyzerOptions.defaults());
      sink = analyzer::accept;
      templates = () -> analyzer.summary().templateCount();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    resetPeaks();
    String[] batch = new String[BATCH];
    long bytes = 0;
    long lines = 0;
    long wall = 0;
    long cpu = 0;
    long nextCheckpoint = targetBytes / CHECKPOINTS;
    List<Double> live = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    while (bytes < targetBytes) {
      for (int i = 0; i < BATCH; i++) {
        batch[i] = log.next();
        bytes += SyntheticLog.utf8Bytes(batch[i]);
      }
      long wallStart = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      for (String line : batch) {
        sink.accept(line);
      }
      cpu += threads.getCurrentThreadCpuTime() - cpuStart;
      wall += System.nanoTime() - wallStart;
      lines += BATCH;
      if (bytes >= nextCheckpoint) {
        live.add(liveHeapMb());
        counts.add(templates.getAsInt());
        nextCheckpoint += targetBytes / CHECKPOINTS;
      }
    }
    return new Result(pipeline, lines, bytes, wall / 1e9, cpu / 1e9, peakHeapMb(), live, counts);
  }

  private static double liveHeapMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  /** The most heap in use at any moment, garbage included: the sum of the pools' peaks. */
  private static double peakHeapMb() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / 1e6;
  }
}
