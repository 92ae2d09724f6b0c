"""Makes bench/data/etcd: the log of one member of a real three-member etcd 3.4 cluster (Debian's
etcd-server), as its container writes it: zap JSON lines on stderr (`--logger=zap`, level info).
A seeded workload drives the cluster: writes, compactions, defragmentation, snapshots, leadership
transfers, and members stopped gracefully or killed and started again, so that the member whose
log this is sees elections, lost and re-established peer streams and its own restarts.

Run from anywhere: python3 bench/data/etcd/generate.py   (needs apt-get install etcd-server
etcd-client; the raw log is kept in the temporary folder as oats-etcd-raw.log until it is labelled,
and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: each line is labelled with the zap log call that printed it. etcd's own calls log a
constant message with structured fields, so the call site (`caller`, file and line) and the message
are the event, as for Prometheus here. The raft library logs through a printf-style logger, so its
events are raft's format strings (one regex each, written from etcd 3.4's raft/*.go), whatever
member id or term they print. grpc-go writes a few lines of its own format (`WARNING: date time
[core] grpc: ...`) into the same stream; each of its format strings is an event.
"""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MEMBERS = ["infra0", "infra1", "infra2"]
rnd = random.Random(15)


def client_url(i):
    return f"http://127.0.0.1:2{i + 1}379"


def peer_url(i):
    return f"http://127.0.0.1:2{i + 1}380"


CLUSTER = ",".join(f"{m}={peer_url(i)}" for i, m in enumerate(MEMBERS))


def start(work, i, state):
    log = open(f"{work}/{MEMBERS[i]}.log", "a")
    return subprocess.Popen(
        ["etcd", "--name", MEMBERS[i], "--data-dir", f"{work}/{MEMBERS[i]}", "--logger=zap",
         "--log-outputs=stderr", "--log-level=info", "--snapshot-count=300",
         "--listen-client-urls", client_url(i), "--advertise-client-urls", client_url(i),
         "--listen-peer-urls", peer_url(i), "--initial-advertise-peer-urls", peer_url(i),
         "--initial-cluster", CLUSTER, "--initial-cluster-state", state,
         "--initial-cluster-token", "oats-bench"],
        stdout=subprocess.DEVNULL, stderr=log)


def ctl(*args, endpoint=None):
    endpoints = endpoint or ",".join(client_url(i) for i in range(3))
    return subprocess.run(["etcdctl", f"--endpoints={endpoints}", "--command-timeout=5s", *args],
                          env=dict(os.environ, ETCDCTL_API="3"), capture_output=True, text=True)


def workload(work):
    procs = [start(work, i, "new") for i in range(3)]
    time.sleep(5)
    revision = 1
    try:
        while daemon.lines_in(f"{work}/{MEMBERS[0]}.log") < 2300:
            k = rnd.random()
            if k < 0.45:
                for _ in range(rnd.randrange(5, 40)):
                    ctl("put", f"/registry/pods/{rnd.choice(['default', 'shop', 'kube-system'])}/pod-{rnd.randrange(200)}",
                        "x" * rnd.randrange(10, 400))
            elif k < 0.55:
                out = ctl("endpoint", "status", "-w", "json", endpoint=client_url(rnd.randrange(3))).stdout
                m = re.search(r'"revision":(\d+)', out)
                if m and int(m.group(1)) > revision + 5:
                    revision = int(m.group(1)) - rnd.randrange(1, 5)
                    ctl("compaction", str(revision))
            elif k < 0.60:
                ctl("defrag", endpoint=client_url(rnd.choice([0, 0, 1, 2])))
            elif k < 0.64:
                ctl("snapshot", "save", f"{work}/snap.db", endpoint=client_url(0))
            elif k < 0.70:
                out = ctl("endpoint", "status", "-w", "json").stdout
                ids = re.findall(r'"member_id":(\d+)', out)
                if ids:
                    ctl("move-leader", format(int(rnd.choice(ids)), "x"))
            elif k < 0.80:
                # a member stops (gracefully or killed) and comes back
                i = rnd.choice([0, 1, 1, 2, 2])
                if rnd.random() < 0.5:
                    procs[i].send_signal(signal.SIGTERM)
                else:
                    procs[i].kill()
                procs[i].wait(timeout=30)
                time.sleep(rnd.uniform(1, 4))
                procs[i] = start(work, i, "existing")
                time.sleep(2)
            else:
                time.sleep(rnd.uniform(0.2, 1.0))
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=30)


