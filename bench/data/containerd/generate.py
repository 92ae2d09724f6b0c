"""Makes bench/data/containerd: the log of a real containerd 1.6 (Debian's containerd, with runc
and its runc v2 shim) at level debug, logrus's text format on stderr (`time="2026-12-07T12:05:17.439700133Z"
level=debug msg="prepare snapshot" key=t1 parent="sha256:..."`) as a node's journal or a
container of it shows it, from a private root, state and socket. A seeded workload drives it
through Debian's `ctr`: an OCI image (a layer holding Debian's static busybox, built by this
script) imported into several namespaces, tagged and removed; containers that run and exit (exit
codes 0 and 1), whose binary is missing (runc fails to start them), that are run detached and then
killed with SIGTERM or SIGKILL, paused and resumed, execed into (commands that work and that do
not exist) or that exceed a memory limit (OOM); deletes refused (a running task, a namespace that
is not empty), snapshots prepared and removed, leases, content removed that is not there; and
containerd itself stopped with SIGTERM or killed with SIGKILL and started again while containers
run (shims reconnected or cleaned up).

Run as root from anywhere: python3 bench/data/containerd/generate.py   (needs apt-get install
containerd busybox-static; the raw log is kept in the temporary folder as oats-containerd-raw.log
until it is labelled, and `generate.py --raw FILE` labels such a log again without running
anything).

Ground truth: labelled by hand, a regex per logrus call of containerd 1.6.20 (`log.G(ctx)`,
`logrus.WithField(...)`, in the daemon, its plugins, the CRI plugin and the runc v2 shim, whose
lines containerd copies into its own log), written from the messages of the run and checked in
the source (tag v1.6.20 of containerd's repository). logrus writes every call as `time=... level=...
msg=... <fields>`: the event of a line is its call, known by its level, its message (a constant,
or an `Infof`/`Debugf` format string whose conversions are variables) and its set of fields; the
template is the message with `<*>` for the conversions and every field's value. A value printed
through `%s`/`%v`/`%q` is a variable, including the text a shim wrote on stderr in `cleanup
warnings %s`.
"""
import gzip
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(21)
IMAGE = "registry.test/shop/busybox"
NAMESPACES = ["shop", "batch", "ops"]


