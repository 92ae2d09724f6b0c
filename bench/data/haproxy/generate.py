"""Makes bench/data/haproxy: the output of a real HAProxy 2.6 load balancer (Debian's `haproxy`) in
master-worker mode in the foreground (`haproxy -W -db`), as a container shows it: its traffic and state
logs on standard output in the raw format (`log stdout format raw`, no header: `127.0.1.5:40312
[07/Dec/2026:23:59:01.123] fe_web be_app/app1 0/0/1/2/3 200 145 - - ---- 3/3/0/0/0 0/0 "GET /
HTTP/1.1"`), the master's and workers' messages on standard error (`[NOTICE]   (1234) : New worker
(1240) forked`, `[WARNING]  (1240) : Server be_app/app2 is DOWN, ...`), both in one stream. A private
configuration on 127.0.0.1: an HTTP front end (`option httplog`) routing to three back ends of the
script's seeded HTTP servers (health-checked with `option httpchk`, `option log-health-checks`), a back
end whose only server is never there, paths denied by `http-request deny`, a TLS front end with a
certificate the script makes, a TCP front end (`option tcplog`), the runtime API on a local socket. A
seeded workload drives it: requests that succeed, fail in the back end, are denied, time out, are
malformed or cut off, TLS and plain clients on the TLS port, TCP sessions; back-end servers stopped and
started again, health checks made to fail (HTTP 500, a slow answer), servers put into maintenance,
drained, disabled and enabled through the runtime API, the configuration reloaded (SIGUSR2 to the
master), and HAProxy stopped and started.

Run as root from anywhere: python3 bench/data/haproxy/generate.py   (needs apt-get install haproxy
openssl; the raw log is kept in the temporary folder as oats-haproxy-raw.log until it is labelled, and
`generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per log call of HAProxy 2.6 (`src/*.c`: `send_log()`,
`ha_notice()`, `ha_warning()`, `ha_alert()`), written from the messages of the run and checked against
the format strings in the binary (`strings /usr/sbin/haproxy`); every traffic log line of one log format
is one event (`option httplog`'s, `option tcplog`'s, the error format of a connection that never made a
request), its fields values; a constant a caller passes into a shared format (the state in `Server %s/%s
is %s`: `UP`, `DOWN`, `going DOWN for maintenance`; the check's verdict `succeeded`, `failed`,
`conditionally succeeded`) an event each; a check's reason and info (`Layer4 connection problem`,
`Layer7 wrong status`, `"Connection refused"`) are values looked up at run time, variables.
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
PORT, TLS, TCP, DEAD = 48080, 48443, 48025, 48099
BACKENDS = {"app1": 48081, "app2": 48082, "api1": 48083, "api2": 48084, "smtp1": 48085}
rnd = random.Random(83)
STATE = {"sick": set(), "slow": set()}


class Backend(daemon.Origin):
    def do_GET(self):
        me = self.server.name
        if self.path == "/health":
            if me in STATE["slow"]:
                time.sleep(3)
            code = 500 if me in STATE["sick"] else 200
        else:
            if "/slow" in self.path:
                time.sleep(3)
            if "/reset" in self.path:
                self.reset()
                return
            code = 500 if "/fail" in self.path else 404 if "/missing" in self.path else 200
        try:
            self.reply(code)
        except OSError:
            pass

    do_POST = do_GET


class Servers:
    def __init__(self):
        self.running = {}

    def start(self, name):
        if name in self.running:
            return
        if name == "smtp1":
            srv = SmtpLike(BACKENDS[name])
        else:
            srv = daemon.serve_http(Backend, BACKENDS[name])
            srv.name = name
        self.running[name] = srv

    def stop(self, name):
        srv = self.running.pop(name, None)
        if srv:
            srv.shutdown()
            srv.server_close()


class SmtpLike:
    """A TCP back end that greets like an SMTP server and closes."""

    def __init__(self, port):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(50)
        self.alive = True
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while self.alive:
            try:
                c, _ = self.sock.accept()
                c.sendall(b"220 smtp.test ESMTP\r\n")
                c.settimeout(2)
                try:
                    c.recv(1024)
                except OSError:
                    pass
                c.close()
            except OSError:
                return

    def shutdown(self):
        self.alive = False
        self.sock.close()

    def server_close(self):
        pass


def config(work, variant=0):
    return f"""global
  log stdout format raw local0 info
  stats socket {work}/admin.sock mode 600 level admin
  pidfile {work}/haproxy.pid
  maxconn {200 + variant}
