"""Makes bench/data/syslog: a traditional syslog file (`Mon DD HH:MM:SS host prog[pid]: message`)
written by a real rsyslog 8.2302 (Debian) for several real daemons that log through syslog(3) or
the syslog protocol: OpenSSH 9.2's sshd (with PAM), two dnsmasq 2.90 (a caching forwarder logging
its queries, and its upstream), HAProxy 2.6 (HTTP access log and health checks), sudo 1.9 and
runuser (PAM sessions). A seeded workload drives them: ssh logins that succeed with a key or fail
with a password, probes that close early or speak garbage, DNS queries for local, cached,
forwarded, blocked and unknown names, HTTP requests through HAProxy to two back ends that go up
and down, and sudo commands allowed and refused.

Run as root from anywhere: python3 bench/data/syslog/generate.py
(needs apt-get install rsyslog openssh-server dnsmasq-base haproxy sudo dnsutils sshpass; the raw
syslog is kept in the temporary folder as oats-syslog-raw.log until it is labelled, and
`generate.py --raw FILE` labels such a log again without running anything).
It runs in a private mount namespace (unshare -m) with a private /dev and /run, so that its rsyslog
owns /dev/log there and no other process on the machine logs into it or is logged by it.

Ground truth: each line is labelled with the log call that printed it, the program's format
string with its conversions written <*> (OpenSSH's auth.c, auth2.c, sshd.c, packet.c; PAM's
pam_unix; dnsmasq's log_query() in cache.c and its start-up messages; HAProxy's documented
`option httplog` format and its server-state messages; sudo's log format). Where a conversion
takes one of a few constants chosen by the code (OpenSSH's "Accepted"/"Failed", "invalid user ",
dnsmasq's "query"/"forwarded"/"reply"/"cached"/"config"), each constant is an event of its own,
as Loghub labels OpenSSH; a value computed at run time (an error's text) is a variable. The
program name is a header field, not part of the event: the Linux-PAM modules' messages are one
event whether sshd, sudo or runuser loaded the module.
"""
import http.server
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import http.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SSH_PORT, DNS_PORT, UPSTREAM_PORT, HTTP_PORT = 2222, 5353, 5354, 18080
BACKENDS = [18081, 18082]
rnd = random.Random(15)


def private_dev_and_run(olddev):
    """Inside the namespace: a private /dev (the device nodes a daemon needs, and room for the
    rsyslog's /dev/log) and a private /run (sshd's privilege-separation directory). The machine's
    /dev stays reachable under olddev, an empty folder of its own that is never removed
    recursively."""
    sh = f"""
set -e
mount --make-rprivate /
mount --rbind /dev {olddev}
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero full random urandom tty; do touch /dev/$n; mount --bind {olddev}/$n /dev/$n; done
mkdir /dev/pts /dev/shm
mount --rbind {olddev}/pts /dev/pts
mount --rbind {olddev}/shm /dev/shm
ln -s /proc/self/fd /dev/fd
ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -m 755 /run/sshd
"""
    subprocess.run(["bash", "-c", sh], check=True)


