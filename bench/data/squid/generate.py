"""Makes bench/data/squid: the log of a real Squid 5.7 caching proxy (Debian's squid), its
cache.log (`YYYY/MM/DD HH:MM:SS| message`, debug_options ALL,1) and its access.log in Squid's
native format (`<unix time>.<ms> <duration> <client> <code>/<status> <bytes> <method> <URL>
<user> <hierarchy>/<peer> <type>`) written to one file, as a container that sends both to its
output shows them. A seeded workload drives it: clients allowed and denied by ACLs, GET, HEAD,
POST and CONNECT through the proxy to a local origin server that answers, caches, fails (404,
500), is slow past Squid's read timeout, drops connections or is down; names the hosts file
lacks (DNS failures); requests to unsafe ports; malformed requests and plain HTTP sent to the proxy
port; `squid -k reconfigure` with an ACL that overlaps itself (Squid's warnings) and without,
`-k rotate`, and restarts.

Run as root from anywhere: python3 bench/data/squid/generate.py   (needs apt-get install squid;
Squid runs as its `proxy` user from a private folder; the raw log is kept in the temporary folder
as oats-squid-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again
without running anything).

Ground truth: labelled by hand, a regex per debugs() call of Squid 5.7 (`src/*.cc`; Squid's
messages are C++ streams, not format strings: each literal part is constant, each streamed value
a variable), written from the messages of the run and checked in the source (tag SQUID_5_7 of
Squid's repository). The access log's line is one event: Log::Format::SquidNative prints every
request with one format (`%9ld.%03d %6ld %s %s/%03d %ld %s %s %s %s%s/%s %s`), its result codes,
statuses, methods and hierarchy codes values of a table (src/log/FormatSquidNative.cc). Squid's
store-rebuild summary (`%7d Entries scanned`, ...) prints each counter with a call of its own: an
event each.
"""
import http.server
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
PROXY, ORIGIN, DOWN = 3129, 18090, 18091
rnd = random.Random(15)


