"""Makes bench/data/unbound: the log file of a real Unbound 1.17 resolver (Debian's `unbound`) in its
own format (`[1796624211] unbound[1234:0] info: 127.0.1.5 www.corp.test. A IN`: the time in seconds since
the epoch in brackets, the process and thread, the level, then the message), `verbosity: 2` with
`log-queries`, `log-replies`, `log-servfail` and `log-local-actions`, from a private configuration on
127.0.0.1: local zones (`static`, `refuse`, `always_nxdomain`, `redirect`, `inform`) with local data,
zones forwarded to a second Unbound that serves them from its local data (answers, NXDOMAIN, no data),
a zone forwarded to a port where nothing listens (a broken upstream: SERVFAIL), names outside every zone
(root priming fails: this machine reaches no root server), `access-control` refusing a range of clients,
unbound-control on a local socket. A seeded workload drives it with Debian's `dig`: queries of many
types over UDP and TCP from allowed and refused clients, names in every local zone, in the forwarded
zones and in the broken one, malformed packets, `unbound-control` commands (reload, flush, flush_zone, local_data and
local_data_remove, stats_noreset, dump_cache, verbosity, ...), SIGHUP, restarts, and the upstream
Unbound stopped and started again.

Run as root from anywhere: python3 bench/data/unbound/generate.py   (needs apt-get install unbound
dnsutils; Unbound runs as `nobody` from a private folder; the raw log is kept in the temporary folder as
oats-unbound-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again without
running anything).

Ground truth: labelled by hand, a regex per `log_info()`/`verbose()`/`log_err()`/`log_warn()`/
`log_nametypeclass()`/`log_query_in()`/`log_reply_info()` call of Unbound 1.17 (`daemon/*.c`,
`services/*.c`, `iterator/*.c`, `util/*.c`), written from the messages of the run and checked against
the format strings in the binary (`strings /usr/sbin/unbound`); the header is the time, the process
and thread and the level; a name, a type, a class, an rcode and an address are variables; the constant
a caller passes into a shared format (`log_nametypeclass()`'s `resolving`, `response for`, `priming`;
`query response was %s`'s `ANSWER`, `NXDOMAIN ANSWER`, `nodata ANSWER`) is part of its event; a local
zone's type (`local_zone_type2str()`) and a SERVFAIL's reason (assembled at run time by `errinf`) are
variables; `control cmd: %s` prints the client's command, a variable.
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
PORT, UPSTREAM, DEAD = 38053, 38054, 38059
rnd = random.Random(79)
TYPES = ["A", "AAAA", "MX", "TXT", "SRV", "PTR", "NS", "SOA", "CNAME", "ANY", "HINFO"]


def config(work, variant=0):
    return f"""server:
  verbosity: 2
  interface: 127.0.0.1
  port: {PORT}
  do-ip6: no
  username: "nobody"
  chroot: ""
  directory: "{work}"
  pidfile: "{work}/unbound.pid"
  logfile: "{work}/unbound.log"
  use-syslog: no
  log-queries: yes
  log-replies: yes
  log-servfail: yes
  log-local-actions: yes
  module-config: "iterator"
  do-not-query-localhost: no
  num-threads: 2
  cache-max-ttl: {60 + variant}
  access-control: 127.0.1.0/24 allow
  access-control: 127.0.3.0/24 allow
  access-control: 127.0.2.0/24 refuse
  access-control: 127.0.0.1/32 allow
  local-zone: "home.test." static
  local-data: "nas.home.test. 300 IN A 192.168.7.10"
  local-data: "printer.home.test. 300 IN A 192.168.7.11"
  local-data: "home.test. 300 IN MX 10 mail.home.test."
  local-data: "mail.home.test. 300 IN A 192.168.7.12"
  local-data: 'home.test. 300 IN TXT "v=spf1 -all"'
  local-zone: "ads.test." always_nxdomain
  local-zone: "blocked.test." refuse
  local-zone: "portal.test." redirect
  local-data: "portal.test. 60 IN A 192.168.7.99"
  local-zone: "watch.test." inform
  local-data: "cam.watch.test. 60 IN A 192.168.7.50"
  local-zone: "test." nodefault
  local-zone: "10.in-addr.arpa." nodefault
forward-zone:
  name: "corp.test."
  forward-addr: 127.0.0.1@{UPSTREAM}
forward-zone:
  name: "10.in-addr.arpa."
  forward-addr: 127.0.0.1@{UPSTREAM}
forward-zone:
  name: "broken.test."
  forward-addr: 127.0.0.1@{DEAD}
remote-control:
  control-enable: yes
  control-interface: "{work}/control.sock"
