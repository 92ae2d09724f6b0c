package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.server.ServerHarness;
import dev.oats.testkit.CrudApiServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submits do not wait on each other while their Jobs are created: against an API server that takes
 * a while to answer each Job create, the creates of concurrent submits overlap, and every submit
 * gets its Job.
 */
class ParallelJobCreationTest {

  private static final int SUBMITS = 8;
  private static final Duration CREATE_TAKES = Duration.ofMillis(500);

  @TempDir Path dir;

  /** The CRUD API server, answering each Job create only after a delay, and noting when. */
  static final class SlowJobCreates extends KubernetesMixedDispatcher {
    final List<Long> createdAtNanos = Collections.synchronizedList(new ArrayList<>());

    SlowJobCreates(Map<ServerRequest, Queue<ServerResponse>> expectations) {
      super(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse response = super.dispatch(request);
      if ("POST".equals(request.getMethod()) && request.getPath().endsWith("/jobs")) {
        createdAtNanos.add(System.nanoTime());
        response.setBodyDelay(CREATE_TAKES);
      }
      return response;
    }

    /** The most creates whose answers were pending at one moment. */
    int mostInFlight() {
      List<Long> starts = createdAtNanos.stream().sorted().toList();
      int most = 0;
      for (int i = 0; i < starts.size(); i++) {
        int inFlight = 0;
        for (int j = i; j < starts.size(); j++) {
          if (starts.get(j) - starts.get(i) < CREATE_TAKES.toNanos()) {
            inFlight++;
          }
        }
        most = Math.max(most, inFlight);
      }
      return most;
    }
  }

  private static Set<String> jobNames(CrudApiServer kube) {
    return kube
        .client
        .batch()
        .v1()
        .jobs()
        .inNamespace(AgentCluster.NAMESPACE)
        .list()
        .getItems()
        .stream()
        .map(job -> job.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  @Test
  void jobCreatesOfConcurrentSubmitsOverlapAndEverySubmitGetsItsJob() throws Exception {
    SlowJobCreates[] api = new SlowJobCreates[1];
    try (CrudApiServer kube = new CrudApiServer(e -> api[0] = new SlowJobCreates(e));
        ServerHarness harness = new ServerHarness(dir);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      harness.env.put("OATS_MAX_CONCURRENT", "100");
      harness.start(AgentCluster.runners(kube.client, AgentCluster.config(60, 60)));

      List<Future<String>> submits = new ArrayList<>();
      for (int i = 0; i < SUBMITS; i++) {
        String goal = "why is pod " + i + " failing?";
        submits.add(clients.submit(() -> harness.submit(goal)));
      }
      Set<String> ids = new java.util.HashSet<>();
      for (Future<String> submit : submits) {
        ids.add(submit.get());
      }

      // Submits are answered before their Jobs are made; the Jobs follow.
      Set<String> jobs = Set.of();
      for (int i = 0; i < 300 && jobs.size() < SUBMITS; i++) {
        jobs = jobNames(kube);
        if (jobs.size() < SUBMITS) {
          Thread.sleep(50);
        }
      }
      assertThat(ids).hasSize(SUBMITS);
      assertThat(jobs).hasSize(SUBMITS);
      assertThat(api[0].createdAtNanos).hasSize(SUBMITS);
      assertThat(api[0].mostInFlight())
          .as("Job creates waiting for their answer at the same time")
          .isGreaterThan(1);
    }
  }
}