class Origin(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, cache=None, ctype="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if cache:
            self.send_header("Cache-Control", cache)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p.startswith("/static/"):
            self.answer(200, b"body{margin:0}" * rnd.randrange(10, 200), "max-age=30", "text/css")
        elif p.startswith("/api/"):
            self.answer(200, b'{"ok":true}', "no-store", "application/json")
        elif p.startswith("/slow"):
            time.sleep(4)
            self.answer(200, b"late")
        elif p.startswith("/drop"):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif p.startswith("/garbage"):
            self.wfile.write(b"HELLO THERE\r\n\r\n")
            self.close_connection = True
        elif p.startswith("/error"):
            self.answer(500, b"internal error")
        else:
            self.answer(404, b"not found")

    do_HEAD = do_GET

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        self.rfile.read(n)
        self.answer(201 if self.path.startswith("/api/") else 405, b"{}", None, "application/json")


def config(work, overlap=False):
    acl = "127.0.1.0/24 127.0.1.7" if overlap else "127.0.1.0/24"
    with open(f"{work}/squid.conf", "w") as f:
        f.write(f"""http_port 127.0.0.1:{PROXY}
pid_filename {work}/run/squid.pid
cache_log {work}/logs/squid.log
access_log stdio:{work}/logs/squid.log
cache_store_log none
coredump_dir {work}/run
cache_dir ufs {work}/cache 20 4 16
hosts_file {work}/hosts
dns_nameservers 127.0.0.1
dns_timeout 3 seconds
read_timeout 2 seconds
connect_timeout 2 seconds
acl localnet src {acl}
acl SSL_ports port 443
acl Safe_ports port 80 443 {ORIGIN} {DOWN}
acl CONNECT method CONNECT
http_access deny !Safe_ports
http_access deny CONNECT !SSL_ports
http_access allow localnet
http_access deny all
shutdown_lifetime 1 seconds
debug_options ALL,1
""")


def start(work):
    proc = subprocess.Popen(["squid", "-N", "-f", f"{work}/squid.conf"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PROXY), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    time.sleep(0.5)
    return proc


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def send(src, data, timeout=6):
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.bind((src, 0))
        s.connect(("127.0.0.1", PROXY))
        s.sendall(data)
        while s.recv(65536):
            pass
        s.close()
    except OSError:
        pass


def proxied(src, method, url, body=b""):
    host = url.split("/")[2]
    req = f"{method} {url} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: oats-bench\r\nConnection: close\r\n"
    if body:
        req += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    send(src, req.encode() + b"\r\n" + body)


def client(allowed=True):
    return f"127.0.1.{rnd.randrange(2, 40)}" if allowed else f"127.0.2.{rnd.randrange(2, 40)}"


def request():
    k = rnd.random()
    src = client(rnd.random() < 0.85)
    host = rnd.choice(["shop.test", "api.test", "cdn.test"])
    if k < 0.30:
        proxied(src, rnd.choice(["GET", "GET", "HEAD"]), f"http://cdn.test:{ORIGIN}/static/{rnd.randrange(12)}.css")
    elif k < 0.45:
        proxied(src, "GET", f"http://{host}:{ORIGIN}/api/items/{rnd.randrange(500)}")
    elif k < 0.52:
        proxied(src, "POST", f"http://api.test:{ORIGIN}/api/orders", b'{"sku":%d}' % rnd.randrange(99))
    elif k < 0.57:
        proxied(src, "GET", f"http://{host}:{ORIGIN}/{rnd.choice(['missing', 'error', 'old/page.html'])}")
    elif k < 0.60:
        proxied(src, "GET", f"http://{host}:{ORIGIN}/{rnd.choice(['slow', 'drop', 'garbage'])}")
    elif k < 0.64:
        proxied(src, "GET", f"http://down.test:{DOWN}/health")
    elif k < 0.68:
        proxied(src, "GET", f"http://{rnd.choice(['nosuch', 'legacy', 'intranet'])}.test/")
    elif k < 0.71:
        proxied(src, "GET", f"http://{host}:{rnd.choice([25, 8443, 6379])}/")
    elif k < 0.75:
        send(src, f"CONNECT {rnd.choice(['api.test:443', 'shop.test:25', 'cdn.test:443'])} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    elif k < 0.79:
        send(src, rnd.choice([b"GET / HTTP/1.1\r\nHost: proxy\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40),
                              b"HELLO\r\n\r\n", b"GET http://shop.test:18090/ HTTP/9.1\r\n\r\n",
                              b"GET http://shop.test:18090/ HTTP/1.1\r\nHost: shop.test\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n"]))
    else:
        proxied(src, "GET", f"http://cdn.test:{ORIGIN}/static/{rnd.randrange(4)}.css")


def workload(work):
    for d in ("logs", "run", "cache"):
        os.makedirs(f"{work}/{d}", exist_ok=True)
    with open(f"{work}/hosts", "w") as f:
        f.write("127.0.0.1 shop.test api.test cdn.test down.test\n")
    config(work)
    subprocess.run(["chown", "-R", "proxy:proxy", work], check=True)
    subprocess.run(["squid", "-N", "-z", "-f", f"{work}/squid.conf"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    origin = http.server.ThreadingHTTPServer(("127.0.0.1", ORIGIN), Origin)
    threading.Thread(target=origin.serve_forever, daemon=True).start()
    proc = start(work)
    try:
        while daemon.lines_in(f"{work}/logs/squid.log") < 2400:
            k = rnd.random()
            if k < 0.92:
                for _ in range(rnd.randrange(1, 5)):
                    request()
                time.sleep(rnd.uniform(0.02, 0.2))
            elif k < 0.95:
                config(work, overlap=rnd.random() < 0.5)
                proc.send_signal(signal.SIGHUP)  # squid -k reconfigure
                time.sleep(2)
            elif k < 0.96:
                proc.send_signal(signal.SIGUSR1)  # squid -k rotate
                time.sleep(1)
            elif k < 0.973:
                stop(proc)
                time.sleep(rnd.uniform(0.5, 2))
                proc = start(work)
            else:
                time.sleep(rnd.uniform(0.2, 1))
    finally:
        stop(proc)
        origin.shutdown()
    return f"{work}/logs/squid.log"


# (id, template, regex over the message), from Squid 5.7's debugs() calls (src/*.cc); P a path.
P = r"/[\w./-]+"
D = r"\d+"
EVENTS = [
    # src/log/FormatSquidNative.cc: every access-log line (the content starts after the time)
    ("A1", "<*> <*> <*>/<*> <*> <*> <*> <*> <*>/<*> <*>",
     r"\d+ [\d.]+ [A-Z_]+/\d{3} \d+ \S+ \S+ \S+ (?:TIMEOUT_)?[A-Z_]+/\S+ \S+"),
    # src/main.cc
    ("S1", "Starting Squid Cache version <*> for <*>...", r"Starting Squid Cache version [\d.]+ for \S+\.\.\."),
    ("S2", "Service Name: <*>", r"Service Name: \w+"),
    ("S3", "Process ID <*>", r"Process ID \d+"),
    ("S4", "Process Roles: <*>", r"Process Roles: [\w ]+"),
    ("S5", "With <*> file descriptors available", r"With \d+ file descriptors available"),
    ("S6", "Set Current Directory to <*>", rf"Set Current Directory to {P}"),
    ("S7", "Reconfiguring Squid Cache (version <*>)...", r"Reconfiguring Squid Cache \(version [\d.]+\)\.\.\."),
    ("S8", "Preparing for shutdown after <*> requests", r"Preparing for shutdown after \d+ requests"),
    ("S9", "Waiting <*> seconds for active connections to finish", r"Waiting \d+ seconds for active connections to finish"),
    ("S10", "Shutting down...", r"Shutting down\.\.\."),
    ("S11", "Squid Cache (Version <*>): Exiting normally.", r"Squid Cache \(Version [\d.]+\): Exiting normally\."),
    ("S12", "Creating missing swap directories", r"Creating missing swap directories"),
    ("S13", "Removing PID file (<*>)", rf"Removing PID file \({P}\)"),
    # src/tools.cc PrintRusage: fprintf without a header
    ("S14", "CPU Usage: <*> seconds = <*> user + <*> sys", r"CPU Usage: [\d.]+ seconds = [\d.]+ user \+ [\d.]+ sys"),
    ("S15", "Maximum Resident Size: <*> KB", r"Maximum Resident Size: \d+ KB"),
    ("S16", "Page faults with physical i/o: <*>", r"Page faults with physical i/o: \d+"),
    # src/client_side.cc, src/cache_cf.cc, src/LoadableModules.cc, src/adaptation
    ("S17", "Accepting HTTP Socket connections at <*>", r"Accepting HTTP Socket connections at conn\d+ local=\S+ remote=\S+ FD \d+ flags=\d+"),
    ("S18", "Closing HTTP(S) port <*>", r"Closing HTTP\(S\) port [\d.]+:\d+"),
    ("S19", "Processing Configuration File: <*> (depth <*>)", rf"Processing Configuration File: {P} \(depth \d+\)"),
    ("S20", "Initializing https:// proxy context", r"Initializing https:// proxy context"),
    ("S21", "Squid plugin modules loaded: <*>", r"Squid plugin modules loaded: \d+"),
    ("S22", "Adaptation support is off.", r"Adaptation support is off\."),
    # src/AuthReg.cc and src/auth/*/Scheme.cc: a constant per call
    ("S23", "Startup: Initializing Authentication Schemes ...", r"Startup: Initializing Authentication Schemes \.\.\."),
    ("S24", "Startup: Initialized Authentication Scheme 'basic'", r"Startup: Initialized Authentication Scheme 'basic'"),
    ("S25", "Startup: Initialized Authentication Scheme 'digest'", r"Startup: Initialized Authentication Scheme 'digest'"),
    ("S26", "Startup: Initialized Authentication Scheme 'negotiate'", r"Startup: Initialized Authentication Scheme 'negotiate'"),
    ("S27", "Startup: Initialized Authentication Scheme 'ntlm'", r"Startup: Initialized Authentication Scheme 'ntlm'"),
    ("S28", "Startup: Initialized Authentication.", r"Startup: Initialized Authentication\."),
    ("S29", "Shutdown: Basic authentication.", r"Shutdown: Basic authentication\."),
    ("S30", "Shutdown: Digest authentication.", r"Shutdown: Digest authentication\."),
    ("S31", "Shutdown: Negotiate authentication.", r"Shutdown: Negotiate authentication\."),
    ("S32", "Shutdown: NTLM authentication.", r"Shutdown: NTLM authentication\."),
    # src/ipcache.cc, src/dns_internal.cc (one format at two call sites)
    ("S33", "Initializing IP Cache...", r"Initializing IP Cache\.\.\."),
    ("S34", "DNS Socket created at <*>, FD <*>", r"DNS Socket created at \S+, FD \d+"),
    ("S35", "Adding nameserver <*> from squid.conf", r"Adding nameserver [\d.]+ from squid\.conf"),
    # src/log/File.cc
    ("S36", "Logfile: opening log <*>", r"Logfile: opening log \S+"),
    ("S37", "Logfile: closing log <*>", r"Logfile: closing log \S+"),
    ("S85", "logfileRotate: <*>", r"logfileRotate: \S+"),
    ("S86", "Rotate log file <*>", r"Rotate log file \S+"),
    # src/unlinkd.cc, src/store_digest.cc, src/store_log.cc, src/mime.cc, src/htcp.cc
    ("S38", "Unlinkd pipe opened on FD <*>", r"Unlinkd pipe opened on FD \d+"),
    ("S39", "Closing unlinkd pipe on FD <*>", r"Closing unlinkd pipe on FD \d+"),
    ("S40", "Local cache digest enabled; rebuild/rewrite every <*>/<*> sec", r"Local cache digest enabled; rebuild/rewrite every \d+/\d+ sec"),
    ("S41", "Store logging disabled", r"Store logging disabled"),
    ("S42", "Finished loading MIME types and icons.", r"Finished loading MIME types and icons\."),
    ("S43", "HTCP Disabled.", r"HTCP Disabled\."),
    # src/store/Disks.cc
    ("S44", "Swap maxSize <*> + <*> KB, estimated <*> objects", r"Swap maxSize \d+ \+ \d+ KB, estimated \d+ objects"),
    ("S45", "Target number of buckets: <*>", r"Target number of buckets: \d+"),
    ("S46", "Using <*> Store buckets", r"Using \d+ Store buckets"),
    ("S47", "Max Mem  size: <*> KB", r"Max Mem  size: \d+ KB"),
    ("S48", "Max Swap size: <*> KB", r"Max Swap size: \d+ KB"),
    ("S49", "Using Least Load store dir selection", r"Using Least Load store dir selection"),
    ("S50", "storeDirWriteCleanLogs: Starting...", r"storeDirWriteCleanLogs: Starting\.\.\."),
    ("S51", "Finished. Wrote <*> entries.", r"  Finished\.  Wrote \d+ entries\."),
    ("S52", "Took <*> seconds (<*> entries/sec).", r"  Took [\d.]+ seconds \( *[\d.]+ entries/sec\)\."),
    # src/fs/ufs/*.cc: clean log / dirty log / no log are constants
    ("S53", "Rebuilding storage in <*> (clean log)", rf"Rebuilding storage in {P} \(clean log\)"),
    ("S54", "Rebuilding storage in <*> (no log)", rf"Rebuilding storage in {P} \(no log\)"),
    ("S55", "Done scanning <*> dir (<*> entries)", rf"Done scanning {P} dir \(\d+ entries\)"),
    ("S56", "Done reading <*> swaplog (<*> entries)", rf"Done reading {P} swaplog \(\d+ entries\)"),
    ("S57", "Making directories in <*>", rf"Making directories in {P}"),
    ("S58", "<*> exists", rf"{P} exists"),
    # src/store_rebuild.cc: a call per counter
    ("S59", "Finished rebuilding storage from disk.", r"Finished rebuilding storage from disk\."),
    ("S60", "<*> Entries scanned", r" +\d+ Entries scanned"),
    ("S61", "<*> Invalid entries.", r" +\d+ Invalid entries\."),
    ("S62", "<*> With invalid flags.", r" +\d+ With invalid flags\."),
    ("S63", "<*> Objects loaded.", r" +\d+ Objects loaded\."),
    ("S64", "<*> Objects expired.", r" +\d+ Objects expired\."),
    ("S65", "<*> Objects cancelled.", r" +\d+ Objects cancelled\."),
    ("S66", "<*> Duplicate URLs purged.", r" +\d+ Duplicate URLs purged\."),
    ("S67", "<*> Swapfile clashes avoided.", r" +\d+ Swapfile clashes avoided\."),
    ("S68", "Took <*> seconds (<*> objects/sec).", r"  Took [\d.]+ seconds \( *[\d.]+ objects/sec\)\."),
    ("S69", "Beginning Validation Procedure", r"Beginning Validation Procedure"),
    ("S70", "Completed Validation Procedure", r"  Completed Validation Procedure"),
    ("S71", "Validated <*> Entries", r"  Validated \d+ Entries"),
    ("S72", "store_swap_size = <*> KB", r"  store_swap_size = [\d.]+ KB"),
    ("S73", "Store rebuilding is <*>% complete", r"Store rebuilding is +[\d.]+% complete"),
    ("S74", "storeLateRelease: released <*> objects", r"storeLateRelease: released \d+ objects"),
    # src/icmp/*.cc
    ("S75", "Pinger socket opened on FD <*>", r"Pinger socket opened on FD \d+"),
    ("S76", "Closing Pinger socket on FD <*>", r"Closing Pinger socket on FD \d+"),
    ("S77", "pinger: Initialising ICMP pinger ...", r"pinger: Initialising ICMP pinger \.\.\."),
    ("S78", "pinger: ICMP socket opened.", r"pinger: ICMP socket opened\."),
    ("S79", "pinger: ICMPv6 socket opened", r"pinger: ICMPv6 socket opened"),
    ("S80", "Pinger exiting.", r"Pinger exiting\."),
    # src/fd.cc
    ("S81", "Open FD <*> <*> <*>", r"Open FD [A-Z/]+ +\d+ .+"),
    # src/acl/Ip.cc: the letters are computed
    ("S82", "WARNING: (<*>) '<*>' is a subnetwork of (<*>) '<*>'", r"WARNING: \([AB]\) '[\d./]+' is a subnetwork of \([AB]\) '[\d./]+'"),
    ("S83", "WARNING: because of this '<*>' is ignored to keep splay tree searching predictable",
     r"WARNING: because of this '[\d./]+' is ignored to keep splay tree searching predictable"),
    ("S84", "WARNING: You should probably remove '<*>' from the ACL named '<*>'", r"WARNING: You should probably remove '[\d./]+' from the ACL named '\w+'"),
]

HEADER = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?: kid\d+)?\| (.*)$")
ACCESS = re.compile(r"^ *\d+\.\d{3} +(\d+ .*)$")


if __name__ == "__main__":
    label.generate(HERE, (HEADER, ACCESS), EVENTS, workload, readable=True)
