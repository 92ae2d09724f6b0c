"""Makes bench/data/rabbitmq: the log of a real RabbitMQ 3.10 broker (Debian's rabbitmq-server, on
Debian's Erlang/OTP 25), its log file at level info in RabbitMQ's text format (`2026-12-07
12:13:11.441109+00:00 [error] <0.737.0> message`; a message of several lines repeats the header on
every line), one node from a private folder on 127.0.0.1:15672. A seeded workload drives it through
Debian's python3-pika and rabbitmqctl: clients that publish and consume, log in with a wrong password
or as an unknown user, ask for a virtual host they may not use or that does not exist, declare a
queue again with other arguments, publish to an exchange that does not exist, read a queue that
does not exist, write where they may only read, touch another connection's exclusive queue, delete
a queue in use, vanish without closing, stop answering heartbeats, or never finish the AMQP
handshake; bytes that are not AMQP (HTTP, a TLS hello, nothing); rabbitmqctl adding and deleting
users, virtual hosts, permissions and policies, changing passwords, closing connections, purging
and deleting queues, raising the memory and disk alarms and clearing them, stopping and starting
the application; and restarts of the node (a clean stop, and SIGKILL).

Run as root from anywhere with Debian's Python: /usr/bin/python3 bench/data/rabbitmq/generate.py
(needs apt-get install rabbitmq-server python3-pika; the broker runs as its `rabbitmq` user from a
private folder, with a private epmd port; the raw log is kept in the temporary folder as
oats-rabbitmq-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again
without running anything).

Ground truth: labelled by hand, a regex per logging call of RabbitMQ 3.10.8 (`rabbit_log:*`,
`rabbit_log_connection:*`, `rabbit_log_channel:*`, `?LOG_*` and `logger:*` calls in
`deps/rabbit/src/*.erl` and the Erlang/OTP and Ra calls the broker logs through), written from the
messages of the run and checked in the source (tag v3.10.8 of RabbitMQ's repository). The header
(time, level, the Erlang process) is not part of the event. A message of several lines is one line
of the data set per physical line: each line of a format string that spans lines is an event, a
blank one too (the banner's), and the second line of a connection or channel error, which prints a
reason formatted elsewhere (`~ts login refused: user '~ts' - invalid credentials`, `operation ~ts
caused a channel exception ~ts: ~ts`), is an event per reason's format string; a reason that is an
Erlang term printed with `~p` (`{bad_header,<<"GET / HT">>}`, an atom such as `handshake_timeout`)
is an event per term shape or atom. The AMQP error name inside a channel exception
(`precondition_failed`, `not_found`, `access_refused`, `resource_locked`) belongs to the reason's
format string it comes with: the reasons are different calls of `rabbit_misc:protocol_error`.
Constants that the code passes into a shared format are an event each: `set` and `clear` of
`vm_memory_high_watermark ~p. ...`, and `transient` and `persistent` of `Started message store of
type ~s for vhost '~s'` (two call sites of do_start_msg_store; labelled as one event when the data
set was first scored, corrected after it: see BENCHMARKS.md).
"""
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

try:
    import pika
except ImportError:
    pika = None

HERE = os.path.dirname(os.path.abspath(__file__))
PORT, DIST, EPMD = 15672, 25672, 14369
NODE = "oats@localhost"
rnd = random.Random(27)


