"""Makes bench/data/nats: the log of a real NATS server 2.9 (Debian's nats-server, a Go program),
two servers of one cluster at debug level (-D, without protocol tracing) appending to one file in
NATS's own format `[pid] YYYY/MM/DD HH:MM:SS.uuuuuu [LVL] message`, where a client's messages start
with its address and connection id (`127.0.0.1:40312 - cid:7 - `) and a route's with `rid:`. A
seeded workload drives them over the NATS text protocol: clients that connect (with and without a
name), subscribe, publish and request; wrong passwords and missing users; publish and subscribe
permission violations; payloads over max_payload; HTTP and garbage sent to the client port; clients
that stop answering PINGs until the server closes them as stale; slow consumers that do not read;
configuration reloads (SIGHUP); and restarts of either server, which its peer sees as a lost route
that it reconnects.

Run as root from anywhere: python3 bench/data/nats/generate.py   (needs apt-get install
nats-server; the raw log is kept in the temporary folder as oats-nats-raw.log until it is labelled,
and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per Noticef/Warnf/Errorf/Debugf call of nats-server 2.9
(server/*.go: the format string, its conversions as <*>), written from the messages of this run.
The `[pid] date time [LVL] ` prefix is the header; the `<addr> - cid:<n> - ` (or `rid:`, with the
client's name in quotes when it gave one) that the server puts before a connection's messages is
part of the message, so the same event with and without a name is one event, its prefix variables.
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

HERE = os.path.dirname(os.path.abspath(__file__))
PORTS = {"n1": (14222, 16222), "n2": (14223, 16223)}
rnd = random.Random(15)
USERS = {"orders": "pw-orders", "billing": "pw-billing", "audit": "pw-audit"}


def config(work, name):
    client, route = PORTS[name]
    other = [p[1] for n, p in PORTS.items() if n != name][0]
    path = f"{work}/{name}.conf"
    with open(path, "w") as f:
        f.write(f"""port: {client}
server_name: {name}
max_payload: 4096
max_pending: 65536
write_deadline: "1s"
ping_interval: "2s"
ping_max: 2
authorization {{
  users = [
    {{user: orders, password: "{USERS['orders']}"}},
    {{user: billing, password: "{USERS['billing']}", permissions: {{publish: ["billing.>", "_INBOX.>"], subscribe: ["billing.>", "orders.>", "_INBOX.>"]}}}},
    {{user: audit, password: "{USERS['audit']}", permissions: {{publish: {{deny: ">"}}, subscribe: {{allow: ["audit.>"]}}}}}}
  ]
}}
cluster {{ name: plant, port: {route}, routes: ["nats://127.0.0.1:{other}"] }}
""")
    return path


def start(work, name):
    proc = subprocess.Popen(["nats-server", "-c", config(work, name), "-D", "-l", f"{work}/nats.log"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.4)
    return proc


def connect(name, user=None, password=None, client_name=None):
    port = PORTS[name][0]
    s = socket.create_connection(("127.0.0.1", port), timeout=3)
    s.recv(4096)  # INFO
    opts = ['"verbose":false', '"pedantic":false']
    if user:
        opts += [f'"user":"{user}"', f'"pass":"{password if password is not None else USERS.get(user, "x")}"']
    if client_name:
        opts.append(f'"name":"{client_name}"')
    s.sendall(("CONNECT {" + ",".join(opts) + "}\r\n").encode())
    return s


def send(s, *lines, wait=0.05):
    try:
        for l in lines:
            s.sendall(l.encode() + b"\r\n")
        time.sleep(wait)
        s.settimeout(0.3)
        try:
            s.recv(65536)
        except OSError:
            pass
    except OSError:
        pass


def session(node, user, actions, client_name=None, password=None):
    try:
        s = connect(node, user, password, client_name)
    except OSError:
        return
    send(s, *actions)
    s.close()


def stale(node):
    """Connects and never answers the server's PINGs."""
    def hold():
        try:
            s = connect(node, "orders", client_name=f"sensor-gw-{rnd.randrange(9)}")
            time.sleep(8)
            s.close()
        except OSError:
            pass
    threading.Thread(target=hold, daemon=True).start()


def slow_consumer(node):
    """Subscribes and never reads while a publisher floods the subject."""
    def run():
        try:
            sub = connect(node, "orders", client_name="report-export")
            sub.sendall(b"SUB orders.flood 1\r\n")
            time.sleep(0.2)
            pub = connect(node, "orders")
            payload = b"x" * 3000
            for _ in range(200):
                pub.sendall(b"PUB orders.flood %d\r\n%s\r\n" % (len(payload), payload))
            time.sleep(1.5)
            pub.close()
            sub.close()
        except OSError:
            pass
    threading.Thread(target=run, daemon=True).start()


