package dev.oats.logs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The log-mining benchmark: grouping accuracy on every Loghub-2k system beside the published
 * tuned-Drain figures, and throughput and memory over a synthetic log of about a gigabyte. Writes
 * {@code loghub.json} and {@code speed.json} and prints the tables for BENCHMARKS.md. Run it with
 * {@code bench/loghub.sh}; it is not part of the build's tests.
 *
 * <pre>
 * LoghubBenchmark --data DIR [--sources DIR] --results DIR [--mb 1024] [--no-speed]
 *                 [--blind] [--explain SYSTEM]
 * </pre>
 *
 * <p>{@code --sources} names a second folder of systems in the same layout: the real-world logs
 * labelled for OATS ({@code bench/data}), scored in a table of their own. {@code --blind} prints,
 * instead of the per-system table, only the means of the two halves of each rotation (see {@link
 * BlindSplits}): what a developer working on one half may see of the other.
 */
public final class LoghubBenchmark {

  private LoghubBenchmark() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = options(args);
    Path data = Path.of(options.getOrDefault("--data", "../shared/bench/loghub"));
    Path sources = options.containsKey("--sources") ? Path.of(options.get("--sources")) : null;
    if (options.containsKey("--explain")) {
      String system = options.get("--explain");
      Path dir = data.resolve(system);
      if (!Files.isDirectory(dir) && sources != null) {
        dir = sources.resolve(system);
      }
      LoghubAccuracy.explain(dir, System.out);
      return;
    }
    Path results = Path.of(options.getOrDefault("--results", "bench/results"));
    Files.createDirectories(results);
    if (options.containsKey("--blind")) {
      System.out.println(BlindSplits.table(measureAll(data)));
      return;
    }
    List<LoghubAccuracy.SystemResult> loghub = measureAll(data);
    List<LoghubAccuracy.SystemResult> real =
        sources == null || !Files.isDirectory(sources) ? List.of() : measureAll(sources);
    accuracy(data, results, loghub, real);
    if (!options.containsKey("--no-speed")) {
      long megabytes = Long.parseLong(options.getOrDefault("--mb", "1024"));
      speed(data, results, megabytes * 1_000_000L);
    }
  }

  private static final List<String> OPTIONS =
      List.of("--data", "--sources", "--results", "--mb", "--no-speed", "--blind", "--explain");

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!OPTIONS.contains(args[i])) {
        throw new IllegalArgumentException(
            "unexpected argument: " + args[i] + " (expected one of " + OPTIONS + ")");
      }
      boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
      options.put(args[i], flag ? "" : args[++i]);
    }
    return options;
  }

  private static List<LoghubAccuracy.SystemResult> measureAll(Path data) throws IOException {
    List<LoghubAccuracy.SystemResult> all = new ArrayList<>();
    for (Path dir : LoghubAccuracy.systems(data)) {
      all.add(LoghubAccuracy.measure(dir));
    }
    return all;
  }

  private static void accuracy(
      Path data,
      Path results,
      List<LoghubAccuracy.SystemResult> loghub,
      List<LoghubAccuracy.SystemResult> real)
      throws IOException {
    Map<String, Double> published = PublishedDrain.read(data);
    List<Object> systems = new ArrayList<>();
    double sumOriginal = 0;
    double sumCorrected = 0;
    double sumPublished = 0;
    int withPublished = 0;
    double lowest = 1;
    StringBuilder table = new StringBuilder();
    table
        .append("| system | lines | templates (truth) | GA original | GA corrected ")
        .append("| GA Loghub-2.0 | tuned Drain (published) |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (LoghubAccuracy.SystemResult r : loghub) {
      Double drain = published.get(r.system());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("system", r.system());
      entry.put("lines", r.lines());
      entry.put("templates", r.templates());
      entry.put("truth_events", r.events());
      entry.put("ga_original", r.original());
      entry.put("ga_corrected", r.corrected());
      entry.put("ga_loghub2", r.loghub2());
      entry.put("published_drain_ga", drain);
      entry.put("seconds", r.seconds());
      systems.add(entry);
      sumOriginal += r.original();
      sumCorrected += r.corrected();
      lowest = Math.min(lowest, Math.min(r.original(), r.corrected()));
      if (drain != null) {
        sumPublished += drain;
        withPublished++;
      }
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d (%d) | %.3f | %.3f | %s | %s |%n",
              r.system(),
              r.lines(),
              r.templates(),
              r.events(),
              r.original(),
              r.corrected(),
              Double.isNaN(r.loghub2()) ? "—" : String.format(Locale.ROOT, "%.3f", r.loghub2()),
              drain == null ? "—" : String.format(Locale.ROOT, "%.3f", drain)));
    }
    int n = loghub.size();
    table.append(
        String.format(
            Locale.ROOT,
            "| **mean** | | | **%.3f** | **%.3f** | | **%.3f** |%n",
            sumOriginal / n,
            sumCorrected / n,
            withPublished == 0 ? Double.NaN : sumPublished / withPublished));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("measure", "grouping accuracy (Zhu et al., ICSE-SEIP 2019) of `oats logs templates`");
    json.put("configuration", "TemplateMiner.Config.defaults(), one for every system");
    json.put("date", Instant.now().toString());
    json.put("systems", systems);
    json.put("mean_ga_original", sumOriginal / n);
    json.put("mean_ga_corrected", sumCorrected / n);
    json.put("lowest_ga", lowest);
    json.put("mean_published_drain_ga", withPublished == 0 ? null : sumPublished / withPublished);
    json.put("blind_rotations", BlindSplits.json(loghub));
    json.put("real_world_sources", realWorld(real));
    Files.writeString(results.resolve("loghub.json"), Json.write(json), StandardCharsets.UTF_8);
    System.out.println("Grouping accuracy (one configuration for all systems)\n");
    System.out.println(table);
    System.out.println("Blind halves (develop on one half, score the other)\n");
    System.out.println(BlindSplits.table(loghub));
    if (!real.isEmpty()) {
      System.out.println("Real-world sources labelled for OATS (bench/data)\n");
      System.out.println(realWorldTable(real));
    }
  }

  private static List<Object> realWorld(List<LoghubAccuracy.SystemResult> real) {
    List<Object> entries = new ArrayList<>();
    for (LoghubAccuracy.SystemResult r : real) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("source", r.system());
      entry.put("lines", r.lines());
      entry.put("templates", r.templates());
      entry.put("truth_events", r.events());
      entry.put("ga", r.original());
      entries.add(entry);
    }
    return entries;
  }

  private static String realWorldTable(List<LoghubAccuracy.SystemResult> real) {
    StringBuilder table = new StringBuilder();
    table.append("| source | lines | templates (truth) | GA |\n|---|---:|---:|---:|\n");
    double sum = 0;
    for (LoghubAccuracy.SystemResult r : real) {
      sum += r.original();
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d (%d) | %.3f |%n",
              r.system(),
              r.lines(),
              r.templates(),
              r.events(),
              r.original()));
    }
    table.append(String.format(Locale.ROOT, "| **mean** | | | **%.3f** |%n", sum / real.size()));
    return table.toString();
  }

  private static void speed(Path data, Path results, long targetBytes) throws IOException {
    List<String> samples = new ArrayList<>();
    for (Path dir : LoghubAccuracy.systems(data)) {
      Path log = dir.resolve(dir.getFileName() + "_2k.log");
      samples.addAll(Files.readString(log, StandardCharsets.UTF_8).lines().toList());
    }
    List<Object> runs = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    table
        .append("| pipeline | lines | MB | lines/s | MB/s (wall) | MB/s (thread CPU) ")
        .append("| peak heap MB | live heap MB at 10%..100% | templates at 10%..100% |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    long warmUpBytes = Math.min(targetBytes / 10, 100_000_000L);
    for (SpeedBenchmark.Pipeline pipeline : SpeedBenchmark.Pipeline.values()) {
      SpeedBenchmark.warmUp(pipeline, new SyntheticLog(samples, 7), warmUpBytes);
      SpeedBenchmark.Result r =
          SpeedBenchmark.run(pipeline, new SyntheticLog(samples, 42), targetBytes);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("pipeline", pipeline.name().toLowerCase(Locale.ROOT));
      entry.put("lines", r.lines());
      entry.put("bytes", r.bytes());
      entry.put("wall_seconds", r.wallSeconds());
      entry.put("thread_cpu_seconds", r.cpuSeconds());
      entry.put("lines_per_second", r.linesPerSecond());
      entry.put("mb_per_second", r.mbPerSecond());
      entry.put("mb_per_thread_cpu_second", r.mbPerCpuSecond());
      entry.put("peak_heap_mb", r.peakHeapMb());
      entry.put("live_heap_mb_at_checkpoints", r.liveHeapMb());
      entry.put("templates_at_checkpoints", r.templates());
      runs.add(entry);
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.0f | %.1f | %.1f | %.0f | %s | %s |%n",
              entry.get("pipeline"),
              r.lines(),
              r.bytes() / 1e6,
              r.linesPerSecond(),
              r.mbPerSecond(),
              r.mbPerCpuSecond(),
              r.peakHeapMb(),
              rounded(r.liveHeapMb()),
              r.templates()));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "input",
        "Loghub-2k samples of every system, repeated; the digits of message values randomised");
    json.put("warm_up_mb_per_pipeline", warmUpBytes / 1e6);
    json.put("date", Instant.now().toString());
    json.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
    json.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1e6);
    json.put("available_processors", Runtime.getRuntime().availableProcessors());
    json.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
    json.put("runs", runs);
    Files.writeString(results.resolve("speed.json"), Json.write(json), StandardCharsets.UTF_8);
    System.out.println(
        "Speed (one thread; heap capped at "
            + Math.round(Runtime.getRuntime().maxMemory() / 1e6)
            + " MB)\n");
    System.out.println(table);
  }

  private static List<Long> rounded(List<Double> values) {
    return values.stream().map(Math::round).toList();
  }
}
