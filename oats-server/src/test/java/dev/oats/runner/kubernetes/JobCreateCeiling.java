package dev.oats.runner.kubernetes;

import dev.oats.runner.JobNames;
import dev.oats.store.InvestigationRecord;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API server's own ceiling for the control-plane benchmark ({@code bench/control-plane.sh}):
 * {@code threads} loops that do nothing but create OATS's agent Job, one after another, with the
 * fabric8 client configured as the server configures it. What this makes per second is as many Jobs
 * as any server could make through this client on this API server and machine.
 *
 * <p>Arguments: the API server's URL, the namespace, seconds of warm-up, seconds measured, threads,
 * and how each Job is made: {@code typed} (fabric8's builders, its reflective serialisation and
 * typed create, the answer mapped back into a {@code Job}) or {@code template} (the default: the
 * server's own create, {@link KubernetesRunner#createJob(InvestigationRecord)}, which writes the
 * Job from {@link AgentJobJson}'s template and reads back only its name and uid). Prints one line
 * in {@code bench/post.lua}'s format: {@code RESULT requests=… non2xx=… duration_us=… p50_us=…
 * p99_us=… max_us=…}, each create being a request.
 */
public final class JobCreateCeiling {

  private JobCreateCeiling() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String namespace = args[1];
    int warmup = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    String how = args.length > 5 ? args[5] : "template";
    if (!how.equals("typed") && !how.equals("template")) {
      throw new IllegalArgumentException("how Jobs are made: typed or template, not " + how);
    }
    Config config = new ConfigBuilder().withMasterUrl(url).withNamespace(namespace).build();
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(30_000);
    config.setMaxConcurrentRequestsPerHost(64);
    KubernetesRunnerConfig runner =
        KubernetesRunnerConfig.from(
            Map.of(
                "OATS_JOB_NAMESPACE", namespace,
                "AGENT_IMAGE", "oats-agent:latest",
                "OATS_SERVER_URL", "http://127.0.0.1:8000"));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Creator create;
      if (how.equals("typed")) {
        create =
            record ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(runner.jobNamespace())
                    .resource(AgentJobSpec.job(runner, record))
                    .create();
      } else {
        if (AgentJobJson.of(runner, client.getKubernetesSerialization()) == null) {
          throw new IllegalStateException("the agent Job's template does not render as fabric8's");
        }
        KubernetesRunner server = KubernetesRunner.unled(client, runner, new NoListener());
        create = server::createJob;
      }
      if (warmup > 0) {
        drive(create, warmup, threads);
      }
      Result result = drive(create, seconds, threads);
      List<Long> sorted = new ArrayList<>(result.latenciesNanos);
      Collections.sort(sorted);
      System.out.printf(
          "RESULT requests=%d non2xx=%d socket_errors=0 duration_us=%d p50_us=%d p99_us=%d"
              + " max_us=%d%n",
          result.requests,
          result.errors,
          result.durationNanos / 1000,
          percentile(sorted, 0.50) / 1000,
          percentile(sorted, 0.99) / 1000,
          sorted.isEmpty() ? 0 : sorted.getLast() / 1000);
    }
  }

  private record Result(
      long requests, long errors, long durationNanos, List<Long> latenciesNanos) {}

  /** One Job made for the investigation, as a server would make it. */
  private interface Creator {
    Object create(InvestigationRecord record);
  }

  /** The runner's listener: no Job here runs, so nothing is told. */
  private static final class NoListener implements dev.oats.runner.RunListener {
    @Override
    public void event(String id, String runId, dev.oats.event.RecordedEvent event) {}

    @Override
    public List<dev.oats.event.RecordedEvent> history(String id) {
      return List.of();
    }

    @Override
    public void ended(String id, dev.oats.store.InvestigationStatus status, String reason) {}
  }

  private static Result drive(Creator create, int seconds, int threads)
      throws InterruptedException {
    long began = System.nanoTime();
    long until = began + seconds * 1_000_000_000L;
    AtomicLong errors = new AtomicLong();
    List<List<Long>> latencies = new ArrayList<>();
    List<Thread> loops = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Long> mine = new ArrayList<>();
      latencies.add(mine);
      loops.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (System.nanoTime() < until) {
                      InvestigationRecord record =
                          named(
                              InvestigationRecord.pending(
                                  "why is checkout-api crash-looping?",
                                  "shop",
                                  "kubernetes",
                                  15,
                                  Instant.now()));
                      long start = System.nanoTime();
                      try {
                        create.create(record);
                        mine.add(System.nanoTime() - start);
                      } catch (KubernetesClientException e) {
                        errors.incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread loop : loops) {
      loop.join();
    }
    long duration = System.nanoTime() - began;
    List<Long> all = new ArrayList<>();
    latencies.forEach(all::addAll);
    return new Result(all.size() + errors.get(), errors.get(), duration, all);
  }

  private static InvestigationRecord named(InvestigationRecord r) {
    return r.withJobName(JobNames.of(r.id()));
  }

  private static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
