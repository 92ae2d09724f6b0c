"""Makes bench/data/kubelet: kubelet-style klog lines (glog header, then a structured message with
key=value pairs, or a printf-style one), as `journalctl -u kubelet` or a node's kubelet.log shows
them. Kubelet is not packaged by Debian, so the lines are written by this script from kubelet's own
log calls (klog.InfoS/ErrorS message constants and their keys, and a few printf-style klog.Infof
formats of its volume reconciler and cAdvisor), with seeded random pods, containers, ids, lists
of one to four pods and error texts. The event of a line is the log call that writes it, known by
construction.

Run: python3 bench/data/kubelet/generate.py
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(15)
PID = 913
NS = ["default", "kube-system", "payments", "monitoring", "ingress-nginx"]
APPS = ["web", "api", "worker", "coredns", "prometheus-node-exporter", "checkout", "redis", "ingress-nginx-controller"]
CONTAINERS = ["app", "sidecar", "istio-proxy", "node-exporter", "controller", "redis"]
NODE = "ip-10-0-3-17.eu-west-1.compute.internal"


def hexid(n=64):
    return "".join(rnd.choice("0123456789abcdef") for _ in range(n))


def uid():
    h = hexid(32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def pod():
    app = rnd.choice(APPS)
    suffix = "".join(rnd.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
    rs = hexid(rnd.choice([9, 10]))
    return f"{rnd.choice(NS)}/{app}-{rs}-{suffix}" if rnd.random() < 0.7 else f"{rnd.choice(NS)}/{app}-{rnd.randrange(3)}"


def pods():
    return "[" + ",".join(f'"{pod()}"' for _ in range(rnd.choice([1, 1, 1, 2, 3, 4]))) + "]"


def ip():
    return f"10.244.{rnd.randrange(8)}.{rnd.randrange(2, 250)}"


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def vol():
    return rnd.choice(["kube-api-access-" + "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(5)),
                       "config", "data", "tls-certs", "tmp"])


def probe_output(a):
    return rnd.choice([
        'Get "http://%s:8080/healthz": dial tcp %s:8080: connect: connection refused' % (a, a),
        'Get "http://%s:9090/-/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' % a,
        "HTTP probe failed with statuscode: 503"])


# (id, level, source file:line, weight, template, function returning the message)
EVENTS = [
    ("E1", "I", "kubelet.go:2430", 8, '"SyncLoop ADD" source=<*> pods=<*>', lambda: f'"SyncLoop ADD" source="api" pods={pods()}'),
    ("E2", "I", "kubelet.go:2437", 10, '"SyncLoop UPDATE" source=<*> pods=<*>', lambda: f'"SyncLoop UPDATE" source="api" pods={pods()}'),
    ("E3", "I", "kubelet.go:2446", 5, '"SyncLoop DELETE" source=<*> pods=<*>', lambda: f'"SyncLoop DELETE" source="api" pods={pods()}'),
    ("E4", "I", "kubelet.go:2474", 12, '"SyncLoop (PLEG): event for pod" pod=<*> event=<*>',
     lambda: f'"SyncLoop (PLEG): event for pod" pod={q(pod())} event={{"ID":"{uid()}","Type":"{rnd.choice(["ContainerStarted", "ContainerDied", "ContainerRemoved"])}","Data":"{hexid()}"}}'),
    ("E5", "E", "pod_workers.go:1300", 10, '"Error syncing pod, skipping" err=<*> pod=<*> podUID=<*>',
     lambda: (lambda c, p: f'"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"{c}\\" with CrashLoopBackOff: \\"back-off {rnd.choice(["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"])} restarting failed container={c} pod={p.split("/")[1]}_{p.split("/")[0]}({uid()})\\"" pod={q(p)} podUID={q(uid())}')(rnd.choice(CONTAINERS), pod())),
    ("E6", "I", "scope.go:117", 6, '"RemoveContainer" containerID=<*>', lambda: f'"RemoveContainer" containerID={q(hexid())}'),
    ("E7", "I", "prober.go:107", 12, '"Probe failed" probeType=<*> pod=<*> podUID=<*> containerName=<*> probeResult=<*> output=<*>',
     lambda: f'"Probe failed" probeType={q(rnd.choice(["Readiness", "Liveness", "Startup"]))} pod={q(pod())} podUID={q(uid())} containerName={q(rnd.choice(CONTAINERS))} probeResult="failure" output={q(probe_output(ip()))}'),
    ("E8", "I", "kuberuntime_container.go:745", 5, '"Killing container with a grace period" pod=<*> podUID=<*> containerName=<*> containerID=<*> gracePeriod=<*>',
     lambda: f'"Killing container with a grace period" pod={q(pod())} podUID={q(uid())} containerName={q(rnd.choice(CONTAINERS))} containerID="containerd://{hexid()}" gracePeriod={rnd.choice([30, 30, 60, 2])}'),
    ("E9", "I", "reconciler_common.go:300", 6, 'operationExecutor.UnmountVolume started for volume <*> (UniqueName: <*>) pod <*> (UID: <*>)',
     lambda: (lambda v, u: f'"operationExecutor.UnmountVolume started for volume \\"{v}\\" (UniqueName: \\"kubernetes.io/projected/{u}-{v}\\") pod \\"{u}\\" (UID: \\"{u}\\") "')(vol(), uid())),
    ("E10", "I", "operation_generator.go:721", 6, 'MountVolume.SetUp succeeded for volume <*> (UniqueName: <*>) pod <*> (UID: <*>)',
     lambda: (lambda v, u, p: f'"MountVolume.SetUp succeeded for volume \\"{v}\\" (UniqueName: \\"kubernetes.io/configmap/{u}-{v}\\") pod \\"{p}\\" (UID: \\"{u}\\") " pod={q(pod())}')(vol(), uid(), pod().split("/")[1])),
    ("E11", "I", "reconciler_common.go:258", 5, 'operationExecutor.VerifyControllerAttachedVolume started for volume <*> (UniqueName: <*>) pod <*> (UID: <*>)',
     lambda: (lambda v, u, p: f'"operationExecutor.VerifyControllerAttachedVolume started for volume \\"{v}\\" (UniqueName: \\"kubernetes.io/secret/{u}-{v}\\") pod \\"{p}\\" (UID: \\"{u}\\") " pod={q(pod())}')(vol(), uid(), pod().split("/")[1])),
    ("E12", "E", "dns.go:153", 4, '"Nameserver limits exceeded" err=<*>',
     lambda: f'"Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: {" ".join(ip() for _ in range(3))}"'),
    ("E13", "I", "eviction_manager.go:366", 2, '"Eviction manager: attempting to reclaim" resourceName=<*>',
     lambda: f'"Eviction manager: attempting to reclaim" resourceName={q(rnd.choice(["memory", "ephemeral-storage", "nodefs.inodesFree"]))}'),
    ("E14", "I", "image_gc_manager.go:391", 2, '"Image garbage collection succeeded"', lambda: '"Image garbage collection succeeded"'),
    ("E15", "E", "remote_runtime.go:432", 5, '"ContainerStatus from runtime service failed" err=<*> containerID=<*>',
     lambda: (lambda h: f'"ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"{h}\\": not found" containerID={q(h)}')(hexid())),
    ("E16", "I", "kuberuntime_manager.go:1006", 5, '"No sandbox for pod can be found. Need to start a new one" pod=<*>',
     lambda: f'"No sandbox for pod can be found. Need to start a new one" pod={q(pod())}'),
    ("E17", "I", "pod_startup_latency_tracker.go:102", 5, '"Observed pod startup duration" pod=<*> podStartSLOduration=<*> podStartE2EDuration=<*> ...',
     lambda: f'"Observed pod startup duration" pod={q(pod())} podStartSLOduration={rnd.uniform(0.5, 40):.6f} podStartE2EDuration="{rnd.uniform(0.5, 40):.6f}s" podCreationTimestamp="2026-12-06 04:{rnd.randrange(60):02d}:{rnd.randrange(60):02d} +0000 UTC" firstStartedPulling="0001-01-01 00:00:00 +0000 UTC" lastFinishedPulling="0001-01-01 00:00:00 +0000 UTC" observedRunningTime="2026-12-06 04:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}.{rnd.randrange(10**9):09d} +0000 UTC m=+{rnd.uniform(10, 9000):.9f}"'),
    ("E18", "W", "watcher.go:93", 5, 'Error while processing event (<*>: <*> == IN_CREATE|IN_ISDIR): inotify_add_watch <*>: no such file or directory',
     lambda: (lambda p: f'Error while processing event ("{p}": 0x40000100 == IN_CREATE|IN_ISDIR): inotify_add_watch {p}: no such file or directory')(f"/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{uid().replace('-', '_')}.slice/cri-containerd-{hexid()}.scope")),
    ("E19", "E", "kuberuntime_manager.go:1256", 4, '"Error syncing pod, skipping" err=<*ImagePullBackOff*> pod=<*> podUID=<*>',
     lambda: (lambda c, img: f'"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"{c}\\" with ImagePullBackOff: \\"Back-off pulling image \\\\\\"{img}\\\\\\"\\"" pod={q(pod())} podUID={q(uid())}')(rnd.choice(CONTAINERS), f"registry.example.com/{rnd.choice(APPS)}:v1.{rnd.randrange(30)}.{rnd.randrange(10)}")),
    ("E20", "I", "kubelet_node_status.go:493", 2, '"Fast updating node status as it just became ready"', lambda: '"Fast updating node status as it just became ready"'),
    ("E21", "I", "kubelet_getters.go:187", 4, '"Pod status is inconsistent with cached status for pod, a reconciliation should be triggered" pod=<*> statusDiff=<*>',
     lambda: f'"Pod status is inconsistent with cached status for pod, a reconciliation should be triggered" pod={q(pod())} statusDiff="  &v1.PodStatus{{\\n- \\tPhase: \\"Pending\\",\\n+ \\tPhase: \\"Running\\",\\n  }}"'),
    ("E22", "I", "topology_manager.go:215", 4, '"Topology Admit Handler" podUID=<*> podNamespace=<*> podName=<*>',
     lambda: (lambda p: f'"Topology Admit Handler" podUID={q(uid())} podNamespace={q(p.split("/")[0])} podName={q(p.split("/")[1])}')(pod())),
    ("E23", "E", "cadvisor_stats_provider.go:501", 3, '"Partial failure issuing cadvisor.ContainerInfoV2" err=<*>',
     lambda: f'"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"/kubepods.slice/kubepods-pod{uid().replace("-", "_")}.slice\\": RecentStats: unable to find data in memory cache]"'),
    ("E24", "I", "reconciler_common.go:172", 4, '"operationExecutor.MountVolume started for volume ..." pod=<*>',
     lambda: (lambda v, u, p: f'"operationExecutor.MountVolume started for volume \\"{v}\\" (UniqueName: \\"kubernetes.io/empty-dir/{u}-{v}\\") pod \\"{p}\\" (UID: \\"{u}\\") " pod={q(pod())}')(vol(), uid(), pod().split("/")[1])),
    ("E25", "I", "kubelet.go:2502", 3, '"SyncLoop (probe)" probe=<*> status=<*> pod=<*>',
     lambda: f'"SyncLoop (probe)" probe={q(rnd.choice(["readiness", "liveness", "startup"]))} status={q(rnd.choice(["ready", "unhealthy", ""]))} pod={q(pod())}'),
]


def main():
    weights = [e[3] for e in EVENTS]
    labelled = []
    t = 4 * 3600 * 10**6
    for _ in range(2000):
        eid, level, source, _, template, make = rnd.choices(EVENTS, weights)[0]
        t += rnd.randrange(1, 900_000)
        s, us = divmod(t, 10**6)
        ts = f"{s // 3600 % 24:02d}:{s // 60 % 60:02d}:{s % 60:02d}.{us:06d}"
        message = make()
        line = f"{level}1206 {ts}    {PID} {source}] {message}"
        labelled.append((line, message, eid, template))
    label.write(HERE, "kubelet", labelled)


if __name__ == "__main__":
    main()