class Broker:
    def __init__(self, work):
        self.work = work
        os.makedirs(f"{work}/mnesia", exist_ok=True)
        os.makedirs(f"{work}/log", exist_ok=True)
        with open(f"{work}/rabbitmq.conf", "w") as f:
            f.write(f"""listeners.tcp.default = 127.0.0.1:{PORT}
log.file.level = info
log.console = false
loopback_users = none
handshake_timeout = 2000
heartbeat = 600
""")
        with open(f"{work}/enabled_plugins", "w") as f:
            f.write("[].\n")
        subprocess.run(["chown", "-R", "rabbitmq:rabbitmq", work], check=True)
        os.chmod(work, 0o755)
        self.env = dict(os.environ, RABBITMQ_NODENAME=NODE, RABBITMQ_MNESIA_BASE=f"{work}/mnesia",
                        RABBITMQ_LOG_BASE=f"{work}/log", RABBITMQ_LOGS=f"{work}/log/rabbit.log",
                        RABBITMQ_CONFIG_FILE=f"{work}/rabbitmq", RABBITMQ_ENABLED_PLUGINS_FILE=f"{work}/enabled_plugins",
                        RABBITMQ_DIST_PORT=str(DIST), RABBITMQ_PID_FILE=f"{work}/mnesia/pid",
                        RABBITMQ_FEATURE_FLAGS_FILE=f"{work}/mnesia/feature_flags",
                        RABBITMQ_CONF_ENV_FILE=f"{work}/none", ERL_EPMD_PORT=str(EPMD))
        self.proc = None
        self.log = f"{work}/log/rabbit.log"

    def start(self):
        self.proc = subprocess.Popen(["rabbitmq-server"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        daemon.wait_port(PORT, timeout=120)
        time.sleep(1)

    def ctl(self, *args, timeout=60):
        try:
            return subprocess.run(["rabbitmqctl", "-n", NODE, *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, kill=False):
        if kill:
            # the Erlang VM (beam.smp) runs under the script wrapper and writes its pid to the file
            with open(f"{self.work}/mnesia/pid") as f:
                os.kill(int(f.read().strip()), signal.SIGKILL)
            self.proc.wait(timeout=60)
        else:
            self.ctl("stop")
            daemon.stop(self.proc)


def connect(user, password, vhost="shop", heartbeat=None):
    params = pika.ConnectionParameters("127.0.0.1", PORT, vhost, pika.PlainCredentials(user, password),
                                       connection_attempts=1, socket_timeout=5, blocked_connection_timeout=5,
                                       heartbeat=heartbeat)
    return pika.BlockingConnection(params)


def attempt(fn):
    try:
        fn()
    except Exception:  # a refused login or a channel closed by the broker is the point
        pass


def good_session():
    c = connect("app", "App-2025")
    ch = c.channel()
    q = rnd.choice(["orders", "invoices", "emails"])
    ch.queue_declare(q, durable=True)
    for i in range(rnd.randrange(1, 6)):
        ch.basic_publish("", q, b'{"n":%d}' % i)
    for _ in range(rnd.randrange(0, 4)):
        ch.basic_get(q, auto_ack=True)
    c.close()


def channel_error():
    c = connect(*rnd.choice([("app", "App-2025"), ("report", "Report-2026")]))
    k = rnd.randrange(7)
    ch = c.channel()
    try:
        if k == 0:
            ch.queue_declare("orders", durable=False)
        elif k == 1:
            ch.basic_publish(rnd.choice(["billing", "events.v2"]), "k", b"x")
            ch.queue_declare("orders", passive=True)
        elif k == 2:
            ch.queue_declare(rnd.choice(["nope", "legacy.jobs"]), passive=True)
        elif k == 3:
            ch.exchange_declare(rnd.choice(["audit", "metrics"]), "fanout")
        elif k == 4:
            ch.queue_declare("orders", arguments={"x-max-length": rnd.randrange(10, 99)}, durable=True)
        elif k == 5:
            ch.basic_get("orders", auto_ack=True)
            ch.queue_delete("orders", if_empty=True)
        else:
            ch.exchange_declare("amq.direct", "fanout")
    finally:
        if c.is_open:
            c.close()


def exclusive_clash():
    owner = connect("app", "App-2025")
    q = owner.channel().queue_declare("", exclusive=True).method.queue
    other = connect("app", "App-2025")
    attempt(lambda: other.channel().queue_declare(q, passive=True) and other.channel().basic_consume(q, lambda *a: None))
    attempt(lambda: other.channel().queue_delete(q))
    attempt(other.close)
    owner.close()


def vanish():
    c = connect("app", "App-2025")
    c.channel().queue_declare("orders", durable=True)
    sock = c._impl._transport._sock
    sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def silent(heartbeat):
    c = connect("app", "App-2025", heartbeat=heartbeat)
    time.sleep(heartbeat * 3 + 1)  # no process_data_events: no heartbeats sent
    attempt(c.close)


def raw(data, hold):
    daemon.send(PORT, data, linger=hold)


def client_step():
    k = rnd.random()
    if k < 0.22:
        attempt(good_session)
    elif k < 0.36:
        user, pw, vh = rnd.choice([("app", "wrong", "shop"), ("app", "", "shop"), ("admin", "admin", "/"), ("guest", "guest", "/"),
                                   ("report", "Report-2025", "shop"), ("app", "App-2025", "/"), ("report", "Report-2026", "billing"),
                                   ("app", "App-2025", "nosuch")])
        attempt(lambda: connect(user, pw, vh).close())
    elif k < 0.56:
        attempt(channel_error)
    elif k < 0.61:
        attempt(exclusive_clash)
    elif k < 0.68:
        attempt(vanish)
    elif k < 0.72:
        threading.Thread(target=attempt, args=(lambda: silent(rnd.choice([1, 2])),), daemon=True).start()
    else:
        data = rnd.choice([b"GET / HTTP/1.1\r\nHost: mq\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40),
                           b"", b"AMQP\x00\x00\x09\x01", b"AMQP\x01\x01\x00\x0a", b"PING\r\n"])
        hold = 3 if data == b"AMQP\x00\x00\x09\x01" and rnd.random() < 0.5 else 0.2
        threading.Thread(target=raw, args=(data, hold), daemon=True).start()


def admin_step(broker):
    k = rnd.random()
    user = rnd.choice(["ci", "ops", "temp"])
    vhost = rnd.choice(["staging", "batch"])
    if k < 0.10:
        broker.ctl("add_user", user, f"{user}-pw-{rnd.randrange(99)}")
        broker.ctl("set_permissions", "-p", "shop", user, "^$", ".*", ".*")
    elif k < 0.18:
        broker.ctl("delete_user", user)
    elif k < 0.24:
        broker.ctl("change_password", "app", "App-2025")
    elif k < 0.32:
        broker.ctl("add_vhost", vhost)
    elif k < 0.38:
        broker.ctl("delete_vhost", vhost)
    elif k < 0.44:
        broker.ctl("clear_permissions", "-p", "shop", user)
    elif k < 0.52:
        broker.ctl("set_policy", "-p", "shop", rnd.choice(["ttl", "max"]), "^orders$",
                   rnd.choice(['{"message-ttl":60000}', '{"max-length":1000}']), "--apply-to", "queues")
    elif k < 0.57:
        broker.ctl("clear_policy", "-p", "shop", rnd.choice(["ttl", "max"]))
    elif k < 0.62:
        broker.ctl("close_all_connections", "-p", "shop", "maintenance window")
    elif k < 0.67:
        broker.ctl(rnd.choice(["purge_queue", "delete_queue"]), "-p", "shop", rnd.choice(["orders", "emails", "ghost"]))
    elif k < 0.73:
        broker.ctl("set_vm_memory_high_watermark", "0.0001")
        time.sleep(1.5)
        attempt(good_session)
        broker.ctl("set_vm_memory_high_watermark", "0.4")
    elif k < 0.78:
        broker.ctl("set_disk_free_limit", "100000GB")
        time.sleep(2)
        broker.ctl("set_disk_free_limit", "50MB")
    elif k < 0.85:
        broker.ctl("stop_app")
        broker.ctl("start_app")
    elif k < 0.93:
        broker.stop()
        broker.start()
    else:
        broker.stop(kill=True)
        time.sleep(0.5)
        broker.start()


def workload(work):
    broker = Broker(work)
    broker.start()
    broker.ctl("add_vhost", "shop")
    broker.ctl("add_user", "app", "App-2025")
    broker.ctl("set_permissions", "-p", "shop", "app", ".*", ".*", ".*")
    broker.ctl("add_user", "report", "Report-2026")
    broker.ctl("set_permissions", "-p", "shop", "report", "^$", "^$", ".*")
    try:
        while daemon.lines_in(broker.log) < 2400:
            if rnd.random() < 0.93:
                client_step()
                time.sleep(rnd.uniform(0.05, 0.3))
            else:
                admin_step(broker)
    finally:
        broker.stop()
        # the epmd that the first start launched on the private port
        subprocess.run(["epmd", "-port", str(EPMD), "-kill"], capture_output=True)
    return broker.log


# (id, template, regex over the message), from RabbitMQ 3.10.8's log calls; the format strings
# are in the broker's .beam files (their literal tables). A line of a message of several lines is
# an event per line of its format string. Q a quoted name, A an address pair, E an Erlang pid.
Q = r"'[^']*'"
A = r"[\d.]+:\d+ -> [\d.]+:\d+"
E = r"<\d+\.\d+\.\d+>"
P = r"/[\w./@-]+"
EVENTS = label.compile_events([
    # the start-up banner (rabbit.erl), each line of it; a blank line (the banner's, the alarm's)
    ("B1", "", r""),
    ("B2", "Starting RabbitMQ <*> on Erlang <*> [<*>]", r" Starting RabbitMQ [\d.]+ on Erlang [\d.]+ \[\w+\]"),
    ("B3", "Copyright (c) <*> VMware, Inc. or its affiliates.", r" Copyright \(c\) [\d-]+ VMware, Inc\. or its affiliates\."),
    ("B4", "Licensed under the MPL <*>. Website: https://rabbitmq.com", r" Licensed under the MPL [\d.]+\. Website: https://rabbitmq\.com"),
    ("B5", "node : <*>", r" node           : \S+"),
    ("B6", "home dir : <*>", rf" home dir       : {P}"),
    ("B7", "config file(s) : <*>", rf" config file\(s\) : {P}"),
    ("B8", "cookie hash : <*>", r" cookie hash    : \S+"),
    ("B9", "log(s) : <*>", rf" log\(s\)         : {P}"),
    ("B10", ": <*>", r"                : (?:/[\w./@-]+|<stdout>)"),
    ("B11", "database dir : <*>", rf" database dir   : {P}"),
    # prelaunch, logging, Ra, Mnesia, feature flags
    ("P1", "Logging: configured log handlers are now ACTIVE", r"Logging: configured log handlers are now ACTIVE"),
    ("P2", "Logging: switching to configured handler(s); following messages may not be visible in this log output",
     r"Logging: switching to configured handler\(s\); following messages may not be visible in this log output"),
    ("P3", "ra: starting system <*>", r"ra: starting system \w+"),
    ("P4", "starting Ra system: <*> in directory: <*>", rf"starting Ra system: \w+ in directory: {P}"),
    ("P5", "ra system '<*>' running pre init for <*> registered servers", r"ra system '\w+' running pre init for \d+ registered servers"),
    ("P6", "ra: meta data store initialised for system <*>. <*> record(s) recovered",
     r"ra: meta data store initialised for system \w+\. \d+ record\(s\) recovered"),
    ("P7", "WAL: <*> init, open tbls: <*>, closed tbls: <*>", r"WAL: \w+ init, open tbls: \w+, closed tbls: \w+"),
    ("P8", "Application <*> exited with reason: <*>", r"Application \w+ exited with reason: \w+"),
    ("P9", "Waiting for Mnesia tables for <*> ms, <*> retries left", r"Waiting for Mnesia tables for \d+ ms, \d+ retries left"),
    ("P10", "Successfully synced tables from a peer", r"Successfully synced tables from a peer"),
    ("P11", "Node database directory at <*> is empty. Assuming we need to join an existing cluster or initialise from scratch...",
     rf"Node database directory at {P} is empty\. Assuming we need to join an existing cluster or initialise from scratch\.\.\."),
    ("P12", "Configured peer discovery backend: <*>", r"Configured peer discovery backend: \w+"),
    ("P13", "Will try to lock with peer discovery backend <*>", r"Will try to lock with peer discovery backend \w+"),
    ("P14", "Will try to unlock with peer discovery backend <*>", r"Will try to unlock with peer discovery backend \w+"),
    ("P15", "All discovered existing cluster peers: <*>", r"All discovered existing cluster peers:(?: .*)?"),
    ("P16", "Discovered no peer nodes to cluster with. Some discovery backends can filter nodes out based on a readiness criteria. Enabling debug logging might help troubleshoot.",
     r"Discovered no peer nodes to cluster with\. Some discovery backends can filter nodes out based on a readiness criteria\. Enabling debug logging might help troubleshoot\."),
    ("P17", "Peer discovery backend <*> does not support registration, skipping registration.",
     r"Peer discovery backend \w+ does not support registration, skipping registration\."),
    ("P18", "Peer discovery backend <*> does not support registration, skipping unregistration.",
     r"Peer discovery backend \w+ does not support registration, skipping unregistration\."),
    ("P19", "Feature flag `<*>`: supported, attempt to enable...", r"Feature flag `\w+`: supported, attempt to enable\.\.\."),
    ("P20", "Feature flag `<*>`: mark as enabled=<*>", r"Feature flag `\w+`: mark as enabled=\w+"),
    ("P21", "Feature flags: list of feature flags found:", r"Feature flags: list of feature flags found:"),
    ("P22", "Feature flags: [<*>] <*>", r"Feature flags:   \[[x~ ]\] \w+"),
    ("P23", "Feature flags: feature flag states written to disk: <*>", r"Feature flags: feature flag states written to disk: \w+"),
    ("P24", "Feature flag `<*>`: migrating Mnesia table <*>...", r"Feature flag `\w+`:   migrating Mnesia table \w+\.\.\."),
    ("P25", "Feature flag `<*>`: Mnesia tables migration done", r"Feature flag `\w+`:   Mnesia tables migration done"),
    ("P26", "Creating table <*> for feature flag `<*>`", r"Creating table \w+ for feature flag `\w+`"),
    ("P27", "Initialising internal cluster ID to '<*>'", r"Initialising internal cluster ID to '[\w-]+'"),
    # boot (rabbit.erl, rabbit_boot_steps, file_handle_cache, worker pools, monitors)
    ("S1", "Running boot step <*> defined by app <*>", r"Running boot step \w+ defined by app \w+"),
    ("S2", "Memory high watermark set to <*> MiB (<*> bytes) of <*> MiB (<*> bytes) total",
     r"Memory high watermark set to \d+ MiB \(\d+ bytes\) of \d+ MiB \(\d+ bytes\) total"),
    ("S3", "Enabling free disk space monitoring", r"Enabling free disk space monitoring"),
    ("S4", "Disk free limit set to <*>MB", r"Disk free limit set to \d+MB"),
    ("S5", "Limiting to approx <*> file handles (<*> sockets)", r"Limiting to approx \d+ file handles \(\d+ sockets\)"),
    ("S6", "FHC read buffering: <*>", r"FHC read buffering: \w+"),
    ("S7", "FHC write buffering: <*>", r"FHC write buffering: \w+"),
    ("S8", "Will use <*> processes for default worker pool", r"Will use \d+ processes for default worker pool"),
    ("S9", "Starting worker pool '<*>' with <*> processes in it", r"Starting worker pool '\w+' with \d+ processes in it"),
    ("S10", "Priority queues enabled, real BQ is <*>", r"Priority queues enabled, real BQ is \w+"),
    ("S11", "Starting rabbit_node_monitor", r"Starting rabbit_node_monitor"),
    ("S12", "Setting up a table for connection tracking on this node: <*>", r"Setting up a table for connection tracking on this node: \S+"),
    ("S13", "Setting up a table for per-vhost connection counting on this node: <*>", r"Setting up a table for per-vhost connection counting on this node: \S+"),
    ("S14", "Setting up a table for per-user connection counting on this node: <*>", r"Setting up a table for per-user connection counting on this node: \S+"),
    ("S15", "Setting up a table for channel tracking on this node: <*>", r"Setting up a table for channel tracking on this node: \S+"),
    ("S16", "Will seed default virtual host and user...", r"Will seed default virtual host and user\.\.\."),
    ("S17", "Will not seed default virtual host and user: have definitions to load...", r"Will not seed default virtual host and user: have definitions to load\.\.\."),
    ("S18", "Recovering <*> queues of type <*> took <*>ms", r"Recovering \d+ queues of type \w+ took \d+ms"),
    ("S19", "Resetting node maintenance status", r"Resetting node maintenance status"),
    ("S20", "Ready to start client connection listeners", r"Ready to start client connection listeners"),
    ("S21", "started TCP listener on <*>:<*>", r"started TCP listener on [\d.]+:\d+"),
    ("S22", "stopped TCP listener on <*>:<*>", r"stopped TCP listener on [\d.]+:\d+"),
    ("S23", "Server startup complete; <*> plugins started.", r"Server startup complete; \d+ plugins started\."),
    ("S24", "epmd monitor knows us, inter-node communication (distribution) port: <*>", r"epmd monitor knows us, inter-node communication \(distribution\) port: \d+"),
    ("S25", "RabbitMQ is asked to start...", r"RabbitMQ is asked to start\.\.\."),
    ("S26", "<*> is asked to stop...", r"\w+ is asked to stop\.\.\."),
    ("S27", "Stopping <*> applications and their dependencies in the following order:", r"Stopping \w+ applications and their dependencies in the following order:"),
    ("S28", "<*>", r"    \w+"),  # a line of the list of applications after S27 or S30
    ("S29", "Stopping application '<*>'", r"Stopping application '\w+'"),
    ("S30", "Halting Erlang VM with the following applications:", r"Halting Erlang VM with the following applications:"),
    ("S31", "Successfully stopped <*> and its dependencies", r"Successfully stopped \w+ and its dependencies"),
    ("S32", "message_store upgrades: <*> to apply", r"message_store upgrades: \d+ to apply"),
    ("S33", "message_store upgrades: Applying <*>", r"message_store upgrades: Applying [\w:]+"),
    ("S34", "message_store upgrades: No durable queues found. Skipping message store migration",
     r"message_store upgrades: No durable queues found\. Skipping message store migration"),
    ("S35", "message_store upgrades: Removing the old message store data", r"message_store upgrades: Removing the old message store data"),
    ("S36", "message_store upgrades: All upgrades applied successfully", r"message_store upgrades: All upgrades applied successfully"),
    # virtual hosts and message stores (rabbit_vhost, rabbit_variable_queue, rabbit_msg_store)
    ("V1", "Adding vhost '<*>' (description: '<*>', tags: <*>)", r"Adding vhost '[\w/]+' \(description: '[^']*', tags: (?:<<>>|\[\])\)"),
    ("V2", "Making sure data directory '<*>' for vhost '<*>' exists", rf"Making sure data directory '{P}' for vhost '[\w/]+' exists"),
    ("V3", "Setting segment_entry_count for vhost '<*>' with <*> queues to '<*>'", r"Setting segment_entry_count for vhost '[\w/]+' with \d+ queues to '\d+'"),
    ("V4", "Starting message stores for vhost '<*>'", r"Starting message stores for vhost '[\w/]+'"),
    ("V5", "Message store <*>: using <*> to provide index", r'Message store "\w+/\w+": using \w+ to provide index'),
    ("V6", "Message store <*>: rebuilding indices from scratch", r'Message store "\w+/\w+": rebuilding indices from scratch'),
    # do_start_msg_store is called with the transient and the persistent store, constants of its
    # two call sites (abbreviated_type prints them): an event each
    ("V7", "Started message store of type transient for vhost '<*>'", r"Started message store of type transient for vhost '[\w/]+'"),
    ("V15", "Started message store of type persistent for vhost '<*>'", r"Started message store of type persistent for vhost '[\w/]+'"),
    ("V8", "Stopping message store for directory '<*>'", rf"Stopping message store for directory '{P}'"),
    ("V9", "Message store for directory '<*>' is stopped", rf"Message store for directory '{P}' is stopped"),
    ("V10", "Closing all connections in vhost '<*>' on node '<*>' because the vhost is stopping",
     r"Closing all connections in vhost '[\w/]+' on node '\S+' because the vhost is stopping"),
    ("V11", "Closing all connections in vhost '<*>' because it's being deleted", r"Closing all connections in vhost '[\w/]+' because it's being deleted"),
    ("V12", "Deleting vhost '<*>'", r"Deleting vhost '[\w/]+'"),
    ("V13", "Deleting message store directory for vhost '<*>' at '<*>'", rf"Deleting message store directory for vhost '[\w/]+' at '{P}'"),
    ("V14", "Stopping vhost supervisor <*> for vhost '<*>'", rf"Stopping vhost supervisor {E} for vhost '[\w/]+'"),
    # users, permissions, policies (rabbit_auth_backend_internal, rabbit_policy)
    ("U1", "Created user '<*>'", r"Created user '\w+'"),
    ("U2", "Failed to add user '<*>': the user already exists", r"Failed to add user '\w+': the user already exists"),
    ("U3", "Failed to delete user '<*>': the user does not exist", r"Failed to delete user '\w+': the user does not exist"),
    ("U4", "Successfully changed password for user '<*>'", r"Successfully changed password for user '\w+'"),
    ("U5", "Successfully set user tags for user '<*>' to <*>", r"Successfully set user tags for user '\w+' to \[[\w,]*\]"),
    ("U6", "Successfully set permissions for '<*>' in virtual host '<*>' to '<*>', '<*>', '<*>'",
     r"Successfully set permissions for '\w+' in virtual host '[\w/]+' to '[^']*', '[^']*', '[^']*'"),
    ("U7", "Failed to clear permissions for '<*>': the user does not exist", r"Failed to clear permissions for '\w+': the user does not exist"),
    ("U8", "Successfully set policy '<*>' matching <*> names in virtual host '<*>' using pattern '<*>'",
     r"Successfully set policy '\w+' matching \w+ names in virtual host '[\w/]+' using pattern '[^']*'"),
    # alarms (vm_memory_monitor, rabbit_alarm): `set` and `clear` are constants of one format
    ("L1", "vm_memory_high_watermark set. Memory used:<*> allowed:<*>", r"vm_memory_high_watermark set\. Memory used:\d+ allowed:\d+"),
    ("L2", "vm_memory_high_watermark clear. Memory used:<*> allowed:<*>", r"vm_memory_high_watermark clear\. Memory used:\d+ allowed:\d+"),
    ("L3", "<*> resource limit alarm set on node <*>.", r"\w+ resource limit alarm set on node \S+\."),
    ("L4", "**********************************************************", r"\*{58}"),
    ("L5", "*** Publishers will be blocked until this alarm clears ***", r"\*\*\* Publishers will be blocked until this alarm clears \*\*\*"),
    ("L6", "<*> resource limit alarm cleared on node <*>", r"\w+ resource limit alarm cleared on node \S+"),
    ("L7", "<*> resource limit alarm cleared across the cluster", r"\w+ resource limit alarm cleared across the cluster"),
    # connections (rabbit_reader); the first line of `closing AMQP connection ~p (~s):~n...` is the
    # same text in four format strings: one event
    ("C1", "accepting AMQP connection <*> (<*>)", rf"accepting AMQP connection {E} \({A}\)"),
    ("C2", "connection <*> (<*>): user '<*>' authenticated and granted access to vhost '<*>'",
     rf"connection {E} \({A}\): user '\w+' authenticated and granted access to vhost '[\w/]+'"),
    ("C3", "closing AMQP connection <*> (<*>, vhost: '<*>', user: '<*>')", rf"closing AMQP connection {E} \({A}, vhost: '[\w/]+', user: '\w+'\)"),
    ("C4", "closing AMQP connection <*> (<*>)", rf"closing AMQP connection {E} \({A}\)"),
    ("C5", "closing AMQP connection <*> (<*>, vhost: '<*>', user: '<*>'):", rf"closing AMQP connection {E} \({A}, vhost: '[\w/]+', user: '\w+'\):"),
    ("C6", "closing AMQP connection <*> (<*>):", rf"closing AMQP connection {E} \({A}\):"),
    ("C7", "client unexpectedly closed TCP connection", r"client unexpectedly closed TCP connection"),
    ("C8", "missed heartbeats from client, timeout: <*>s", r"missed heartbeats from client, timeout: \d+s"),
    ("C9", "{bad_header,<*>}", r"\{bad_header,<<.*>>\}"),
    ("C10", "{bad_version,{<*>,<*>,<*>,<*>}}", r"\{bad_version,\{\d+,\d+,\d+,\d+\}\}"),
    ("C11", "{handshake_timeout,<*>}", r"\{handshake_timeout,\w+\}"),
    ("C12", "Error on AMQP connection <*> (<*>, state: <*>):", rf"Error on AMQP connection {E} \({A}, state: \w+\):"),
    ("C13", "Error on AMQP connection <*> (<*>, user: '<*>', state: <*>):", rf"Error on AMQP connection {E} \({A}, user: '\w+', state: \w+\):"),
    ("C14", "Error on AMQP connection <*> (<*>, vhost: '<*>', user: '<*>', state: <*>), channel <*>:",
     rf"Error on AMQP connection {E} \({A}, vhost: '[\w/]+', user: '\w+', state: \w+\), channel \d+:"),
    ("C15", "<*> login refused: user '<*>' - invalid credentials", r"\w+ login refused: user '\w+' - invalid credentials"),
    ("C16", "<*> login refused: user '<*>' attempted to log in with a blank password, which is prohibited by the internal authN backend. <*>",
     r"\w+ login refused: user '\w+' attempted to log in with a blank password, which is prohibited by the internal authN backend\. .*"),
    ("C17", "access to vhost '<*>' refused for user '<*>'", r"access to vhost '[\w/]+' refused for user '\w+'"),
    ("C18", "vhost <*> not found", r"vhost \S+ not found"),
    ("C19", "operation <*> caused a connection exception <*>: <*>", r" operation \w+ caused a connection exception \w+: \".*\""),
    # channels (rabbit_channel): the reason after `caused a channel exception` is an event per
    # rabbit_misc/rabbit_amqqueue/rabbit_access_control format string
    ("H1", "Channel error on connection <*> (<*>, vhost: '<*>', user: '<*>'), channel <*>:",
     rf"Channel error on connection {E} \({A}, vhost: '[\w/]+', user: '\w+'\), channel \d+:"),
    ("H2", "operation <*> caused a channel exception precondition_failed: inequivalent arg '<*>' for <*>: received <*> but current is <*>",
     r"operation [\w.]+ caused a channel exception precondition_failed: inequivalent arg '[\w-]+' for \w+ '[^']*' in vhost '[\w/]+': received .+ but current is .+"),
    ("H3", "operation <*> caused a channel exception not_found: no <*>", r"operation [\w.]+ caused a channel exception not_found: no \w+ '[^']*' in vhost '[\w/]+'"),
    ("H4", "operation <*> caused a channel exception access_refused: access to <*> refused for user '<*>'",
     r"operation [\w.]+ caused a channel exception access_refused: access to \w+ '[^']*' in vhost '[\w/]+' refused for user '\w+'"),
    ("H5", "operation <*> caused a channel exception resource_locked: cannot obtain exclusive access to locked <*>. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.",
     r"operation [\w.]+ caused a channel exception resource_locked: cannot obtain exclusive access to locked \w+ '[^']*' in vhost '[\w/]+'\. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration\."),
    ("H6", "operation <*> caused a channel exception precondition_failed: <*> not empty",
     r"operation [\w.]+ caused a channel exception precondition_failed: \w+ '[^']*' in vhost '[\w/]+' not empty"),
])

HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00 \[\w+\] <\d+\.\d+\.\d+> ?(.*)$")


def run():
    """Runs RabbitMQ under the workload; returns the raw log it kept."""
    if pika is None:
        sys.exit("needs python3-pika: run with Debian's /usr/bin/python3")
    return label.run_in_work_folder("rabbitmq", workload)


if __name__ == "__main__":
    label.main(HERE, "rabbitmq", EVENTS, label.content_after(HEADER), run)