def workload(work):
    servers = {n: start(work, n) for n in PORTS}
    time.sleep(2)
    try:
        while daemon.lines_in(f"{work}/nats.log") < 2400:
            node = "n1" if rnd.random() < 0.75 else "n2"
            k = rnd.random()
            subj = f"orders.{rnd.choice(['new', 'paid', 'shipped'])}.{rnd.randrange(100)}"
            if k < 0.40:
                n = rnd.randrange(1, 4)
                session(node, "orders", ["SUB orders.> 1"] + [f"PUB {subj} 2\r\nok" for _ in range(n)] + ["PING"],
                        client_name=rnd.choice([None, "order-api", "order-worker", f"pod-{rnd.randrange(50):02d}"]))
            elif k < 0.50:
                session(node, "billing", ["SUB billing.> 1", "SUB _INBOX.x 2", "PUB billing.invoice.42 _INBOX.x 4\r\nmake", "PING"],
                        client_name="billing-svc")
            elif k < 0.56:
                session(node, "billing", [rnd.choice([f"PUB {subj} 2\r\nok", "SUB audit.> 3", "PUB payments.refund 1\r\n1"])],
                        client_name="billing-svc")
            elif k < 0.61:
                session(node, "audit", [rnd.choice(["SUB audit.> 1", "PUB audit.log 1\r\n1", "SUB orders.> 2"])])
            elif k < 0.68:
                session(node, rnd.choice(["orders", "billing", "mallory"]), ["PING"], password="wrong")
            elif k < 0.71:
                try:
                    s = socket.create_connection(("127.0.0.1", PORTS[node][0]), timeout=3)
                    s.recv(4096)
                    send(s, "CONNECT {\"verbose\":false}", "PING")
                    s.close()
                except OSError:
                    pass
            elif k < 0.74:
                session(node, "orders", [f"PUB orders.bulk {rnd.randrange(5000, 9000)}"])
            elif k < 0.77:
                try:
                    s = socket.create_connection(("127.0.0.1", PORTS[node][0]), timeout=3)
                    s.recv(4096)
                    send(s, rnd.choice(["GET /varz HTTP/1.1\r\nHost: nats\r\n", "\x16\x03\x01\x00\xa5", "HELLO world"]))
                    s.close()
                except OSError:
                    pass
            elif k < 0.785:
                stale(node)
            elif k < 0.795:
                slow_consumer(node)
            elif k < 0.805:
                servers[node].send_signal(signal.SIGHUP)
                time.sleep(0.3)
            elif k < 0.812:
                servers[node].send_signal(signal.SIGTERM)
                servers[node].wait(timeout=30)
                time.sleep(rnd.uniform(1, 4))
                servers[node] = start(work, node)
                time.sleep(1)
            else:
                time.sleep(rnd.uniform(0.05, 0.3))
    finally:
        for p in servers.values():
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=30)
    return f"{work}/nats.log"