class Backends:
    """The two HTTP back ends behind HAProxy; each can be taken down and brought back."""

    def __init__(self):
        self.servers = {}

    def up(self, port):
        if port in self.servers:
            return

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                if self.path.startswith("/slow"):
                    time.sleep(2.5)
                code = 200
                if self.path.startswith("/missing"):
                    code = 404
                elif self.path.startswith("/error"):
                    code = 500
                body = b"ok\n"
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # HAProxy's health checks close without reading the answer

        server = Server(("127.0.0.1", port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.servers[port] = server

    def down(self, port):
        server = self.servers.pop(port, None)
        if server:
            server.shutdown()
            server.server_close()


def quiet(*args, **kw):
    return subprocess.run(list(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


SSH = ["ssh", "-p", str(SSH_PORT), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
       "-o", "ConnectTimeout=5", "-o", "LogLevel=QUIET"]
NAMES_LOCAL = ["api.shop.internal", "db.shop.internal", "cache.shop.internal", "www.shop.internal"]
NAMES_UPSTREAM = ["registry.example.com", "mirror.example.com", "auth.example.com", "metrics.example.com"]
NAMES_BLOCKED = ["tracker.ads.example", "pixel.ads.example"]
NAMES_UNKNOWN = ["nosuch.shop.internal", "old-db.shop.internal", "typo.example.org", "wpad.lan"]


def workload(work, backends):
    k = rnd.random()
    if k < 0.10:  # a deploy bot logs in with its key and runs a command
        user = rnd.choice(["root", "postgres"])
        quiet(*SSH, "-i", f"{work}/id_ed25519", "-o", "PreferredAuthentications=publickey",
              f"{user}@127.0.0.1", rnd.choice(["true", "uptime", "df -h /"]))
    elif k < 0.20:  # password guessing, valid and invalid users
        user = rnd.choice(["root", "admin", "postgres", "ubuntu", "oracle", "test", "git", "deploy"])
        quiet("sshpass", "-p", rnd.choice(["123456", "password", "admin", "letmein"]), *SSH,
              "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no",
              "-o", "NumberOfPasswordPrompts=1", f"{user}@127.0.0.1", "true")
    elif k < 0.24:  # port scans and broken clients
        try:
            s = socket.create_connection(("127.0.0.1", SSH_PORT), timeout=3)
            r = rnd.random()
            if r < 0.4:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            elif r < 0.6:
                s.sendall(b"SSH-1.5-OldClient\r\n")
            s.recv(256)
            s.close()
        except OSError:
            pass
    elif k < 0.50:  # DNS
        name, qtype = rnd.choice([
            (rnd.choice(NAMES_LOCAL), "A"), (rnd.choice(NAMES_LOCAL), "AAAA"),
            (rnd.choice(NAMES_UPSTREAM), "A"), (rnd.choice(NAMES_UPSTREAM), "A"), (rnd.choice(NAMES_UPSTREAM), "MX"),
            (rnd.choice(NAMES_BLOCKED), "A"), (rnd.choice(NAMES_UNKNOWN), "A"),
            (f"{rnd.randrange(1, 9)}.0.20.10.in-addr.arpa", "PTR"), (rnd.choice(NAMES_UPSTREAM), "TXT")])
        quiet("dig", "@127.0.0.1", "-p", str(DNS_PORT), "+tries=1", "+time=2", name, qtype)
    elif k < 0.82:  # HTTP through HAProxy
        path = rnd.choice(["/api/orders", "/api/orders/17", "/api/cart", "/missing/page", "/error/boom",
                           "/admin/config", "/api/orders?page=2", "/health", "/static/app.js", "/slow/report"])
        method = "POST" if path.startswith("/api/cart") else "GET"
        conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=5)
        try:
            conn.request(method, path, body="{}" if method == "POST" else None,
                         headers={"User-Agent": rnd.choice(["curl/7.88.1", "okhttp/4.12.0", "kube-probe/1.29"])})
            conn.getresponse().read()
        except Exception:
            pass
        finally:
            conn.close()
    elif k < 0.90:  # sudo, allowed and refused, and runuser
        r = rnd.random()
        if r < 0.5:
            quiet("sudo", "-u", rnd.choice(["nobody", "postgres"]), rnd.choice(["/usr/bin/true", "/usr/bin/id"]))
        elif r < 0.8:
            quiet("runuser", "-u", rnd.choice(["nobody", "daemon"]), "--", "sudo", "-n",
                  rnd.choice(["/usr/bin/id", "/bin/cat /etc/shadow", "/usr/bin/apt-get update"]), cwd="/")
        else:
            quiet("runuser", "-l", "postgres", "-c", "true")
    elif k < 0.93:  # a back end goes down or comes back
        port = rnd.choice(BACKENDS)
        if port in backends.servers and len(backends.servers) > 1 or rnd.random() < 0.2:
            backends.down(port)
        else:
            backends.up(port)
        time.sleep(rnd.uniform(1.5, 3))
    else:
        time.sleep(rnd.uniform(0.1, 0.5))


def start_daemons(work):
    with open(f"{work}/rsyslog.conf", "w") as f:
        f.write(f"""global(workDirectory="{work}" localHostName="node-7")
module(load="imuxsock")
*.* action(type="omfile" file="{work}/syslog" template="RSYSLOG_TraditionalFileFormat")
""")
    subprocess.run(["rsyslogd", "-f", f"{work}/rsyslog.conf", "-i", f"{work}/rsyslog.pid"], check=True)
    for _ in range(50):
        if os.path.exists("/dev/log"):
            break
        time.sleep(0.1)
    procs = []
    # sshd
    quiet("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{work}/ssh_host_ed25519_key", check=True)
    quiet("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deploy-bot", "-f", f"{work}/id_ed25519", check=True)
    os.makedirs(f"{work}/keys")
    for user in ["root", "postgres"]:
        shutil.copy(f"{work}/id_ed25519.pub", f"{work}/keys/{user}")
    os.chmod(f"{work}", 0o755)
    with open(f"{work}/sshd_config", "w") as f:
        f.write(f"""Port {SSH_PORT}
ListenAddress 127.0.0.1
HostKey {work}/ssh_host_ed25519_key
PidFile {work}/sshd.pid
UsePAM yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin yes
AuthorizedKeysFile {work}/keys/%u
StrictModes no
SyslogFacility AUTH
LogLevel INFO
MaxAuthTries 3
""")
    procs.append(subprocess.Popen(["/usr/sbin/sshd", "-D", "-f", f"{work}/sshd_config"]))
    # dnsmasq: the upstream (authoritative for example.com) and the caching forwarder
    common = ["-k", "-C", "/dev/null", "--listen-address=127.0.0.1", "--bind-interfaces", "--no-hosts",
              "--no-resolv", "--user=root", "--group=root"]
    procs.append(subprocess.Popen(["dnsmasq", *common, f"--port={UPSTREAM_PORT}", f"--pid-file={work}/up.pid",
                                   "--auth-server=ns.example.com", "--auth-zone=example.com",
                                   "--host-record=registry.example.com,198.51.100.10",
                                   "--host-record=mirror.example.com,198.51.100.11",
                                   "--host-record=auth.example.com,198.51.100.12",
                                   "--mx-host=example.com,mail.example.com,10",
                                   "--txt-record=metrics.example.com,v=spf1 -all"]))
    procs.append(subprocess.Popen(["dnsmasq", *common, f"--port={DNS_PORT}", f"--pid-file={work}/dns.pid",
                                   "--log-queries", "--cache-size=150", f"--server=127.0.0.1#{UPSTREAM_PORT}",
                                   "--local=/shop.internal/", "--domain-needed", "--bogus-priv",
                                   "--address=/ads.example/0.0.0.0",
                                   "--host-record=api.shop.internal,10.20.0.5",
                                   "--host-record=db.shop.internal,10.20.0.6",
                                   "--host-record=cache.shop.internal,10.20.0.7,fd00::7",
                                   "--cname=www.shop.internal,api.shop.internal"]))
    # HAProxy
    with open(f"{work}/haproxy.cfg", "w") as f:
        f.write(f"""global
  log /dev/log local0
  pidfile {work}/haproxy.pid
defaults
  log global
  mode http
  option httplog
  timeout connect 500ms
  timeout client 5s
  timeout server 2s
frontend fe_shop
  bind 127.0.0.1:{HTTP_PORT}
  http-request deny if {{ path_beg /admin }}
  default_backend be_api
backend be_api
  option httpchk GET /health
  server api1 127.0.0.1:{BACKENDS[0]} check inter 1s fall 2 rise 2
  server api2 127.0.0.1:{BACKENDS[1]} check inter 1s fall 2 rise 2
""")
    procs.append(subprocess.Popen(["haproxy", "-db", "-f", f"{work}/haproxy.cfg"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return procs


def run(work, olddev):
    private_dev_and_run(olddev)
    backends = Backends()
    for port in BACKENDS:
        backends.up(port)
    procs = start_daemons(work)
    time.sleep(2)
    try:
        while daemon.lines_in(f"{work}/syslog") < 2300:
            workload(work, backends)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
        for port in list(backends.servers):
            backends.down(port)
        time.sleep(1)
        with open(f"{work}/rsyslog.pid") as f:
            os.kill(int(f.read().strip()), 15)
        time.sleep(1)


# (id, template, regex over "program: message"), from each program's format strings. The PAM
# modules' messages are the same event whichever program loaded the module.
IP = r"\d+\.\d+\.\d+\.\d+"
EVENTS = label.compile_events([
    # OpenSSH 9.2 sshd
    ("E1", "Server listening on <*> port <*>.", rf"sshd: Server listening on {IP} port \d+\."),
    ("E2", "Accepted publickey for <*> from <*> port <*> ssh2: <*> <*>",
     rf"sshd: Accepted publickey for \S+ from {IP} port \d+ ssh2: \S+ SHA256:\S+"),
    ("E3", "Failed password for <*> from <*> port <*> ssh2", rf"sshd: Failed password for (?!invalid user )\S+ from {IP} port \d+ ssh2"),
    ("E4", "Failed password for invalid user <*> from <*> port <*> ssh2", rf"sshd: Failed password for invalid user \S+ from {IP} port \d+ ssh2"),
    ("E5", "Invalid user <*> from <*> port <*>", rf"sshd: Invalid user \S+ from {IP} port \d+"),
    ("E6", "Connection closed by <*> port <*>", rf"sshd: Connection closed by {IP} port \d+( \[preauth\])?"),
    ("E7", "Connection closed by invalid user <*> <*> port <*> [preauth]", rf"sshd: Connection closed by invalid user \S+ {IP} port \d+ \[preauth\]"),
    ("E8", "Connection closed by authenticating user <*> <*> port <*> [preauth]", rf"sshd: Connection closed by authenticating user \S+ {IP} port \d+ \[preauth\]"),
    ("E9", "Received disconnect from <*> port <*>:<*>: <*>", rf"sshd: Received disconnect from {IP} port \d+:\d+: .*"),
    ("E10", "Disconnected from user <*> <*> port <*>", rf"sshd: Disconnected from user \S+ {IP} port \d+"),
    ("E11", "Disconnected from invalid user <*> <*> port <*> [preauth]", rf"sshd: Disconnected from invalid user \S+ {IP} port \d+ \[preauth\]"),
    ("E12", "Disconnected from authenticating user <*> <*> port <*> [preauth]", rf"sshd: Disconnected from authenticating user \S+ {IP} port \d+ \[preauth\]"),
    ("E13", 'error: kex_exchange_identification: client sent invalid protocol identifier "<*>"',
     r'sshd: error: kex_exchange_identification: client sent invalid protocol identifier ".*"'),
    ("E14", "error: kex_exchange_identification: Connection closed by remote host",
     r"sshd: error: kex_exchange_identification: Connection closed by remote host"),
    ("E15", "banner exchange: Connection from <*> port <*>: <*>", rf"sshd: banner exchange: Connection from {IP} port \d+: .*"),
    ("E16", "error: Protocol major versions differ: <*> vs. <*>", r"sshd: error: Protocol major versions differ: \d+ vs\. \d+"),
    ("E17", "error: send_error: write: <*>", r"sshd: error: send_error: write: .*"),
    ("E18", "error: maximum authentication attempts exceeded for <*> from <*> port <*> ssh2 [preauth]",
     rf"sshd: error: maximum authentication attempts exceeded for (invalid user )?\S+ from {IP} port \d+ ssh2 \[preauth\]"),
    ("E19", "Received signal <*>; terminating.", r"sshd: Received signal \d+; terminating\."),
    # Linux-PAM modules (pam_unix, pam_limits, pam_env), under sshd, sudo and runuser
    ("E20", "pam_unix(<*>:session): session opened for user <*>(uid=<*>) by <*>(uid=<*>)",
     r"(sshd|sudo|runuser): pam_unix\([\w-]+:session\): session opened for user \S+\(uid=\d+\) by \S*\(uid=\d+\)"),
    ("E21", "pam_unix(<*>:session): session closed for user <*>", r"(sshd|sudo|runuser): pam_unix\([\w-]+:session\): session closed for user \S+"),
    ("E22", "pam_limits(<*>:session): Could not set limit for '<*>' to soft=<*>, hard=<*>: <*>; uid=<*>,euid=<*>",
     r"(sshd|sudo|runuser): pam_limits\([\w-]+:session\): Could not set limit for '\w+' to soft=-?\d+, hard=-?\d+: [^;]+; uid=\d+,euid=\d+"),
    ("E23", "pam_env(<*>:session): deprecated reading of user environment enabled",
     r"(sshd|sudo|runuser): pam_env\([\w-]+:session\): deprecated reading of user environment enabled"),
    ("E24", "pam_unix(<*>:auth): authentication failure; logname=<*> uid=<*> euid=<*> tty=<*> ruser=<*> rhost=<*> <*>",
     r"(sshd|sudo|runuser): pam_unix\([\w-]+:auth\): authentication failure; logname=\S* uid=\d+ euid=\d+ tty=\S* ruser=\S* rhost=\S*\s*(user=\S+)?"),
    ("E25", "pam_unix(<*>:auth): check pass; user unknown", r"(sshd|sudo|runuser): pam_unix\([\w-]+:auth\): check pass; user unknown"),
    # sudo 1.9
    ("E26", "<*> : PWD=<*> ; USER=<*> ; COMMAND=<*>", r"sudo: +\S+ : PWD=\S+ ; USER=\S+ ; COMMAND=.+"),
    ("E27", "<*> : <*> ; PWD=<*> ; USER=<*> ; COMMAND=<*>", r"sudo: +\S+ : [^;]+ ; PWD=\S+ ; USER=\S+ ; COMMAND=.+"),
    # dnsmasq 2.90: log_query() in cache.c, one event per kind of record it logs, and start-up
    ("E28", "query[<*>] <*> from <*>", rf"dnsmasq: query\[\w+\] \S+ from {IP}"),
    ("E29", "forwarded <*> to <*>", rf"dnsmasq: forwarded \S+ to {IP}#\d+"),
    ("E30", "reply <*> is <*>", r"dnsmasq: reply \S+ is .+"),
    ("E31", "cached <*> is <*>", r"dnsmasq: cached \S+ is .+"),
    ("E32", "config <*> is <*>", r"dnsmasq: config \S+ is .+"),
    ("E33", "started, version <*> cachesize <*>", r"dnsmasq: started, version \S+ cachesize \d+"),
    ("E34", "compile time options: <*>", r"dnsmasq: compile time options: .*"),
    ("E35", "using nameserver <*>", r"dnsmasq: using nameserver \S+"),
    ("E36", "using only locally-known addresses for <*>", r"dnsmasq: using only locally-known addresses for \S+"),
    ("E37", "cleared cache", r"dnsmasq: cleared cache"),
    ("E38", "warning: no upstream servers configured", r"dnsmasq: warning: no upstream servers configured"),
    ("E39", "exiting on receipt of SIGTERM", r"dnsmasq: exiting on receipt of SIGTERM"),
    # HAProxy 2.6: the `option httplog` line, server state changes
    ("E40", '<*>:<*> [<*>] <*> <*>/<*> <*>/<*>/<*>/<*>/<*> <*> <*> - - <*> <*>/<*>/<*>/<*>/<*> <*>/<*> "<*>"',
     rf'haproxy: {IP}:\d+ \[[^\]]+\] \S+ \S+/\S+ -?\d+/-?\d+/-?\d+/-?\d+/\+?-?\d+ \d+ \+?\d+ - - \S{{4}} \d+/\d+/\d+/\d+/\+?\d+ \d+/\d+ ".*"'),
    ("E41", "Server <*>/<*> is DOWN, reason: <*>, info: <*>, check duration: <*>. <*> active and <*> backup servers left. <*> sessions active, <*> requeued, <*> remaining in queue.",
     r'haproxy: Server \S+/\S+ is DOWN, reason: [^,]+, info: "[^"]*", check duration: \d+ms\. \d+ active and \d+ backup servers left\. \d+ sessions active, \d+ requeued, \d+ remaining in queue\.'),
    ("E42", "Server <*>/<*> is UP, reason: <*>, code: <*>, check duration: <*>. <*> active and <*> backup servers online. <*> sessions requeued, <*> total in queue.",
     r"haproxy: Server \S+/\S+ is UP, reason: [^,]+, code: \d+, check duration: \d+ms\. \d+ active and \d+ backup servers online\. \d+ sessions requeued, \d+ total in queue\."),
    ("E43", "backend <*> has no server available!", r"haproxy: backend \S+ has no server available!"),
    ("E44", "Proxy <*> started.", r"haproxy: Proxy \S+ started\."),
    ("E45", "Proxy <*> stopped (cumulated conns: FE: <*>, BE: <*>).", r"haproxy: Proxy \S+ stopped \(cumulated conns: FE: \d+, BE: \d+\)\."),
    # rsyslogd 8.2302
    ("E46", '[origin software="rsyslogd" swVersion="<*>" x-pid="<*>" x-info="<*>"] start',
     r'rsyslogd: \[origin software="rsyslogd" swVersion="\S+" x-pid="\d+" x-info="\S+"\] start'),
    ("E47", '[origin software="rsyslogd" swVersion="<*>" x-pid="<*>" x-info="<*>"] exiting on signal <*>.',
     r'rsyslogd: \[origin software="rsyslogd" swVersion="\S+" x-pid="\d+" x-info="\S+"\] exiting on signal \d+\.'),
])

HEADER = re.compile(r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ ([^\s\[:]+)(?:\[\d+\])?: (.*)$")


def key_of(line):
    m = HEADER.match(line)
    return f"{m.group(1)}: {m.group(2)}" if m else line


def content_of(line):
    m = HEADER.match(line)
    return m.group(2) if m else line


def main():
    """Runs the daemons and labels the syslog; with --raw FILE, labels a syslog kept from a run."""
    if "--raw" in sys.argv:
        write(sys.argv[sys.argv.index("--raw") + 1])
        return
    if os.environ.get("OATS_SYSLOG_NAMESPACE") != "1":
        os.execvpe("unshare", ["unshare", "-m", sys.executable, os.path.abspath(__file__), *sys.argv[1:]],
                   dict(os.environ, OATS_SYSLOG_NAMESPACE="1"))
    work = tempfile.mkdtemp(prefix="oats-syslog-")
    olddev = tempfile.mkdtemp(prefix="oats-syslog-dev-")
    try:
        run(work, olddev)
    finally:
        subprocess.run(["umount", "-R", "-l", olddev])
        os.rmdir(olddev)  # fails, and stops, unless it is an empty folder again
    raw = os.path.join(tempfile.gettempdir(), "oats-syslog-raw.log")
    shutil.copy(f"{work}/syslog", raw)
    shutil.rmtree(work, ignore_errors=True)
    write(raw)
    os.remove(raw)


def write(raw):
    """Labels the syslog of a run (kept at raw until it is labelled) and writes the data set."""
    with open(raw, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    labelled = label.label(lines, EVENTS, key_of)
    labelled = [(line, content_of(line), eid, t) for line, _, eid, t in labelled]
    if len(labelled) < 2000:
        sys.exit(f"only {len(labelled)} lines: make the workload longer")
    label.write(HERE, "syslog", labelled[:2000])


if __name__ == "__main__":
    main()