defaults
  log global
  mode http
  option httplog
  option log-health-checks
  option dontlognull
  timeout connect 1s
  timeout client 3s
  timeout server 2s
  timeout http-request 3s
  timeout check 2s
  retries 1
frontend fe_web
  bind 127.0.0.1:{PORT}
  http-request deny if {{ path_beg /admin }}
  http-request deny deny_status 429 if {{ path_beg /scrape }}
  use_backend be_api if {{ path_beg /api }}
  use_backend be_gone if {{ path_beg /legacy }}
  default_backend be_app
frontend fe_tls
  bind 127.0.0.1:{TLS} ssl crt {work}/site.pem
  default_backend be_app
backend be_app
  balance roundrobin
  option httpchk GET /health
  server app1 127.0.0.1:{BACKENDS['app1']} check inter 1s fall 2 rise 2
  server app2 127.0.0.1:{BACKENDS['app2']} check inter 1s fall 2 rise 2
backend be_api
  balance leastconn
  option httpchk GET /health
  server api1 127.0.0.1:{BACKENDS['api1']} check inter 1500ms fall 2 rise 1
  server api2 127.0.0.1:{BACKENDS['api2']} check inter 1500ms fall 2 rise 1 backup
backend be_gone
  server old1 127.0.0.1:{DEAD} check inter 3s
frontend fe_smtp
  mode tcp
  option tcplog
  bind 127.0.0.1:{TCP}
  default_backend be_smtp
backend be_smtp
  mode tcp
  server smtp1 127.0.0.1:{BACKENDS['smtp1']} check inter 2s
