package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.oats.runner.JobNames;
import dev.oats.store.InvestigationRecord;
import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.LeanKubeApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same fabric8 client code, the calls the runner, the fake kubelet of the tests and the
 * benchmark make, against fabric8's mock API server in CRUD mode and against {@link LeanKubeApi}:
 * each step's outcome is written down as a line, and the two transcripts must be equal (and say
 * what a real API server says: the expected lines are checked too, so both cannot be wrong alike).
 */
class KubeApiContractTest {

  private static final String NS = "oats";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theLeanServerAnswersTheRunnersCallsAsFabric8sMockDoes() throws Exception {
    List<String> fabric8;
    try (CrudApiServer mock = new CrudApiServer()) {
      fabric8 = transcript(mock.client);
    }
    List<String> lean;
    try (LeanKubeApi api = new LeanKubeApi();
        KubernetesClient client = api.client()) {
      lean = transcript(client);
    }

    assertThat(lean).containsExactlyElementsOf(fabric8);
    assertThat(fabric8)
        .contains(
            "create job: oats-agent-run-0c0ffee0 in oats, uid true, resourceVersion true,"
                + " labels {app.kubernetes.io/managed-by=oats, app.kubernetes.io/name=oats-agent,"
                + " oats.dev/investigation=0c0ffee0-0000-4000-8000-000000000000}",
            "create job again: HTTP 409",
            "get missing job: null",
            "list by label: [oats-agent-run-0c0ffee0, oats-agent-run-0c0ffee1]",
            "edit job status: succeeded 1, condition Complete, spec kept true",
            "watch: ADDED oats-agent-run-0c0ffee0-x7k2p Pending",
            "watch: MODIFIED oats-agent-run-0c0ffee0-x7k2p Running",
            "watch: DELETED oats-agent-run-0c0ffee0-x7k2p",
            "informer: add oats-agent-run-0c0ffee0, update Succeeded",
            "delete job: 1 gone, then get: null, then delete: 0 gone",
            "self subject access review: the start goes on");
  }

  @Test
  void theLeanServerSaysWhyInAStatusAsTheApiServerDoes() throws Exception {
    try (LeanKubeApi api = new LeanKubeApi();
        KubernetesClient client = api.client()) {
      var jobs = client.batch().v1().jobs().inNamespace(NS);
      InvestigationRecord record = fixed("0c0ffee0-0000-4000-8000-000000000000");
      jobs.resource(AgentJobSpec.job(AgentCluster.config(0, 30), record, Map.of())).create();

      KubernetesClientException exists =
          catchThrowableOfType(
              KubernetesClientException.class,
              () ->
                  jobs.resource(AgentJobSpec.job(AgentCluster.config(0, 30), record, Map.of()))
                      .create());
      KubernetesClientException missing =
          catchThrowableOfType(
              KubernetesClientException.class, () -> jobs.withName("nope").edit(j -> j));

      assertThat(exists.getStatus().getReason()).isEqualTo("AlreadyExists");
      assertThat(exists.getStatus().getMessage())
          .isEqualTo("jobs.batch \"oats-agent-run-0c0ffee0\" already exists");
      assertThat(exists.getStatus().getDetails().getName()).isEqualTo("oats-agent-run-0c0ffee0");
      assertThat(missing.getCode()).isEqualTo(404);
    }
  }

  /** Each step of what the runner and the tests ask of an API server, with what came back. */
  private static List<String> transcript(KubernetesClient client) throws Exception {
    List<String> out = new ArrayList<>();
    KubernetesRunnerConfig config = AgentCluster.config(0, 30);
    InvestigationRecord first = fixed("0c0ffee0-0000-4000-8000-000000000000");
    InvestigationRecord second = fixed("0c0ffee1-0000-4000-8000-000000000000");
    var jobs = client.batch().v1().jobs().inNamespace(NS);

    // The pods' watch, and an informer, from before anything exists (as the runner's).
    BlockingQueue<String> watched = new LinkedBlockingQueue<>();
    Watch watch =
        client
            .pods()
            .inNamespace(NS)
            .withLabel(AgentJobSpec.NAME_LABEL, AgentJobSpec.CONTAINER)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    String phase =
                        pod.getStatus() == null || action == Action.DELETED
                            ? ""
                            : " " + pod.getStatus().getPhase();
                    watched.add("watch: " + action + " " + pod.getMetadata().getName() + phase);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    BlockingQueue<String> informed = new LinkedBlockingQueue<>();
    SharedIndexInformer<Job> informer =
        jobs.withLabel(AgentJobSpec.NAME_LABEL, AgentJobSpec.CONTAINER)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    informed.add("add " + job.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(Job before, Job after) {
                    if (after.getStatus() != null && after.getStatus().getSucceeded() != null) {
                      informed.add("update Succeeded");
                    }
                  }

                  @Override
                  public void onDelete(Job job, boolean unknown) {
                    informed.add("delete " + job.getMetadata().getName());
                  }
                });