# raft's printf-style messages (etcd 3.4 raft/*.go), as (id, template, regex over the message).
ID = r"[0-9a-f]+"
RAFT = [
    ("R1", "<*> became follower at term <*>", rf"{ID} became follower at term \d+"),
    ("R2", "<*> became candidate at term <*>", rf"{ID} became candidate at term \d+"),
    ("R3", "<*> became leader at term <*>", rf"{ID} became leader at term \d+"),
    ("R4", "<*> became pre-candidate at term <*>", rf"{ID} became pre-candidate at term \d+"),
    ("R5", "newRaft <*> [peers: [<*>], term: <*>, commit: <*>, applied: <*>, lastindex: <*>, lastterm: <*>]",
     rf"newRaft {ID} \[peers: \[[^\]]*\], term: \d+, commit: \d+, applied: \d+, lastindex: \d+, lastterm: \d+\]"),
    ("R6", "<*> switched to configuration voters=(<*>)", rf"{ID} switched to configuration voters=\([\d ]*\)"),
    ("R7", "<*> [logterm: <*>, index: <*>, vote: <*>] cast MsgVote for <*> [logterm: <*>, index: <*>] at term <*>",
     rf"{ID} \[logterm: \d+, index: \d+, vote: {ID}\] cast MsgVote for {ID} \[logterm: \d+, index: \d+\] at term \d+"),
    ("R8", "<*> [logterm: <*>, index: <*>, vote: <*>] rejected MsgVote from <*> [logterm: <*>, index: <*>] at term <*>",
     rf"{ID} \[logterm: \d+, index: \d+, vote: {ID}\] rejected MsgVote from {ID} \[logterm: \d+, index: \d+\] at term \d+"),
    ("R9", "<*> [term: <*>] received a <*> message with higher term from <*> [term: <*>]",
     rf"{ID} \[term: \d+\] received a \w+ message with higher term from {ID} \[term: \d+\]"),
    ("R10", "<*> [term: <*>] ignored a <*> message with lower term from <*> [term: <*>]",
     rf"{ID} \[term: \d+\] ignored a \w+ message with lower term from {ID} \[term: \d+\]"),
    ("R11", "<*> received MsgVoteResp from <*> at term <*>", rf"{ID} received MsgVoteResp from {ID} at term \d+"),
    ("R12", "<*> received MsgVoteResp rejection from <*> at term <*>", rf"{ID} received MsgVoteResp rejection from {ID} at term \d+"),
    ("R13", "<*> [logterm: <*>, index: <*>] sent MsgVote request to <*> at term <*>",
     rf"{ID} \[logterm: \d+, index: \d+\] sent MsgVote request to {ID} at term \d+"),
    ("R14", "<*> has received <*> MsgVoteResp votes and <*> vote rejections", rf"{ID} has received \d+ MsgVoteResp votes and \d+ vote rejections"),
    ("R15", "<*> is starting a new election at term <*>", rf"{ID} is starting a new election at term \d+"),
    ("R16", "raft.node: <*> elected leader <*> at term <*>", rf"raft\.node: {ID} elected leader {ID} at term \d+"),
    ("R17", "raft.node: <*> lost leader <*> at term <*>", rf"raft\.node: {ID} lost leader {ID} at term \d+"),
    ("R18", "<*> [term <*>] starts to transfer leadership to <*>", rf"{ID} \[term \d+\] starts to transfer leadership to {ID}"),
    ("R19", "<*> sends MsgTimeoutNow to <*> immediately as <*> already has up-to-date log",
     rf"{ID} sends MsgTimeoutNow to {ID} immediately as {ID} already has up-to-date log"),
    ("R20", "<*> [term <*>] received MsgTimeoutNow from <*> and starts an election to get leadership.",
     rf"{ID} \[term \d+\] received MsgTimeoutNow from {ID} and starts an election to get leadership\."),
    ("R21", "<*> [term <*>] transfer leadership to <*> is in progress, ignores request to same node <*>",
     rf"{ID} \[term \d+\] transfer leadership to {ID} is in progress, ignores request to same node {ID}"),
    ("R22", "<*> [commit: <*>, lastindex: <*>, lastterm: <*>] starts to restore snapshot [index: <*>, term: <*>]",
     rf"{ID} \[commit: \d+, lastindex: \d+, lastterm: \d+\] starts to restore snapshot \[index: \d+, term: \d+\]"),
    ("R23", "<*> restored progress of <*> [<*>]", rf"{ID} restored progress of {ID} \[.*\]"),
    ("R24", "<*> [commit: <*>] restored snapshot [index: <*>, term: <*>]", rf"{ID} \[commit: \d+\] restored snapshot \[index: \d+, term: \d+\]"),
    ("R25", "log [<*>] starts to restore snapshot [index: <*>, term: <*>]", r"log \[.*\] starts to restore snapshot \[index: \d+, term: \d+\]"),
    ("R26", "<*> [firstindex: <*>, commit: <*>] sent snapshot[index: <*>, term: <*>] to <*> [<*>]",
     rf"{ID} \[firstindex: \d+, commit: \d+\] sent snapshot\[index: \d+, term: \d+\] to {ID} \[.*\]"),
    ("R27", "<*> paused sending replication messages to <*> [<*>]", rf"{ID} paused sending replication messages to {ID} \[.*\]"),
    ("R28", "<*> snapshot succeeded, resumed sending replication messages to <*> [<*>]",
     rf"{ID} snapshot succeeded, resumed sending replication messages to {ID} \[.*\]"),
    ("R29", "<*> [logterm: <*>, index: <*>, vote: <*>] ignored MsgVote from <*> [logterm: <*>, index: <*>] at term <*>: lease is not expired (remaining ticks: <*>)",
     rf"{ID} \[logterm: \d+, index: \d+, vote: {ID}\] ignored MsgVote from {ID} \[logterm: \d+, index: \d+\] at term \d+: lease is not expired \(remaining ticks: \d+\)"),
    ("R30", "<*> no leader at term <*>; dropping proposal", rf"{ID} no leader at term \d+; dropping proposal"),
    ("R32", "<*> received MsgPreVoteResp from <*> at term <*>", rf"{ID} received MsgPreVoteResp from {ID} at term \d+"),
    ("R33", "<*> [logterm: <*>, index: <*>] sent MsgPreVote request to <*> at term <*>",
     rf"{ID} \[logterm: \d+, index: \d+\] sent MsgPreVote request to {ID} at term \d+"),
]
# Lines that etcd's gRPC library (grpc-go) writes with its own logger, not zap.
GRPC = [
    ("G1", "[core] grpc: Server.Serve failed to create ServerTransport: <*>",
     r"WARNING: \d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[core\] grpc: Server\.Serve failed to create ServerTransport: .*"),
    ("G2", "[core] grpc: addrConn.createTransport failed to connect to <*>. Err: <*>",
     r"WARNING: \d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[core\] grpc: addrConn\.createTransport failed to connect to .*"),
]
LINE = re.compile(r'^\{"level":"(\w+)","ts":"[^"]+","caller":"([^"]+)","msg":"((?:[^"\\]|\\.)*)"(.*)\}$')