"""


def upstream_config(work):
    lines = [f"""server:
  verbosity: 0
  interface: 127.0.0.1
  port: {UPSTREAM}
  do-ip6: no
  username: "nobody"
  chroot: ""
  directory: "{work}"
  pidfile: "{work}/upstream.pid"
  logfile: "{work}/upstream.log"
  module-config: "iterator"
  access-control: 127.0.0.0/8 allow
  local-zone: "corp.test." static
  local-zone: "10.in-addr.arpa." static
  local-data: "corp.test. 300 IN SOA ns.corp.test. hostmaster.corp.test. 1 3600 600 86400 300"
  local-data: "corp.test. 300 IN MX 10 mx1.corp.test."
  local-data: "corp.test. 300 IN MX 20 mx2.corp.test."
  local-data: 'corp.test. 300 IN TXT "v=spf1 mx -all"'
  local-data: "_ldap._tcp.corp.test. 300 IN SRV 0 100 389 dc1.corp.test."
  local-data: "www.corp.test. 300 IN CNAME web.corp.test."
"""]
    for i in range(1, 40):
        lines.append(f'  local-data: "host{i}.corp.test. 120 IN A 10.0.{i // 10}.{i}"\n')
        lines.append(f'  local-data: "{i}.{i // 10}.0.10.in-addr.arpa. 120 IN PTR host{i}.corp.test."\n')
    for n in ("web", "mx1", "mx2", "dc1", "ns"):
        lines.append(f'  local-data: "{n}.corp.test. 120 IN A 10.1.0.{len(n)}"\n')
        lines.append(f'  local-data: "{n}.corp.test. 120 IN AAAA fd00::{len(n)}"\n')
    return "".join(lines)


def setup(work):
    write_config(work)
    with open(f"{work}/upstream.conf", "w") as f:
        f.write(upstream_config(work))
    os.chmod(work, 0o777)


def write_config(work, variant=0):
    with open(f"{work}/unbound.conf", "w") as f:
        f.write(config(work, variant))


def start(work, conf="unbound.conf", port=PORT):
    proc = subprocess.Popen(["/usr/sbin/unbound", "-d", "-c", f"{work}/{conf}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        r = subprocess.run(["dig", "+short", "+time=1", "+tries=1", "-p", str(port), "@127.0.0.1", "nas.home.test"
                            if port == PORT else "web.corp.test"], capture_output=True)
        if r.returncode == 0:
            return proc
        time.sleep(0.2)
    raise RuntimeError("unbound did not start")


def name():
    r = rnd.random()
    if r < 0.3:
        return rnd.choice([f"host{rnd.randint(1, 45)}.corp.test", "www.corp.test", "corp.test", "_ldap._tcp.corp.test",
                           f"mx{rnd.randint(1, 3)}.corp.test", f"nope{rnd.randint(1, 99)}.corp.test"])
    if r < 0.45:
        return rnd.choice(["nas.home.test", "printer.home.test", "home.test", "tv.home.test", "mail.home.test"])
    if r < 0.55:
        return rnd.choice(["ads.test", f"track{rnd.randint(1, 9)}.ads.test", "blocked.test", "x.blocked.test"])
    if r < 0.65:
        return rnd.choice(["portal.test", f"login{rnd.randint(1, 9)}.portal.test", "cam.watch.test", "door.watch.test"])
    if r < 0.75:
        return rnd.choice(["api.broken.test", f"db{rnd.randint(1, 5)}.broken.test"])
    if r < 0.85:
        return f"{rnd.randint(1, 45)}.{rnd.randint(0, 4)}.0.10.in-addr.arpa"
    return rnd.choice(["example.invalid", "localhost", "unknown.test", "www.example.org"])


def query():
    n = name()
    t = "PTR" if n.endswith("arpa") else rnd.choice(TYPES)
    src = f"127.0.{rnd.choice([1, 1, 1, 3, 2])}.{rnd.randint(2, 250)}"
    args = ["dig", "+time=2", "+tries=1", "-p", str(PORT), "@127.0.0.1", "-b", src, n, t]
    if rnd.random() < 0.2:
        args.append("+tcp")
    subprocess.run(args, capture_output=True)


def garbage():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((f"127.0.1.{rnd.randint(2, 250)}", 0))
    s.sendto(rnd.choice([b"\x00\x01hello", os.urandom(rnd.randint(12, 40)), b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03www"]),
             ("127.0.0.1", PORT))
    s.close()


def query_or_garbage():
    query()
    if rnd.random() < 0.05:
        garbage()


def control(work):
    cmd = rnd.choice([["reload"], ["flush", "corp.test"], ["flush_zone", "corp.test"], ["stats_noreset"],
                      ["local_data", f"tmp{rnd.randint(1, 9)}.home.test. 60 IN A 192.168.7.{rnd.randint(20, 90)}"],
                      ["local_data_remove", f"tmp{rnd.randint(1, 9)}.home.test."], ["dump_cache"], ["flush_requestlist"],
                      ["verbosity", "2"], ["flush_bogus"], ["list_forwards"], ["lookup", "corp.test"]])
    subprocess.run(["unbound-control", "-c", f"{daemon_conf(work)}"] + cmd, capture_output=True)


def daemon_conf(work):
    return f"{work}/unbound.conf"


def workload(work):
    setup(work)
    up = start(work, "upstream.conf", UPSTREAM)
    log = f"{work}/unbound.log"
    proc = start(work)
    for turn in daemon.rounds(log, 2700, rnd, (15, 40), query_or_garbage):
        control(work)
        ev = rnd.random()
        if ev < 0.1:
            write_config(work, turn % 3)
            os.kill(proc.pid, signal.SIGHUP)
            time.sleep(1)
        elif ev < 0.18:
            daemon.stop(proc, signal.SIGTERM)
            proc = start(work)
        elif ev < 0.22:
            daemon.stop(up, signal.SIGTERM)
            for _ in range(10):
                query()
            up = start(work, "upstream.conf", UPSTREAM)
    daemon.stop(proc)
    daemon.stop(up)
    return log


HEADER = re.compile(r"^\[\d+\] unbound\[\d+:\d+\] \w+: (.*)$")

IP = r"\d+\.\d+\.\d+\.\d+"
NAME = r"\S+"  # a domain name (the root is `.`)
Q = rf"{NAME} [A-Z]+\d* [A-Z]+\d*"  # a name, a type, a class: log_nametypeclass()'s last three
CALLS = [
    # worker.c: log-queries (log_query_in), log-replies (log_reply_info), a packet without a question
    ("U1", "<*> <*> <*> <*>", rf"{IP} {Q}"),
    ("U2", "<*> <*> <*> <*> <*> <*> <*> <*>", rf"{IP} {Q} [A-Z]+ \d+\.\d{{6}} \d \d+"),
    ("U3", "<*> - - - <*> - - - ", rf"{IP} - - - [A-Z]+ - - - "),
    # services/localzone.c: log-local-actions (the zone, its type, the client, the question)
    ("U4", "<*> <*> <*>@<*> <*> <*> <*>", rf"{NAME} [a-z_]+ {IP}@\d+ {Q}"),
    # iterator/iterator.c: log_query_info() and log_name_addr() with a caller's constant, the responses
    ("U5", "resolving <*> <*> <*>", rf"resolving {Q}"),
    ("U6", "response for <*> <*> <*>", rf"response for {Q}"),
    ("U7", "priming . <*> NS", r"priming \. [A-Z]+ NS"),
    ("U8", "reply from <<*>> <*>#<*>", rf"reply from <{NAME}> {IP}#\d+"),
    ("U9", "query response was ANSWER", r"query response was ANSWER"),
    ("U10", "query response was NXDOMAIN ANSWER", r"query response was NXDOMAIN ANSWER"),
    ("U11", "query response was nodata ANSWER", r"query response was nodata ANSWER"),
    ("U12", "query response was CNAME", r"query response was CNAME"),
    ("U13", "query response was REFERRAL", r"query response was REFERRAL"),
    ("U14", "query response REC_LAME: recursive but not authoritative server", r"query response REC_LAME: recursive but not authoritative server"),
    ("U15", "mark as REC_LAME", r"mark as REC_LAME"),
    # util/module.c's errinf: the reason is assembled at run time, a variable
    ("U16", "SERVFAIL <<*> <*> <*>>: <*>", rf"SERVFAIL <{Q}>: .*"),
    # daemon/daemon.c, daemon/unbound.c, services/modstack.c
    ("U17", "init module <*>: <*>", r"init module \d+: \w+"),
    ("U18", "start of service (<*>).", r"start of service \(unbound [\d.]+\)\."),
    ("U19", "service stopped (<*>).", r"service stopped \(unbound [\d.]+\)\."),
    ("U20", "Restart of <*>.", r"Restart of unbound [\d.]+\."),
    # daemon/remote.c
    ("U21", "control cmd: <*>", r"control cmd: .*"),
    # daemon/stats.c, services/mesh.c, util/timehist.c: the statistics logged when a server stops or restarts
    ("U22", "server stats for thread <*>: <*> queries, <*> answers from cache, <*> recursions, <*> prefetch, <*> rejected by ip ratelimiting",
     r"server stats for thread \d+: \d+ queries, \d+ answers from cache, \d+ recursions, \d+ prefetch, \d+ rejected by ip ratelimiting"),
    ("U23", "server stats for thread <*>: requestlist max <*> avg <*> exceeded <*> jostled <*>",
     r"server stats for thread \d+: requestlist max \d+ avg [\d.e+-]+ exceeded \d+ jostled \d+"),
    ("U24", "mesh has <*> recursion states (<*> with reply, <*> detached), <*> waiting replies, <*> recursion replies sent, <*> replies dropped, <*> states jostled out",
     r"mesh has \d+ recursion states \(\d+ with reply, \d+ detached\), \d+ waiting replies, \d+ recursion replies sent, \d+ replies dropped, \d+ states jostled out"),
    ("U25", "average recursion processing time <*> sec", r"average recursion processing time [\d.]+ sec"),
    ("U26", "histogram of recursion processing times", r"histogram of recursion processing times"),
    ("U27", "[25%]=<*> median[50%]=<*> [75%]=<*>", r"\[25%\]=[\d.e+-]+ median\[50%\]=[\d.e+-]+ \[75%\]=[\d.e+-]+"),
    ("U28", "lower(secs) upper(secs) recursions", r"lower\(secs\) upper\(secs\) recursions"),
    ("U29", "   <*>    <*> <*>", r" +\d+\.\d{6} +\d+\.\d{6} \d+"),
]

if __name__ == "__main__":
    label.generate(HERE, HEADER, CALLS, workload, readable=True)