def image_tar(path, tag):
    """An OCI image archive: one gzip layer with Debian's static busybox and a few of its links."""
    blobs = {}

    def blob(data):
        d = hashlib.sha256(data).hexdigest()
        blobs[d] = data
        return d

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for d in ("bin", "etc", "tmp"):
            ti = tarfile.TarInfo(d)
            ti.type, ti.mode = tarfile.DIRTYPE, 0o755
            t.addfile(ti)
        t.add("/bin/busybox", arcname="bin/busybox")
        for n in ("sh", "echo", "sleep", "cat", "false", "true", "yes", "head"):
            ti = tarfile.TarInfo("bin/" + n)
            ti.type, ti.linkname = tarfile.SYMTYPE, "busybox"
            t.addfile(ti)
    layer = buf.getvalue()
    gz = gzip.compress(layer, mtime=0)
    cfg = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"], "Env": ["PATH=/bin"],
                      "Labels": {"tag": tag}},
                      "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]}}).encode()
    man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + blob(cfg), "size": len(cfg)},
                      "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:" + blob(gz), "size": len(gz)}]}).encode()
    idx = json.dumps({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "digest": "sha256:" + blob(man), "size": len(man),
                      "annotations": {"org.opencontainers.image.ref.name": f"{IMAGE}:{tag}"}}]}).encode()
    with tarfile.open(path, "w") as t:
        for name, data in [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", idx)] + \
                [("blobs/sha256/" + d, data) for d, data in blobs.items()]:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))


class Node:
    def __init__(self, work):
        self.work = work
        self.sock = f"{work}/containerd.sock"
        with open(f"{work}/config.toml", "w") as f:
            f.write(f"""version = 2
root = "{work}/root"
state = "{work}/state"
[grpc]
  address = "{self.sock}"
[debug]
  level = "debug"
[metrics]
  address = ""
""")
        self.log = open(f"{work}/containerd.log", "ab")
        self.proc = None
        self.running = {ns: [] for ns in NAMESPACES}
        self.images = {ns: set() for ns in NAMESPACES}
        self.n = 0

    def start(self):
        self.proc = subprocess.Popen(["containerd", "--config", f"{self.work}/config.toml"], stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while subprocess.run(["ctr", "-a", self.sock, "version"], capture_output=True).returncode != 0:
            if time.time() > deadline:
                raise RuntimeError("containerd did not start")
            time.sleep(0.3)

    def ctr(self, ns, *args, timeout=30):
        try:
            return subprocess.run(["ctr", "-a", self.sock, "-n", ns, *args], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def name(self, kind):
        self.n += 1
        return f"{kind}-{self.n}"

    def ensure_image(self, ns):
        if not self.images[ns]:
            self.import_image(ns)
        return f"{IMAGE}:{rnd.choice(sorted(self.images[ns]))}"

    def import_image(self, ns):
        tag = rnd.choice(["1.0", "1.1", "2.0"])
        self.ctr(ns, "images", "import", f"{self.work}/img-{tag}.tar")
        self.images[ns].add(tag)

    def step(self):
        ns = rnd.choice(NAMESPACES)
        k = rnd.random()
        if k < 0.22:
            img = self.ensure_image(ns)
            cmd = rnd.choice([["/bin/echo", "ok"], ["/bin/true"], ["/bin/false"], ["/bin/sh", "-c", "exit 3"],
                              ["/bin/nosuch"], ["/usr/local/bin/app", "--serve"], ["/bin/cat", "/etc/missing.conf"]])
            self.ctr(ns, "run", "--rm", img, self.name("job"), *cmd)
        elif k < 0.36:
            img = self.ensure_image(ns)
            name = self.name(rnd.choice(["web", "worker", "cache"]))
            r = self.ctr(ns, "run", "-d", img, name, "/bin/sleep", str(rnd.randrange(30, 300)))
            if r is not None and r.returncode == 0:
                self.running[ns].append(name)
        elif k < 0.50 and self.running[ns]:
            name = self.running[ns].pop(rnd.randrange(len(self.running[ns])))
            self.ctr(ns, "tasks", "kill", "-s", rnd.choice(["SIGTERM", "SIGKILL"]), name)
            time.sleep(0.4)
            self.ctr(ns, "tasks", "rm", name)
            self.ctr(ns, "containers", "rm", name)
        elif k < 0.58 and self.running[ns]:
            name = rnd.choice(self.running[ns])
            kind = rnd.random()
            if kind < 0.4:
                self.ctr(ns, "tasks", "exec", "--exec-id", self.name("exec"), name, *rnd.choice([["/bin/echo", "hi"], ["/bin/nosuch"], ["/bin/false"]]))
            elif kind < 0.6:
                self.ctr(ns, "tasks", "pause", name)
                self.ctr(ns, "tasks", "resume", name)
            elif kind < 0.8:
                self.ctr(ns, "tasks", "rm", name)  # refused: the task runs
            else:
                self.ctr(ns, "containers", "rm", name)  # refused too
        elif k < 0.63:
            img = self.ensure_image(ns)
            self.ctr(ns, "run", "--rm", "--memory-limit", str(rnd.choice([4, 6, 8]) * 1000000), img, self.name("oom"),
                     "/bin/sh", "-c", "x=a; while true; do x=$x$x; done")
        elif k < 0.71:
            self.import_image(ns)
        elif k < 0.76 and self.images[ns]:
            tag = rnd.choice(sorted(self.images[ns]))
            if rnd.random() < 0.6:
                self.ctr(ns, "images", "tag", "--force", f"{IMAGE}:{tag}", f"{IMAGE}:{rnd.choice(['latest', 'stable'])}")
            else:
                self.ctr(ns, "images", "rm", f"{IMAGE}:{tag}")
                self.images[ns].discard(tag)
        elif k < 0.80:
            self.ctr(ns, "images", "rm", f"{IMAGE}:{rnd.choice(['0.9', 'old', 'nightly'])}")
        elif k < 0.84:
            key = self.name("snap")
            r = self.ctr(ns, "snapshots", "ls")
            parents = [l.split()[0] for l in (r.stdout.splitlines()[1:] if r else []) if "Committed" in l]
            if parents:
                self.ctr(ns, "snapshots", "prepare", key, rnd.choice(parents))
                self.ctr(ns, "snapshots", "rm", key)
        elif k < 0.87:
            r = self.ctr(ns, "leases", "create", "--expires", f"{rnd.randrange(1, 5)}s")
            if r is not None and r.returncode == 0 and rnd.random() < 0.5:
                self.ctr(ns, "leases", "rm", r.stdout.split()[0])
        elif k < 0.89:
            self.ctr(ns, "content", "rm", "sha256:" + "%064x" % rnd.getrandbits(256))
        elif k < 0.91:
            self.ctr(ns, "namespaces", "rm", ns)  # refused while it holds anything
        elif k < 0.985:
            self.ctr(ns, "containers", "ls")
        else:
            self.restart(kill=rnd.random() < 0.4)

    def restart(self, kill):
        daemon.stop(self.proc, signal.SIGKILL if kill else signal.SIGTERM)
        time.sleep(rnd.uniform(0.5, 1.5))
        self.start()

    def cleanup(self):
        """Kills and deletes every task left (also those a killed containerd recovered), so that no
        shim outlives the run, then stops containerd."""
        for ns in NAMESPACES:
            r = self.ctr(ns, "tasks", "ls", "-q")
            for name in (r.stdout.split() if r else []):
                self.ctr(ns, "tasks", "kill", "-s", "SIGKILL", name)
                time.sleep(0.3)
                self.ctr(ns, "tasks", "rm", "-f", name)
                self.ctr(ns, "containers", "rm", name)
        daemon.stop(self.proc)
        self.log.close()


def unmount_under(folder):
    """Unmounts what is still mounted below folder (a container's rootfs), deepest first."""
    with open("/proc/mounts") as f:
        points = [line.split()[1] for line in f if line.split()[1].startswith(folder + "/")]
    for point in sorted(points, key=len, reverse=True):
        subprocess.run(["umount", point], capture_output=True)


def workload(work):
    for tag in ("1.0", "1.1", "2.0"):
        image_tar(f"{work}/img-{tag}.tar", tag)
    node = Node(work)
    node.start()
    try:
        while daemon.lines_in(f"{work}/containerd.log") < 2400:
            node.step()
            time.sleep(rnd.uniform(0.05, 0.3))
    finally:
        node.cleanup()
    return f"{work}/containerd.log"


# A logfmt value: quoted (with backslash escapes) or bare.
VAL = r'(?:"(?:[^"\\]|\\.)*"|[^ "]*)'
QS = r'\\"[^"\\]*\\"'  # a %q value inside the quoted msg
H = r"sha256:[0-9a-f]{64}"

# (id, level, message template, message regex as the line writes it, the call's fields in order)
CALLS = [
    # cmd/containerd/command/main.go, services/server/server.go, plugin loading
    ("C1", "info", "starting containerd", "starting containerd", ("revision", "version")),
    ("C2", "info", "loading plugin <*>...", rf"loading plugin {QS}\.\.\.", ("type",)),
    ("C3", "info", "skip loading plugin <*>...", rf"skip loading plugin {QS}\.\.\.", ("error", "type")),
    ("C4", "warning", "failed to load plugin <*>", r"failed to load plugin [\w.-]+", ("error",)),
    ("C5", "warning", "could not use snapshotter <*> in metadata plugin", r"could not use snapshotter \w+ in metadata plugin", ("error",)),
    ("C6", "info", "metadata content store policy set", "metadata content store policy set", ("policy",)),
    ("C7", "debug", "No RDT config file specified, RDT not configured", "No RDT config file specified, RDT not configured", ()),
    ("C8", "info", "serving...", r"serving\.\.\.", ("address",)),
    ("C9", "debug", "sd notification", "sd notification", ("error", "notified", "state")),
    ("C10", "info", "containerd successfully booted in <*>s", r"containerd successfully booted in [\d.]+s", ()),
    ("C11", "debug", "received signal", "received signal", ("signal",)),
    # pkg/cri (the CRI plugin)
    ("R1", "info", "Start cri plugin with config <*>", r"Start cri plugin with config \{.*\}", ()),
    ("R2", "info", "Connect containerd service", "Connect containerd service", ()),
    ("R3", "info", "Get image filesystem path <*>", rf"Get image filesystem path {QS}", ()),
    ("R4", "error", "failed to load cni during init, please check CRI plugin status before setting up network for pods",
     "failed to load cni during init, please check CRI plugin status before setting up network for pods", ("error",)),
    ("R5", "info", "Start subscribing containerd event", "Start subscribing containerd event", ()),
    ("R6", "info", "Start recovering state", "Start recovering state", ()),
    ("R7", "info", "Start event monitor", "Start event monitor", ()),
    ("R8", "info", "Start snapshots syncer", "Start snapshots syncer", ()),
    ("R9", "info", "Start cni network conf syncer for default", "Start cni network conf syncer for default", ()),
    ("R10", "info", "Start streaming server", "Start streaming server", ()),
    ("R11", "debug", "Received containerd event timestamp - <*>, namespace - <*>, topic - <*>",
     rf"Received containerd event timestamp - [\d-]+ [\d:.]+ \+0000 UTC, namespace - {QS}, topic - {QS}", ()),
    ("R12", "debug", "Ignoring events in namespace - <*>", rf"Ignoring events in namespace - {QS}", ()),
    ("R13", "info", "Stop CRI service", "Stop CRI service", ()),
    # events, metadata, snapshots, content, images (services/*, metadata/*, gc/scheduler)
    ("V1", "debug", "event published", "event published", ("ns", "topic", "type")),
    ("V2", "debug", "event forwarded", "event forwarded", ("ns", "topic", "type")),
    ("V3", "debug", "garbage collected", "garbage collected", ("d",)),
    ("V4", "debug", "schedule snapshotter cleanup", "schedule snapshotter cleanup", ("snapshotter",)),
    ("V5", "debug", "snapshot garbage collected", "snapshot garbage collected", ("d", "snapshotter")),
    ("V6", "debug", "schedule content cleanup", "schedule content cleanup", ()),
    ("V7", "debug", "content garbage collected", "content garbage collected", ("d",)),
    ("V8", "debug", "removed snapshot", "removed snapshot", ("key", "snapshotter")),
    ("V9", "debug", "removed content", "removed content", ("digest",)),
    ("V10", "debug", "remove snapshot", "remove snapshot", ("key",)),
    ("V11", "debug", "remove snapshot", "remove snapshot", ("key", "snapshotter")),
    ("V12", "debug", "remove content", "remove content", ("key",)),
    ("V13", "debug", "stat snapshot", "stat snapshot", ("key",)),
    ("V14", "debug", "prepare snapshot", "prepare snapshot", ("key", "parent")),
    ("V15", "debug", "commit snapshot", "commit snapshot", ("key", "name")),
    ("V16", "debug", "get snapshot mounts", "get snapshot mounts", ("key",)),
    ("V17", "debug", "(*service).Write started", r"\(\*service\)\.Write started", ("ref", "total")),
    ("V18", "debug", "create image", "create image", ("name", "target")),
    ("V19", "debug", "delete image", "delete image", ("name",)),
    ("V20", "debug", "delete content", "delete content", ("digest",)),
    ("V21", "debug", "diff applied", "diff applied", ("d", "digest", "media", "size")),
    ("V22", "debug", "unpigz not found, falling back to go gzip", "unpigz not found, falling back to go gzip", ("error",)),
    # runtime/v2 (containerd's side of a shim)
    ("T1", "info", "shim disconnected", "shim disconnected", ("id",)),
    ("T2", "warning", "cleaning up after shim disconnected", "cleaning up after shim disconnected", ("id", "namespace")),
    ("T3", "info", "cleaning up dead shim", "cleaning up dead shim", ()),
    ("T4", "warning", "cleanup warnings <*>", r"cleanup warnings .*", ()),
    ("T5", "debug", "failed to delete task", "failed to delete task", ("error", "id")),
    ("T6", "error", "copy shim log", "copy shim log", ("error",)),
    ("T7", "debug", "loading tasks in namespace", "loading tasks in namespace", ("namespace",)),
    # runtime/v2/shim (the runc v2 shim's own lines, which containerd copies; the shim's logger
    # adds runtime=)
    ("S1", "info", "loading plugin <*>...", rf"loading plugin {QS}\.\.\.", ("runtime", "type")),
    ("S2", "debug", "registering ttrpc service", "registering ttrpc service", ("id",)),
    ("S3", "debug", "serving api on socket", "serving api on socket", ("socket",)),
    ("S4", "info", "starting signal loop", "starting signal loop", ("namespace", "path", "pid", "runtime")),
]


def compile_calls(calls):
    """label's events from the calls: a regex over the whole line, a template without the time."""
    events = []
    for eid, level, template, msg, keys in calls:
        fields = "".join(f" {k}={VAL}" for k in keys)
        events.append((eid, f'level={level} msg="{template}"' + "".join(f" {k}=<*>" for k in keys),
                       rf'time="[^"]+" level={level} msg=(?:"{msg}"|{msg}){fields}'))
    return label.compile_events(events)


EVENTS = compile_calls(CALLS)


def run():
    """Runs containerd under the workload; returns the raw log it kept."""
    work = tempfile.mkdtemp(prefix="oats-containerd-")
    log = workload(work)
    raw_log = label.keep(log, "containerd")
    unmount_under(work)
    shutil.rmtree(work)
    return raw_log


if __name__ == "__main__":
    label.main(HERE, "containerd", EVENTS, lambda line: line, run)
