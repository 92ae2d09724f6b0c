"""Makes bench/data/redis: the log of a real Redis 7.0 (Debian's redis-server) at loglevel verbose,
a primary and its replica appending to one log file (Redis opens the file for each message), in
Redis's own format `pid:role DD Mon YYYY HH:MM:SS.mmm <level mark> message`, where the pid and the
role (C child, M primary, S replica) come first. A seeded workload drives them: short client
connections running commands, RDB snapshots by the save rule and by BGSAVE, AOF rewrites, HTTP
requests sent to the Redis port (which Redis reports as an attack), and restarts of the primary
that the replica sees as a lost link, failed reconnections and a resynchronisation.

Run as root from anywhere: python3 bench/data/redis/generate.py   (needs apt-get install
redis-server; the raw log is kept in the temporary folder as oats-redis-raw.log until it is
labelled, and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand with a regex per serverLog() call of Redis 7.0 (the format string,
its conversions as <*>), written from the messages of this run; the level mark (`*`, `-`, `#`) and
the role are header fields. Where the code passes one of a few literal constants into a shared
format (`Fork CoW for %s` with "RDB" or "AOF rewrite"), each constant is an event of its own, as in
the other sources here.
"""
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PRIMARY, REPLICA = 16379, 16380
rnd = random.Random(15)


def resp(*args):
    out = f"*{len(args)}\r\n"
    for a in args:
        a = str(a)
        out += f"${len(a.encode())}\r\n{a}\r\n"
    return out.encode()


def session(port, commands):
    """One client connection that runs some commands and closes."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=3)
    except OSError:
        return
    try:
        for cmd in commands:
            s.sendall(resp(*cmd))
            s.recv(65536)
    except OSError:
        pass
    finally:
        s.close()


def raw(port, data):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=3)
        s.sendall(data)
        s.recv(4096)
        s.close()
    except OSError:
        pass


def config(work, port, extra=""):
    path = f"{work}/redis-{port}.conf"
    os.makedirs(f"{work}/{port}", exist_ok=True)
    with open(path, "w") as f:
        f.write(f"""port {port}