    Job created = jobs.resource(AgentJobSpec.job(config, first, Map.of())).create();
    out.add(
        "create job: "
            + created.getMetadata().getName()
            + " in "
            + created.getMetadata().getNamespace()
            + ", uid "
            + (created.getMetadata().getUid() != null)
            + ", resourceVersion "
            + (created.getMetadata().getResourceVersion() != null)
            + ", labels "
            + new java.util.TreeMap<>(created.getMetadata().getLabels()));
    out.add(
        "spec as sent: "
            + created.getSpec().equals(AgentJobSpec.job(config, first, Map.of()).getSpec()));
    try {
      jobs.resource(AgentJobSpec.job(config, first, Map.of())).create();
      out.add("create job again: created");
    } catch (KubernetesClientException e) {
      // The code only: fabric8's mock gives the reason as Invalid where the API server (and the
      // lean one, see below) says AlreadyExists.
      out.add("create job again: HTTP " + e.getCode());
    }
    out.add("get missing job: " + jobs.withName("oats-agent-run-ffffffff").get());
    jobs.resource(AgentJobSpec.job(config, second, Map.of())).create();
    jobs.resource(
            new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                .withNewMetadata()
                .withName("someone-elses")
                .withLabels(Map.of("app", "other"))
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("x")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    out.add(
        "list by label: "
            + jobs
                .withLabel(AgentJobSpec.NAME_LABEL, AgentJobSpec.CONTAINER)
                .list()
                .getItems()
                .stream()
                .map(j -> j.getMetadata().getName())
                .sorted()
                .toList());
    out.add("list all: " + jobs.list().getItems().size());

    // The token Secret, owned by its Job.
    Secret secret = AgentJobSpec.tokenSecret(first, NS, "t0ken", created);
    client.secrets().inNamespace(NS).resource(secret).create();
    Secret read = client.secrets().inNamespace(NS).withName(secret.getMetadata().getName()).get();
    out.add(
        "secret: "
            + read.getData()
            + " owned by "
            + read.getMetadata().getOwnerReferences().getFirst().getName());

    // The fake kubelet: a pod, its status edited (a JSON patch), deleted.
    Pod pod =
        client
            .pods()
            .inNamespace(NS)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(first.jobName() + "-x7k2p")
                    .withLabels(created.getSpec().getTemplate().getMetadata().getLabels())
                    .endMetadata()
                    .withSpec(created.getSpec().getTemplate().getSpec())
                    .withNewStatus()
                    .withPhase("Pending")
                    .endStatus()
                    .build())
            .create();
    client
        .pods()
        .inNamespace(NS)
        .withName(pod.getMetadata().getName())
        .editStatus(p -> new PodBuilder(p).editStatus().withPhase("Running").endStatus().build());
    out.add(
        "pod phase after editStatus: "
            + client
                .pods()
                .inNamespace(NS)
                .withName(pod.getMetadata().getName())
                .get()
                .getStatus()
                .getPhase());

    // The Job controller: the Job's status.
    Job ended =
        jobs.withName(first.jobName())
            .editStatus(
                j -> {
                  j.setStatus(
                      new JobStatusBuilder()
                          .withSucceeded(1)
                          .addToConditions(
                              new JobConditionBuilder()
                                  .withType("Complete")
                                  .withStatus("True")
                                  .build())
                          .build());
                  return j;
                });
    out.add(
        "edit job status: succeeded "
            + ended.getStatus().getSucceeded()
            + ", condition "
            + ended.getStatus().getConditions().getFirst().getType()
            + ", spec kept "
            + ended.getSpec().equals(created.getSpec()));

    // A merge patch of labels.
    Job labelled =
        jobs.withName(second.jobName())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"extra\":\"yes\"}}}");
    out.add("merge patch: extra=" + labelled.getMetadata().getLabels().get("extra"));

    client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete();
    for (int i = 0; i < 3; i++) {
      out.add(poll(watched));
    }
    out.add("informer: " + poll(informed) + ", " + informedUpdate(informed));
    watch.close();
    informer.close();

    out.add(
        "delete job: "
            + jobs.withName(second.jobName()).delete().size()
            + " gone, then get: "
            + jobs.withName(second.jobName()).get()
            + ", then delete: "
            + jobs.withName(second.jobName()).delete().size()
            + " gone");

    // The reviewer election's Lease: create, read, patch, and a stale replace refused.
    var leases = client.leases().inNamespace(NS);
    Lease lease =
        leases
            .resource(
                new LeaseBuilder()
                    .withNewMetadata()
                    .withName("oats-reviewer")
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity("a")
                    .withLeaseDurationSeconds(15)
                    .endSpec()
                    .build())
            .create();
    Lease taken =
        leases
            .withName("oats-reviewer")
            .edit(l -> new LeaseBuilder(l).editSpec().withHolderIdentity("b").endSpec().build());
    out.add(
        "lease: "
            + lease.getSpec().getHolderIdentity()
            + " then "
            + taken.getSpec().getHolderIdentity()
            + ", newer version "
            + !taken
                .getMetadata()
                .getResourceVersion()
                .equals(lease.getMetadata().getResourceVersion()));

    // The server's start with pod tokens: a SelfSubjectAccessReview (fabric8's mock answers it
    // 422, which the runner takes as "cannot tell" and goes on; a real API server, as the lean
    // one, says allowed).
    PodTokenReviewer.requirePermission(client);
    out.add("self subject access review: the start goes on");
    return out;
  }

  private static String informedUpdate(BlockingQueue<String> informed) throws InterruptedException {
    // The informer's add of the second Job and its update may come in either order.
    for (int i = 0; i < 3; i++) {
      String next = poll(informed);
      if (next.startsWith("update")) {
        return next;
      }
    }
    return "no update";
  }

  private static String poll(BlockingQueue<String> queue) throws InterruptedException {
    String next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return next == null ? "nothing within " + WAIT : next;
  }

  /** A running investigation whose id, and so Job name, is fixed, for equal transcripts. */
  private static InvestigationRecord fixed(String id) {
    Instant at = Instant.parse("2026-12-07T12:00:00Z");
    return InvestigationRecord.pending("why?", "shop", "kubernetes", 15, at)
        .withId(id)
        .running("kubernetes", JobNames.of(id), at);
  }
}