"""


def setup(work):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=lb.test",
                    "-keyout", f"{work}/key.pem", "-out", f"{work}/cert.pem"], check=True, capture_output=True)
    with open(f"{work}/site.pem", "w") as f:
        f.write(open(f"{work}/cert.pem").read() + open(f"{work}/key.pem").read())
    write_config(work)


def write_config(work, variant=0):
    with open(f"{work}/haproxy.cfg", "w") as f:
        f.write(config(work, variant))


def start(work, out):
    proc = subprocess.Popen(["/usr/sbin/haproxy", "-W", "-db", "-f", f"{work}/haproxy.cfg"],
                            stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    daemon.wait_port(PORT)
    return proc


def api(work, command):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(f"{work}/admin.sock")
        s.sendall(command.encode() + b"\n")
        s.settimeout(2)
        while s.recv(65536):
            pass
        s.close()
    except OSError:
        pass


def src():
    return f"127.0.1.{rnd.randint(2, 250)}"


def request(path, method="GET", port=PORT, extra=b""):
    head = f"{method} {path} HTTP/1.1\r\nHost: lb.test\r\nUser-Agent: oats-bench\r\nConnection: close\r\n\r\n".encode()
    daemon.send(port, head + extra, read_all=True, timeout=6, source=src())


def client():
    r = rnd.random()
    if r < 0.45:
        request(rnd.choice(["/", "/index.html", f"/items/{rnd.randint(1, 300)}", "/missing/x", "/fail", "/slow", "/reset",
                            "/api/orders", f"/api/orders/{rnd.randint(1, 99)}", "/api/fail", "/api/slow"]),
                method=rnd.choice(["GET", "GET", "GET", "POST", "HEAD"]))
    elif r < 0.55:
        request(rnd.choice(["/admin", "/admin/users", "/scrape/all", "/legacy/v1", "/legacy/report"]))
    elif r < 0.65:
        k = rnd.randrange(5)
        if k == 0:
            daemon.send(PORT, b"GARBAGE\r\n\r\n", read_all=True, source=src())
        elif k == 1:
            daemon.send(PORT, b"GET / HTTP/1.1\r\nHost: lb.test\r\n", linger=3.5, source=src())
        elif k == 2:
            daemon.send(PORT, b"GET /" + b"x" * 20000 + b" HTTP/1.1\r\n\r\n", read_all=True, source=src())
        elif k == 3:
            daemon.send(PORT, b"GET / HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n",
                        read_all=True, source=src())
        else:
            daemon.send(PORT, b"GET /slow HTTP/1.1\r\nHost: lb.test\r\n\r\n", linger=0.3, source=src())
    elif r < 0.8:
        k = rnd.random()
        if k < 0.6:
            daemon.send_tls(TLS, lambda: f"GET /{rnd.choice(['', 'items/7', 'fail'])} HTTP/1.1\r\nHost: lb.test\r\nConnection: close\r\n\r\n".encode(),
                            "lb.test", source=src())
        elif k < 0.8:
            daemon.send(TLS, b"GET / HTTP/1.1\r\nHost: lb.test\r\n\r\n", read_all=True, source=src())
        else:
            daemon.send(TLS, b"\x16\x03\x01\x00\x05hello", linger=0.3, source=src())
    else:
        daemon.send(TCP, b"EHLO client.test\r\n", read_first=rnd.random() < 0.7, linger=0.2, source=src())


def workload(work):
    setup(work)
    servers = Servers()
    for n in BACKENDS:
        servers.start(n)
    log = f"{work}/haproxy.out"
    out = open(log, "a")
    proc = start(work, out)
    for turn in daemon.rounds(log, 2700, rnd, (10, 30), client):
        ev = rnd.random()
        name = rnd.choice(list(BACKENDS))
        if ev < 0.15:
            servers.stop(name) if name in servers.running else servers.start(name)
            time.sleep(rnd.choice([1, 3]))
        elif ev < 0.25:
            STATE["sick"] ^= {rnd.choice(["app1", "app2", "api1"])}
            time.sleep(2.5)
        elif ev < 0.3:
            STATE["slow"] ^= {rnd.choice(["app1", "api1"])}
            time.sleep(2.5)
        elif ev < 0.45:
            be = {"app1": "be_app", "app2": "be_app", "api1": "be_api", "api2": "be_api", "smtp1": "be_smtp"}[name]
            api(work, rnd.choice([f"set server {be}/{name} state maint", f"set server {be}/{name} state ready",
                                  f"set server {be}/{name} state drain", f"disable server {be}/{name}",
                                  f"enable server {be}/{name}", f"set server {be}/{name} weight {rnd.randint(0, 100)}",
                                  "show info", "clear counters", f"disable health {be}/{name}", f"enable health {be}/{name}"]))
            time.sleep(1)
        elif ev < 0.55:
            write_config(work, turn % 3)
            os.kill(proc.pid, signal.SIGUSR2)
            time.sleep(2)
        elif ev < 0.6:
            daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGUSR1, signal.SIGINT]))
            time.sleep(1)
            proc = start(work, out)
        for n in BACKENDS:
            if n not in servers.running and rnd.random() < 0.3:
                servers.start(n)
    daemon.stop(proc)
    out.close()
    return log


HEADER = re.compile(r"^\[(?:NOTICE|WARNING|ALERT)\] +\(\d+\) : (.*)$")

IP = r"\d+\.\d+\.\d+\.\d+"
WHEN = r"\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d\.\d{3}\]"
SRV = r"[\w<>]+/[\w<>]+"  # a back end and a server
LEFT = r"\d+ active and \d+ backup servers left\. (?:Running on backup\. )?\d+ sessions active, \d+ requeued, \d+ remaining in queue\."
ONLINE = r"\d+ active and \d+ backup servers online\. (?:Running on backup\. )?\d+ sessions requeued, \d+ total in queue\."
# srv_append_status(): the reason (a lookup), and the code and info when the check has them
STATUS = r", reason: [^,]+(?:, code: \d+)?(?:, info: \"[^\"]*\")?, check duration: \d+ms"
CALLS = [
    # src/log.c: the traffic log formats (option httplog, option tcplog) and a connection's error log
    ("T1", "<*>:<*> [<*>] <*> <*>/<*> <*>/<*>/<*>/<*>/<*> <*> <*> - - <*> <*>/<*>/<*>/<*>/<*> <*>/<*> \"<*>\"",
     rf"{IP}:\d+ {WHEN} \S+ {SRV} -?\d+/-?\d+/-?\d+/-?\d+/\+?\d+ -?\d+ \+?\d+ - - [\w-]{{4}} \d+/\d+/\d+/\d+/\+?\d+ \d+/\d+ \".*\""),
    ("T2", "<*>:<*> [<*>] <*> <*>/<*> <*>/<*>/<*> <*> <*> <*>/<*>/<*>/<*>/<*> <*>/<*>",
     rf"{IP}:\d+ {WHEN} \S+ {SRV} -?\d+/-?\d+/\+?\d+ \+?\d+ [\w-]{{2}} \d+/\d+/\d+/\d+/\+?\d+ \d+/\d+"),
    ("T3", "<*>:<*> [<*>] <*>/<*>: <*>", rf"{IP}:\d+ {WHEN} \S+/\S+: .*"),
    # src/check.c: a health check's result with option log-health-checks (backup or not, the verdict and
    # the state are constants of the call)
    ("H1", "Health check for server <*>/<*> succeeded<*>, status: <*>/<*> UP.", rf"Health check for server {SRV} succeeded{STATUS}, status: \d+/\d+ UP\."),
    ("H2", "Health check for server <*>/<*> succeeded<*>, status: <*>/<*> DOWN.", rf"Health check for server {SRV} succeeded{STATUS}, status: \d+/\d+ DOWN\."),
    ("H3", "Health check for server <*>/<*> failed<*>, status: <*>/<*> UP.", rf"Health check for server {SRV} failed{STATUS}, status: \d+/\d+ UP\."),
    ("H4", "Health check for server <*>/<*> failed<*>, status: <*>/<*> DOWN.", rf"Health check for server {SRV} failed{STATUS}, status: \d+/\d+ DOWN\."),
    ("H5", "Health check for backup server <*>/<*> succeeded<*>, status: <*>/<*> UP.", rf"Health check for backup server {SRV} succeeded{STATUS}, status: \d+/\d+ UP\."),
    ("H6", "Health check for backup server <*>/<*> succeeded<*>, status: <*>/<*> DOWN.", rf"Health check for backup server {SRV} succeeded{STATUS}, status: \d+/\d+ DOWN\."),
    ("H7", "Health check for backup server <*>/<*> failed<*>, status: <*>/<*> UP.", rf"Health check for backup server {SRV} failed{STATUS}, status: \d+/\d+ UP\."),
    ("H8", "Health check for backup server <*>/<*> failed<*>, status: <*>/<*> DOWN.", rf"Health check for backup server {SRV} failed{STATUS}, status: \d+/\d+ DOWN\."),
    ("H9", "Health check for server <*>/<*> succeeded<*>, status: <*>/<*> DRAIN.", rf"Health check for server {SRV} succeeded{STATUS}, status: \d+/\d+ DRAIN\."),
    ("H10", "Health check for backup server <*>/<*> succeeded<*>, status: <*>/<*> DRAIN.", rf"Health check for backup server {SRV} succeeded{STATUS}, status: \d+/\d+ DRAIN\."),
    ("H11", "Health check for server <*>/<*> failed<*>, status: <*>/<*> DRAIN.", rf"Health check for server {SRV} failed{STATUS}, status: \d+/\d+ DRAIN\."),
    ("H12", "Health check for backup server <*>/<*> failed<*>, status: <*>/<*> DRAIN.", rf"Health check for backup server {SRV} failed{STATUS}, status: \d+/\d+ DRAIN\."),
    # src/server.c: a server's state changes (`Backup ` a constant of the call; `Running on backup. ` a
    # part the call adds or not), src/backend.c, src/proxy.c
    ("S1", "Server <*>/<*> is DOWN. <*>", rf"Server {SRV} is DOWN(?:, reason: [^,.]+(?:, info: \"[^\"]*\")?(?:, check duration: \d+ms)?)?\. {LEFT}"),
    ("S2", "Backup Server <*>/<*> is DOWN. <*>", rf"Backup Server {SRV} is DOWN(?:, reason: [^,.]+(?:, info: \"[^\"]*\")?(?:, check duration: \d+ms)?)?\. {LEFT}"),
    ("S3", "Server <*>/<*> is UP. <*>", rf"Server {SRV} is UP(?:, reason: [^,.]+(?:, check duration: \d+ms)?)?\. {ONLINE}"),
    ("S4", "Backup Server <*>/<*> is UP. <*>", rf"Backup Server {SRV} is UP(?:, reason: [^,.]+(?:, check duration: \d+ms)?)?\. {ONLINE}"),
    ("S5", "Server <*>/<*> is going DOWN for maintenance. <*>", rf"Server {SRV} is going DOWN for maintenance(?: \([^)]*\))?\. {LEFT}"),
    ("S6", "Backup Server <*>/<*> is going DOWN for maintenance. <*>", rf"Backup Server {SRV} is going DOWN for maintenance(?: \([^)]*\))?\. {LEFT}"),
    ("S7", "Server <*>/<*> was DOWN and now enters maintenance.", rf"Server {SRV} was DOWN and now enters maintenance(?: \([^)]*\))?\."),
    ("S8", "Backup Server <*>/<*> was DOWN and now enters maintenance.", rf"Backup Server {SRV} was DOWN and now enters maintenance(?: \([^)]*\))?\."),
    ("S9", "Server <*>/<*> enters drain state. <*>", rf"Server {SRV} enters drain state(?: \([^)]*\))?\. {LEFT}"),
    ("S10", "Backup Server <*>/<*> enters drain state. <*>", rf"Backup Server {SRV} enters drain state(?: \([^)]*\))?\. {LEFT}"),
    ("S11", "Server <*>/<*> remains in forced drain mode.", rf"Server {SRV} remains in forced drain mode\."),
    ("S12", "Backup Server <*>/<*> remains in forced drain mode.", rf"Backup Server {SRV} remains in forced drain mode\."),
    ("S13", "Server <*>/<*> is leaving forced drain but it is still in maintenance.", rf"Server {SRV} is leaving forced drain but it is still in maintenance\."),
    ("S14", "Backup Server <*>/<*> is leaving forced drain but it is still in maintenance.", rf"Backup Server {SRV} is leaving forced drain but it is still in maintenance\."),
    ("S15", "Server <*>/<*> is UP/READY (leaving forced maintenance). <*>", rf"Server {SRV} is UP/READY \(leaving forced maintenance\)\. {ONLINE}"),
    ("S16", "Backup Server <*>/<*> is UP/READY (leaving forced maintenance). <*>", rf"Backup Server {SRV} is UP/READY \(leaving forced maintenance\)\. {ONLINE}"),
    ("S17", "Server <*>/<*> is DOWN (leaving forced maintenance). <*>", rf"Server {SRV} is DOWN \(leaving forced maintenance\)\. {LEFT}"),
    ("S18", "Backup Server <*>/<*> is DOWN (leaving forced maintenance). <*>", rf"Backup Server {SRV} is DOWN \(leaving forced maintenance\)\. {LEFT}"),
    ("S19", "Server <*>/<*> is UP/READY (leaving forced drain). <*>", rf"Server {SRV} is UP/READY \(leaving forced drain\)\. {ONLINE}"),
    ("S20", "Backup Server <*>/<*> is UP/READY (leaving forced drain). <*>", rf"Backup Server {SRV} is UP/READY \(leaving forced drain\)\. {ONLINE}"),
    ("S21", "Server <*>/<*> is UP (leaving forced drain). <*>", rf"Server {SRV} is UP \(leaving forced drain\)\. {ONLINE}"),
    ("S22", "Backup Server <*>/<*> is UP (leaving forced drain). <*>", rf"Backup Server {SRV} is UP \(leaving forced drain\)\. {ONLINE}"),
    ("B1", "backend <*> has no server available!", r"backend [^'\s]\S* has no server available!"),
    ("B2", "backend '<*>' has no server available!", r"backend '\S+' has no server available!"),
    ("P1", "Proxy <*> stopped (cumulated conns: FE: <*>, BE: <*>).", r"Proxy \S+ stopped \(cumulated conns: FE: \d+, BE: \d+\)\."),
    ("P2", "Stopping proxy <*> in <*> ms.", r"Stopping (?:proxy|frontend|backend) \S+ in \d+ ms\."),
    ("P3", "Proxy <*> started.", r"Proxy \S+ started\."),
    # src/haproxy.c, src/mworker.c: the master and its workers
    ("M1", "New worker (<*>) forked", r"New worker \(\d+\) forked"),
    ("M2", "Loading success.", r"Loading success\."),
    ("M3", "Reloading HAProxy", r"Reloading HAProxy"),
    ("M4", "haproxy version is <*>", r"haproxy version is \S+"),
    ("M5", "path to executable is <*>", r"path to executable is \S+"),
    ("M6", "Former worker (<*>) exited with code <*> (<*>)", r"Former worker \(\d+\) exited with code \d+ \(\w+\)"),
    ("M7", "Current worker (<*>) exited with code <*> (<*>)", r"Current worker \(\d+\) exited with code \d+ \(\w+\)"),
    ("M8", "Exiting Master process...", r"Exiting Master process\.\.\."),
    ("M9", "All workers exited. Exiting... (<*>)", r"All workers exited\. Exiting\.\.\. \(\d+\)"),
]

if __name__ == "__main__":
    label.generate(HERE, HEADER, CALLS, workload, readable=True)