# (id, template, regex over the message), from nats-server 2.9's log calls. A connection's calls
# (client.go: c.Debugf, c.Errorf, ...) prefix the format with the connection's description: address,
# `cid:`/`rid:` and id, and the client's name quoted if it gave one; or SYSTEM, ACCOUNT.
C = r"(?:\d+\.\d+\.\d+\.\d+:\d+ - (?:cid|rid):\d+(?: - \"[^\"]*\")?|SYSTEM|ACCOUNT) - "
A = r"\d+\.\d+\.\d+\.\d+:\d+"
Q = r'"[^"]*"'
EVENTS = [
    ("N1", "Starting nats-server", r"Starting nats-server"),
    ("N2", "  Version:  <*>", r"  Version:  \S+"),
    ("N3", "  Git:      [<*>]", r"  Git:      \[[^\]]*\]"),
    ("N4", "  Go build: <*>", r"  Go build: \S+"),
    ("N5", "  Cluster:  <*>", r"  Cluster:  \S+"),
    ("N6", "  Name:     <*>", r"  Name:     \S+"),
    ("N7", "  ID:       <*>", r"  ID:       \w+"),
    ("N8", "Plaintext passwords detected, use nkeys or bcrypt", r"Plaintext passwords detected, use nkeys or bcrypt"),
    ("N9", "Using configuration file: <*>", r"Using configuration file: \S+"),
    ("N10", "Created system account: <*>", rf"Created system account: {Q}"),
    ("N11", "Listening for client connections on <*>", rf"Listening for client connections on {A}"),
    ("N12", "Get non local IPs for <*>", rf"Get non local IPs for {Q}"),
    ("N13", "  ip=<*>", r"  ip=[0-9a-f.:]+"),
    ("N14", "Server is ready", r"Server is ready"),
    ("N15", "maxprocs: Leaving GOMAXPROCS=<*>: CPU quota undefined", r"maxprocs: Leaving GOMAXPROCS=\d+: CPU quota undefined"),
    ("N16", "Cluster name is <*>", r"Cluster name is \S+"),
    ("N17", "Listening for route connections on <*>", rf"Listening for route connections on {A}"),
    ("N18", "Trying to connect to route on <*> (<*>)", rf"Trying to connect to route on {A} \({A}\)"),
    ("N19", "Error trying to connect to route (attempt <*>): <*>", r"Error trying to connect to route \(attempt \d+\): .+"),
    ("N20", "<*> - Client connection created", rf"{C}Client connection created"),
    # "%s connection closed: %s" with c.typeString() and the ClosedState's text: Noticef for
    # routes, Debugf for the others, the same format string
    ("N21", "<*> - <*> connection closed: <*>", rf"{C}\w+ connection closed: .+"),
    ("N22", "<*> - authentication error - User <*>", rf"{C}authentication error - User {Q}"),
    ("N23", "<*> - Publish Violation - User <*>, Subject <*>", rf"{C}Publish Violation - User {Q}, Subject {Q}"),
    ("N24", "<*> - Subscription Violation - User <*>, Subject <*>, SID <*>", rf"{C}Subscription Violation - User {Q}, Subject {Q}, SID \S+"),
    ("N25", "<*> - maximum payload exceeded: <*> vs <*>", rf"{C}maximum payload exceeded: \d+ vs \d+"),
    ("N26", "<*> - <*> Ping Timer", rf"{C}\w+ Ping Timer"),
    ("N27", "<*> - Delaying PING due to client activity <*> ago", rf"{C}Delaying PING due to client activity \w+ ago"),
    ("N28", "<*> - Stale Client Connection - Closing", rf"{C}Stale Client Connection - Closing"),
    ("N29", "<*> - Timed out of fast producer stall (<*>)", rf"{C}Timed out of fast producer stall \(\w+\)"),
    ("N30", "<*> - Route connection created", rf"{C}Route connection created"),
    ("N31", "<*> - Route connect msg sent", rf"{C}Route connect msg sent"),
    ("N32", "<*> - Registering remote route <*>", rf"{C}Registering remote route {Q}"),
    ("N33", "<*> - Sent local subscriptions to route", rf"{C}Sent local subscriptions to route"),
    ("N34", "<*> - Detected duplicate remote route <*>", rf"{C}Detected duplicate remote route {Q}"),
    ("N35", "<*> - Removing <*> subscriptions for account <*>", rf"{C}Removing \d+ subscriptions for account {Q}"),
    ("N36", "Not attempting reconnect for solicited route, already connected to <*>", rf"Not attempting reconnect for solicited route, already connected to {Q}"),
    ("N37", "Attempting reconnect for solicited route <*>", rf"Attempting reconnect for solicited route {Q}"),
    ("N38", "Trapped <*> signal", rf"Trapped {Q} signal"),
    ("N39", "Initiating Shutdown...", r"Initiating Shutdown\.\.\."),
    ("N40", "Client accept loop exiting..", r"Client accept loop exiting\.\."),
    ("N41", "Route accept loop exiting..", r"Route accept loop exiting\.\."),
    ("N42", "Server Exiting..", r"Server Exiting\.\."),
    # reload.go: each option's Apply() logs its own constant, "Reloaded: authorization users", ...
    ("N43", "Reloaded: authorization users", r"Reloaded: authorization users"),
    ("N46", "Reloaded: accounts", r"Reloaded: accounts"),
    ("N44", "Reloaded server configuration", r"Reloaded server configuration"),
    ("N45", "<*> - Unknown account <*> for routed message on subject: <*>", rf"{C}Unknown account {Q} for routed message on subject: {Q}"),
]

HEADER = re.compile(r"^\[\d+\] \d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6} \[(?:INF|DBG|WRN|ERR|FTL|TRC)\] (.*)$")


if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