bind 127.0.0.1
daemonize no
loglevel verbose
logfile {work}/redis.log
dir {work}/{port}
save 4 25
appendonly yes
timeout 0
{extra}""")
    return path


def start(conf):
    proc = subprocess.Popen(["redis-server", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc


def workload(work):
    primary_conf = config(work, PRIMARY)
    keys = [f"cart:{i}" for i in range(40)] + [f"session:{i:04x}" for i in range(40)]
    primary = start(primary_conf)
    replica = start(config(work, REPLICA, f"replicaof 127.0.0.1 {PRIMARY}\nreplica-read-only yes\n"))
    try:
        while daemon.lines_in(f"{work}/redis.log") < 2300:
            k = rnd.random()
            if k < 0.55:
                cmds = []
                for _ in range(rnd.randrange(1, 6)):
                    key = rnd.choice(keys)
                    cmds.append(rnd.choice([("SET", key, rnd.randrange(10**6)), ("GET", key), ("INCR", f"hits:{rnd.randrange(9)}"),
                                            ("EXPIRE", key, rnd.randrange(30, 600)), ("DEL", key), ("HSET", f"user:{rnd.randrange(99)}", "seen", int(time.time()))]))
                session(PRIMARY, cmds)
            elif k < 0.62:
                session(REPLICA, [("GET", rnd.choice(keys))] + ([("SET", "x", "1")] if rnd.random() < 0.3 else []))
            elif k < 0.66:
                session(PRIMARY, [("BGSAVE",)])
                time.sleep(0.3)
            elif k < 0.69:
                session(PRIMARY, [("BGREWRITEAOF",)])
                time.sleep(0.3)
            elif k < 0.72:
                raw(PRIMARY, rnd.choice([b"GET / HTTP/1.1\r\nHost: cache:6379\r\n\r\n",
                                         b"POST /api HTTP/1.1\r\nHost: x\r\n\r\n"]))
            elif k < 0.735:
                # the primary restarts; the replica loses it and syncs again
                primary.send_signal(signal.SIGTERM)
                primary.wait(timeout=30)
                time.sleep(rnd.uniform(1.5, 4))
                primary = start(primary_conf)
                time.sleep(1.5)
            elif k < 0.745:
                session(PRIMARY, [("CLIENT", "KILL", "TYPE", "replica")])
                time.sleep(1)
            else:
                time.sleep(rnd.uniform(0.1, 0.6))
    finally:
        for p in (replica, primary):
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=30)
    return f"{work}/redis.log"


# (id, template, regex over the message), from Redis 7.0's serverLog calls.
A = r"\d+\.\d+\.\d+\.\d+:\d+"
F = r"[\w.-]+"
EVENTS = [
    ("E1", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo", r"oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
    ("E2", "Redis version=<*>, bits=<*>, commit=<*>, modified=<*>, pid=<*>, just started",
     r"Redis version=\S+, bits=\d+, commit=\w+, modified=\d+, pid=\d+, just started"),
    ("E3", "Configuration loaded", r"Configuration loaded"),
    ("E4", "monotonic clock: <*>", r"monotonic clock: .+"),
    ("E5", "Running mode=<*>, port=<*>.", r"Running mode=\w+, port=\d+\."),
    ("E6", "Server initialized", r"Server initialized"),
    ("E7", "WARNING Memory overcommit must be enabled! <*>", r"WARNING Memory overcommit must be enabled! Without it, .*"),
    ("E8", "Ready to accept connections", r"Ready to accept connections"),
    ("E9", "Accepted <*>", rf"Accepted {A}"),
    ("E10", "Client closed connection <*>", rf"Client closed connection id=\d+ addr={A} .*"),
    ("E11", "Fork CoW for RDB: current <*> MB, peak <*> MB, average <*> MB", r"Fork CoW for RDB: current \d+ MB, peak \d+ MB, average \d+ MB"),
    ("E12", "Fork CoW for AOF rewrite: current <*> MB, peak <*> MB, average <*> MB", r"Fork CoW for AOF rewrite: current \d+ MB, peak \d+ MB, average \d+ MB"),
    ("E13", "DB saved on disk", r"DB saved on disk"),
    ("E14", "Background saving started by pid <*>", r"Background saving started by pid \d+"),
    ("E15", "Background saving terminated with success", r"Background saving terminated with success"),
    ("E16", "MASTER <-> REPLICA sync started", r"MASTER <-> REPLICA sync started"),
    ("E17", "DB <*>: <*> keys (<*> volatile) in <*> slots HT.", r"DB \d+: \d+ keys \(\d+ volatile\) in \d+ slots HT\."),
    ("E18", "Successfully created the temporary AOF base file <*>", rf"Successfully created the temporary AOF base file {F}"),
    ("E19", "Connecting to MASTER <*>", rf"Connecting to MASTER {A}"),
    ("E20", "<*> changes in <*> seconds. Saving...", r"\d+ changes in \d+ seconds\. Saving\.\.\."),
    ("E21", "Error condition on socket for SYNC: <*>", r"Error condition on socket for SYNC: .+"),
    ("E22", "Background AOF rewrite signal handler took <*>us", r"Background AOF rewrite signal handler took \d+us"),
    ("E23", "Successfully renamed the temporary AOF base file <*> into <*>", rf"Successfully renamed the temporary AOF base file {F} into {F}"),
    ("E24", "Removing the history file <*> in the background", rf"Removing the history file {F} in the background"),
    ("E25", "Creating AOF incr file <*> on background rewrite", rf"Creating AOF incr file {F} on background rewrite"),
    ("E26", "Background append only file rewriting started by pid <*>", r"Background append only file rewriting started by pid \d+"),
    ("E27", "Background AOF rewrite terminated with success", r"Background AOF rewrite terminated with success"),
    ("E28", "Background AOF rewrite finished successfully", r"Background AOF rewrite finished successfully"),
    ("E29", "Non blocking connect for SYNC fired the event.", r"Non blocking connect for SYNC fired the event\."),
    ("E30", "Master replied to PING, replication can continue...", r"Master replied to PING, replication can continue\.\.\."),
    ("E31", "Replica <*> asks for synchronization", rf"Replica {A} asks for synchronization"),
    ("E32", "Reconnecting to MASTER <*>", rf"Reconnecting to MASTER {A}"),
    ("E81", "Reconnecting to MASTER <*> after failure", rf"Reconnecting to MASTER {A} after failure"),
    ("E33", "Caching the disconnected master state.", r"Caching the disconnected master state\."),
    ("E34", "Connection with master lost.", r"Connection with master lost\."),
    ("E35", "Delay next BGSAVE for diskless SYNC", r"Delay next BGSAVE for diskless SYNC"),
    ("E36", "Successfully renamed the temporary AOF incr file <*> into <*>", rf"Successfully renamed the temporary AOF incr file {F} into {F}"),
    ("E37", "RDB memory usage when created <*> Mb", r"RDB memory usage when created [\d.]+ Mb"),
    ("E38", "RDB age <*> seconds", r"RDB age \d+ seconds"),
    ("E39", "MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk",
     r"MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk"),
    ("E40", "MASTER <-> REPLICA sync: Loading DB in memory", r"MASTER <-> REPLICA sync: Loading DB in memory"),
    ("E41", "MASTER <-> REPLICA sync: Flushing old data", r"MASTER <-> REPLICA sync: Flushing old data"),
    ("E42", "MASTER <-> REPLICA sync: Finished with success", r"MASTER <-> REPLICA sync: Finished with success"),
    ("E43", "Loading RDB produced by version <*>", r"Loading RDB produced by version \S+"),
    ("E44", "Done loading RDB, keys loaded: <*>, keys expired: <*>.", r"Done loading RDB, keys loaded: \d+, keys expired: \d+\."),
    ("E46", "Received SIGTERM scheduling shutdown...", r"Received SIGTERM scheduling shutdown\.\.\."),
    ("E47", "Synchronization with replica <*> succeeded", rf"Synchronization with replica {A} succeeded"),
    ("E48", "Streamed RDB transfer with replica <*> succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming",
     rf"Streamed RDB transfer with replica {A} succeeded \(socket\)\. Waiting for REPLCONF ACK from slave to enable streaming"),
    ("E49", "Starting BGSAVE for SYNC with target: replicas sockets", r"Starting BGSAVE for SYNC with target: replicas sockets"),
    ("E50", "Saving the final RDB snapshot before exiting.", r"Saving the final RDB snapshot before exiting\."),
    ("E51", "<*> of <*> replicas are in sync when shutting down.", r"\d+ of \d+ replicas are in sync when shutting down\."),
    ("E52", "Calling fsync() on the AOF file.", r"Calling fsync\(\) on the AOF file\."),
    ("E53", "Background RDB transfer terminated with success", r"Background RDB transfer terminated with success"),
    ("E54", "Background RDB transfer started by pid <*>", r"Background RDB transfer started by pid \d+"),
    ("E55", "User requested shutdown...", r"User requested shutdown\.\.\."),
    ("E56", "Redis is now ready to exit, bye bye...", r"Redis is now ready to exit, bye bye\.\.\."),
    ("E57", "Diskless rdb transfer, done reading from pipe, <*> replicas still up.", r"Diskless rdb transfer, done reading from pipe, \d+ replicas still up\."),
    ("E58", "Trying a partial resynchronization (request <*>).", r"Trying a partial resynchronization \(request \w+:\d+\)\."),
    ("E59", "Partial resynchronization not possible (no cached master)", r"Partial resynchronization not possible \(no cached master\)"),
    ("E60", "Discarding previously cached master state.", r"Discarding previously cached master state\."),
    ("E61", "Waiting for replicas before shutting down.", r"Waiting for replicas before shutting down\."),
    ("E62", "Reading RDB base file on AOF loading...", r"Reading RDB base file on AOF loading\.\.\."),
    ("E63", "RDB is base AOF", r"RDB is base AOF"),
    ("E64", "Opening AOF incr file <*> on server start", rf"Opening AOF incr file {F} on server start"),
    ("E65", "Full resync requested by replica <*>", rf"Full resync requested by replica {A}"),
    ("E66", "DB loaded from incr file <*>: <*> seconds", rf"DB loaded from incr file {F}: [\d.]+ seconds"),
    ("E67", "DB loaded from base file <*>: <*> seconds", rf"DB loaded from base file {F}: [\d.]+ seconds"),
    ("E68", "DB loaded from append only file: <*> seconds", r"DB loaded from append only file: [\d.]+ seconds"),
    ("E69", "Possible SECURITY ATTACK detected. <*>", r"Possible SECURITY ATTACK detected\. It looks like somebody is sending POST or Host: commands to Redis\. .*"),
    ("E70", "Connection with replica <*> lost.", rf"Connection with replica {A} lost\."),
    ("E71", "Successful partial resynchronization with master.", r"Successful partial resynchronization with master\."),
    ("E72", "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.", r"MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization\."),
    ("E73", "Full resync from master: <*>", r"Full resync from master: \w+:\d+"),
    ("E74", "Creating AOF incr file <*> on server start", rf"Creating AOF incr file {F} on server start"),
    ("E75", "Creating AOF base file <*> on server start", rf"Creating AOF base file {F} on server start"),
    ("E76", "Master did not reply to PSYNC, will try later", r"Master did not reply to PSYNC, will try later"),
    ("E77", "Failed to read response from the server: <*>", r"Failed to read response from the server: .*"),
    ("E78", "Replication backlog created, my new replication IDs are '<*>' and '<*>'", r"Replication backlog created, my new replication IDs are '\w+' and '\w+'"),
    ("E79", "Partial resynchronization request from <*> accepted. Sending <*> bytes of backlog starting from offset <*>.",
     rf"Partial resynchronization request from {A} accepted\. Sending \d+ bytes of backlog starting from offset \d+\."),
    ("E80", "Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '<*>', my replication IDs are '<*>' and '<*>')",
     r"Partial resynchronization not accepted: Replication ID mismatch \(Replica asked for '\w+', my replication IDs are '\w+' and '\w+'\)"),
]

HEADER = re.compile(r"^\d+:[CMSX] \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} [.\-*#] (.*)$")
# What Redis writes from a signal handler: `pid:signal-handler (unix time) message`.
SIGNAL_HEADER = re.compile(r"^\d+:signal-handler \(\d+\) (.*)$")


if __name__ == "__main__":
    label.generate(HERE, (HEADER, SIGNAL_HEADER), EVENTS, workload)