def key_of(line):
    """`caller msg` for a zap line: what the events match."""
    m = LINE.match(line)
    if not m:
        return line
    return f"{m.group(2)} {json.loads(chr(34) + m.group(3) + chr(34))}"


def content_of(line):
    """The Content column: the line without its level and timestamp."""
    m = LINE.match(line)
    return ('{"caller":"%s","msg":"%s"%s}' % (m.group(2), m.group(3), m.group(4))) if m else line


def events_for(lines):
    """etcd's own calls (constant message): one event per call site and message, found in the log;
    raft's: one event per format string. The template names the structured fields."""
    events, seen = [], {}
    for line in lines:
        m = LINE.match(line)
        if not m or m.group(2).startswith("raft/"):
            continue
        caller, msg = m.group(2), json.loads(chr(34) + m.group(3) + chr(34))
        if (caller, msg) in seen:
            continue
        fields = [k for k in json.loads(line) if k not in ("level", "ts", "caller", "msg")]
        template = msg + "".join(f" {k}=<*>" for k in fields)
        eid = f"E{len(seen) + 1}"
        seen[(caller, msg)] = eid
        events.append((eid, template, re.escape(f"{caller} {msg}")))
    events += [(eid, template, r"raft/\S+ " + rx) for eid, template, rx in RAFT]
    events += GRPC
    return label.compile_events(events)


def main():
    """Runs the cluster and labels one member's log; with --raw FILE, labels a log kept from a run."""
    if "--raw" in sys.argv:
        write(sys.argv[sys.argv.index("--raw") + 1])
        return
    work = tempfile.mkdtemp(prefix="oats-etcd-")
    workload(work)
    raw = os.path.join(tempfile.gettempdir(), "oats-etcd-raw.log")
    shutil.copy(f"{work}/{MEMBERS[0]}.log", raw)
    shutil.rmtree(work)
    write(raw)
    os.remove(raw)


def write(raw):
    """Labels the log of a run (kept at raw until it is labelled) and writes the data set."""
    with open(raw, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()][:2000]
    labelled = label.label(lines, events_for(lines), key_of)
    labelled = [(line, content_of(line), eid, t) for line, _, eid, t in labelled]
    if len(labelled) < 2000:
        sys.exit(f"only {len(labelled)} lines: make the workload longer")
    label.write(HERE, "etcd", labelled)


if __name__ == "__main__":
    main()
