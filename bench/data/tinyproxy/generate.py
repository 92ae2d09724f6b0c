"""Makes bench/data/tinyproxy: the log file of a real Tinyproxy 1.11 HTTP proxy (Debian's `tinyproxy`)
at `LogLevel Info`, in Tinyproxy's own format (`CONNECT   Dec 07 14:42:43.491 [29416]: Connect (file
descriptor 5): 127.0.0.1`: the level padded to nine characters, the time with milliseconds, the pid),
from a private configuration on 127.0.0.1:18888. A second Tinyproxy (its log not kept) is the
upstream proxy of some domains and is stopped and started now and then. A seeded workload drives
it: clients allowed and refused by `Allow`, GET/HEAD/POST to a local origin server that answers,
fails, redirects, is slow past the timeout or drops the connection, ports where nothing listens,
names that do not resolve, filtered domains, domains sent to the upstream proxy (up or down) and to a
SOCKS5 proxy that is not there, CONNECT to allowed and refused ports (tunnels left idle until the
timeout), requests without a scheme (transparent proxying by Host header or address), a reverse-proxy
path and paths it does not map, the statistics host, malformed requests, clients that close before
a request or in the middle of the headers, more clients than `MaxClients`; the configuration
rewritten (Via header on or off, `BindSame`, `Bind`, reverse-only mode, a bad address, a bad reverse
rule, a syntax error) and reloaded with SIGUSR1; restarts (SIGTERM and SIGKILL).

Run as root from anywhere: python3 bench/data/tinyproxy/generate.py   (needs apt-get install
tinyproxy; the proxies run as `nobody` from a private folder; the raw log is kept in the temporary
folder as oats-tinyproxy-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log
again without running anything).

Ground truth: labelled by hand, a regex per `log_message` call of Tinyproxy 1.11.1 (`src/*.c`; the
binary's strings hold the same format strings), written from the messages of the run and checked in
the source. The header (level, time, pid) is not part of the event. `CP_WARN` puts `line %lu: ` before
its format at compile time: each use is an event. Values computed or looked up at run time are
variables: `strerror` and `gai_strerror` texts, `proxy_type_name()`'s `http`/`socks5`/`none`. The
constants `url` and `domain` of `Proxying refused on filtered %s "%s"` would be an event each (only
`domain` occurs). `Connect (file descriptor %d): %s` and its `BindSame` form `... at [%s]` are two
format strings, so two events.
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
import http.server

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROXY, UPSTREAM, ORIGIN, DOWN, SOCKS = 18888, 18889, 18190, 18191, 18898
rnd = random.Random(21)


class Origin(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if "/slow" in p:
            time.sleep(6)
            self.answer(200, b"late")
        elif "/drop" in p:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif "/moved" in p:
            self.answer(302, b"", [("Location", f"http://127.0.0.1:{ORIGIN}/new/place")])
        elif "/error" in p:
            self.answer(500, b"internal error")
        elif "/missing" in p:
            self.answer(404, b"not found")
        else:
            self.answer(200, b"ok " * (len(p) * 7 % 400 + 1))

    do_HEAD = do_GET

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.answer(201, b"{}")


def config(work, name="tinyproxy", port=PROXY, upstream=False, variant=None):
    v = variant or {}
    lines = [
        "User nobody", "Group nogroup", f"Port {port}", "Listen 127.0.0.1", "Timeout 4",
        f'LogFile "{work}/{name}.log"', "LogLevel Info", f'PidFile "{work}/{name}.pid"', "MaxClients 10",
        "Allow 127.0.0.1", "Allow 127.0.1.0/24",
    ]
    if not upstream:
        lines += [f'Filter "{work}/filter"', "ConnectPort 443", f"ConnectPort {ORIGIN}", 'StatHost "tinyproxy.stats"',
                  f'Upstream http 127.0.0.1:{UPSTREAM} ".up.test"', f'Upstream http 127.0.0.1:{UPSTREAM} "127.0.0.2/32"',
                  f'Upstream socks5 127.0.0.1:{SOCKS} ".socks.test"', 'Upstream none "localhost"',
                  f'ReversePath "/app/" "http://127.0.0.1:{ORIGIN}/"']
        lines.append('DisableViaHeader Yes' if v.get("novia") else f'ViaProxyName "{rnd.choice(["edge", "oats-proxy", "gw1"])}"')
        if v.get("bindsame"):
            lines.append("BindSame yes")
        elif v.get("bind"):
            lines.append("Bind 127.0.0.1")
        if v.get("reverseonly"):
            lines.append("ReverseOnly Yes")
        if v.get("badallow"):
            lines.append(f"Allow 127.0.{rnd.randrange(256, 999)}.1")
        if v.get("badreverse"):
            lines.append(f'ReversePath "/old/" "{rnd.choice(["ftp-host", "127.0.0.1:80", "www"])}"')
        if v.get("syntax"):
            lines.append(rnd.choice(["Timeout", "MaxClients ten", "Allow", "Upstream http"]))
    with open(f"{work}/{name}.conf", "w") as f:
        f.write("\n".join(lines) + "\n")
    return f"{work}/{name}.conf"


def start(conf, port):
    proc = subprocess.Popen(["tinyproxy", "-d", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(port, timeout=30)
    time.sleep(0.2)
    return proc


def client():
    if rnd.random() < 0.92:
        return rnd.choice(["127.0.0.1", f"127.0.1.{rnd.randrange(2, 30)}"])
    return f"127.0.2.{rnd.randrange(2, 30)}"


def proxied(method, url, body=b"", src=None):
    host = url.split("/")[2]
    req = f"{method} {url} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: oats-bench\r\nConnection: close\r\n"
    if body:
        req += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    daemon.send(PROXY, req.encode() + b"\r\n" + body, source=src or client(), read_all=True, timeout=10)


def held(data, pause, src="127.0.0.1"):
    """A client that sends data, waits pause seconds and closes."""
    daemon.send(PROXY, data, source=src, linger=pause, timeout=pause + 5)


def request():
    k = rnd.random()
    path = rnd.choice(["index.html", "api/items/%d" % rnd.randrange(500), "static/app.js", "missing", "error", "moved"])
    if k < 0.25:
        proxied(rnd.choice(["GET", "GET", "HEAD"]), f"http://{rnd.choice(['localhost', '127.0.0.1'])}:{ORIGIN}/{path}")
    elif k < 0.32:
        proxied("POST", f"http://127.0.0.1:{ORIGIN}/api/orders", b'{"sku":%d}' % rnd.randrange(99))
    elif k < 0.38:
        proxied("GET", f"http://127.0.0.2:{ORIGIN}/{path}")
    elif k < 0.42:
        proxied("GET", f"http://{rnd.choice(['www', 'api', 'mirror'])}.up.test/{path}")
    elif k < 0.44:
        proxied("GET", f"http://{rnd.choice(['files', 'vpn'])}.socks.test/")
    elif k < 0.48:
        proxied("GET", f"http://127.0.0.1:{DOWN}/health")
    elif k < 0.52:
        proxied("GET", f"http://{rnd.choice(['nosuch', 'legacy', 'intranet'])}.invalid/{path}")
    elif k < 0.56:
        proxied("GET", f"http://{rnd.choice(['ads.test', 'cdn.ads.test', 'tracker.example', 'pixel.tracker.net'])}/{path}")
    elif k < 0.62:
        target = rnd.choice([f"127.0.0.1:{ORIGIN}", "127.0.0.1:443", "localhost:25", "127.0.0.1:22", f"localhost:{DOWN}"])
        if target.endswith(str(ORIGIN)) and rnd.random() < 0.6:
            threading.Thread(target=held, args=(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode(), 6)).start()
        else:
            daemon.send(PROXY, f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode(), source=client(), read_all=True)
    elif k < 0.67:
        host = rnd.choice([f"localhost:{ORIGIN}", f"127.0.0.1:{ORIGIN}", None])
        hdr = f"Host: {host}\r\n" if host else ""
        daemon.send(PROXY, f"GET /{path} HTTP/1.1\r\n{hdr}Connection: close\r\n\r\n".encode(), source=client(), read_all=True)
    elif k < 0.72:
        p = rnd.choice(["app/" + path, "app/", "admin/", "other/" + path])
        daemon.send(PROXY, f"GET /{p} HTTP/1.1\r\nHost: proxy.test\r\nConnection: close\r\n\r\n".encode(), source=client(), read_all=True)
    elif k < 0.74:
        proxied("GET", "http://tinyproxy.stats/")
    elif k < 0.80:
        daemon.send(PROXY, rnd.choice([
            b"HELLO\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40), b"",
            b"BREW http://127.0.0.1:18190/pot HTTP/1.1\r\nHost: x\r\n\r\n", b"GET ftp://files.test/pub/ HTTP/1.1\r\n\r\n",
            b"GET http://127.0.0.1:18190/x HTTP/1.1\r\nHost: x\r\n", b"GET http://[::1/ HTTP/1.1\r\n\r\n",
            b"GET http:// HTTP/1.1\r\n\r\n"]), source=client(), linger=rnd.uniform(0.1, 0.5))
    elif k < 0.84:
        proxied("GET", f"http://127.0.0.1:{ORIGIN}/{rnd.choice(['slow', 'drop'])}")
    elif k < 0.86:
        for _ in range(12):
            threading.Thread(target=held, args=(b"", 3, f"127.0.1.{rnd.randrange(2, 30)}")).start()
        time.sleep(0.5)
        proxied("GET", f"http://localhost:{ORIGIN}/{path}")
    else:
        proxied("GET", f"http://127.0.0.1:{ORIGIN}/static/{rnd.randrange(20)}.css")


def workload(work):
    with open(f"{work}/filter", "w") as f:
        f.write("ads\\.test\ntracker\n")
    subprocess.run(["chown", "-R", "nobody", work], check=True)
    servers = [daemon.serve_http(Origin, ORIGIN, h) for h in ("127.0.0.1", "127.0.0.2")]
    up_conf = config(work, "upstream", UPSTREAM, upstream=True)
    up = start(up_conf, UPSTREAM)
    conf = config(work)
    proc = start(conf, PROXY)
    log = f"{work}/tinyproxy.log"
    try:
        while daemon.lines_in(log) < 2200:
            k = rnd.random()
            if k < 0.90:
                request()
                time.sleep(rnd.uniform(0.02, 0.25))
            elif k < 0.95:
                variant = {o: rnd.random() < p for o, p in (("novia", 0.3), ("bindsame", 0.25), ("bind", 0.25),
                                                          ("reverseonly", 0.08), ("badallow", 0.2), ("badreverse", 0.2),
                                                          ("syntax", 0.12))}
                config(work, variant=variant)
                proc.send_signal(signal.SIGUSR1)
                time.sleep(0.5)
            elif k < 0.97:
                if up.poll() is None:
                    daemon.stop(up)
                else:
                    up = start(up_conf, UPSTREAM)
            else:
                daemon.stop(proc, signal.SIGKILL if rnd.random() < 0.3 else signal.SIGTERM)
                time.sleep(rnd.uniform(0.3, 1.5))
                config(work)
                proc = start(conf, PROXY)
    finally:
        daemon.stop(proc)
        daemon.stop(up)
        for s in servers:
            s.shutdown()
    return log


# (id, template, regex over the message), a log_message call each of Tinyproxy 1.11.1 (src/*.c).
A = r"[\d.]+"      # an address
H = r"\S+"         # a host name or address
EVENTS = [
    # main.c, conf.c, sock.c, child.c, upstream.c, reverse-proxy.c, connect-ports.c, filter.c:
    # start-up, configuration (re)loading, shut-down
    ("T1", "Initializing tinyproxy ...", r"Initializing tinyproxy \.\.\."),
    ("T2", "Reloading config file", r"Reloading config file"),
    ("T3", "Reloading config file finished", r"Reloading config file finished"),
    ("T4", "Reloading config file failed!", r"Reloading config file failed!"),
    ("T5", "Added address [<*>] to listen addresses.", rf"Added address \[{A}\] to listen addresses\."),
    ("T6", "Setting \"Via\" header to '<*>'", r"Setting \"Via\" header to '[^']*'"),
    ("T7", "Disabling transmission of the \"Via\" header.", r"Disabling transmission of the \"Via\" header\."),
    ("T8", "Adding Port [<*>] to the list allowed by CONNECT", r"Adding Port \[\d+\] to the list allowed by CONNECT"),
    ("T9", "Stathost set to \"<*>\"", r'Stathost set to "[^"]*"'),
    ("T10", "Added upstream <*> <*>:<*> for <*>", rf"Added upstream \w+ {A}:\d+ for \S+"),
    ("T11", "Added upstream none for <*>", r"Added upstream none for \S+"),
    ("T12", "Added reverse proxy rule: <*> -> <*>", r"Added reverse proxy rule: \S+ -> \S+"),
    ("T13", "Skipping reverse proxy rule: '<*>' is not a valid url", r"Skipping reverse proxy rule: '[^']*' is not a valid url"),
    ("T14", "Binding outgoing connection to incoming IP", r"Binding outgoing connection to incoming IP"),
    ("T15", "Added bind address [<*>] for outgoing connections.", rf"Added bind address \[{A}\] for outgoing connections\."),
    ("T16", "line <*>: Invalid address <*>", r"line \d+: Invalid address \S+"),
    ("T17", "listen_sock called with addr = '<*>'", rf"listen_sock called with addr = '{A}'"),
    ("T18", "trying to listen on host[<*>], family[<*>], socktype[<*>], proto[<*>]",
     rf"trying to listen on host\[{A}\], family\[\d+\], socktype\[\d+\], proto\[\d+\]"),
    ("T19", "listening on fd [<*>]", r"listening on fd \[\d+\]"),
    ("T20", "Now running as group \"<*>\".", r'Now running as group "\w+"\.'),
    ("T21", "Now running as user \"<*>\".", r'Now running as user "\w+"\.'),
    ("T22", "Setting the various signals.", r"Setting the various signals\."),
    ("T23", "Starting main loop. Accepting connections.", r"Starting main loop\. Accepting connections\."),
    ("T24", "Shutting down.", r"Shutting down\."),
    ("T25", "trying to bring down <*> threads...", r"trying to bring down \d+ threads\.\.\."),
    ("T26", "Re-reading filter file.", r"Re-reading filter file\."),
    ("T27", "Maximum number of connections reached. Refusing new connections.",
     r"Maximum number of connections reached\. Refusing new connections\."),
    # reqs.c, acl.c, transparent-proxy.c, reverse-proxy.c, upstream.c, sock.c: a connection
    ("C1", "Connect (file descriptor <*>): <*>", rf"Connect \(file descriptor \d+\): {A}"),
    ("C2", "Connect (file descriptor <*>): <*> at [<*>]", rf"Connect \(file descriptor \d+\): {A} at \[{A}\]"),
    ("C3", "Unauthorized connection from \"<*>\".", rf'Unauthorized connection from "{A}"\.'),
    ("C4", "read_request_line: Client (file descriptor: <*>) closed socket before read.",
     r"read_request_line: Client \(file descriptor: \d+\) closed socket before read\."),
    ("C5", "Request (file descriptor <*>): <*>", r"Request \(file descriptor \d+\): .*"),
    ("C6", "process_request: Bad Request on file descriptor <*>", r"process_request: Bad Request on file descriptor \d+"),
    ("C7", "Bad request, no mapping for '<*>' found", r"Bad request, no mapping for '.*' found"),
    ("C8", "Refused CONNECT method on port <*>", r"Refused CONNECT method on port \d+"),
    ("C9", "Unknown method (<*>) or protocol (<*>)", r"Unknown method \(.*\) or protocol \(.*\)"),
    ("C10", "Proxying refused on filtered domain \"<*>\"", r'Proxying refused on filtered domain "[^"]*"'),
    ("C11", "Proxying refused on filtered url \"<*>\"", r'Proxying refused on filtered url "[^"]*"'),
    ("C12", "Request for the stathost.", r"Request for the stathost\."),
    ("C13", "Rewriting URL: <*> -> <*>", r"Rewriting URL: \S+ -> \S+"),
    ("C14", "process_request: trans IP <*> <*> for <*>", r"process_request: trans IP \S+ \S+ for \d+"),
    ("C15", "process_request: trans Host <*> <*> for <*>", r"process_request: trans Host \S+ \S+ for \d+"),
    ("C16", "transparent: destination IP <*> is local on socket fd <*>", rf"transparent: destination IP {A} is local on socket fd \d+"),
    ("C17", "No upstream proxy for <*>", r"No upstream proxy for \S+"),
    ("C18", "Found upstream proxy <*> <*>:<*> for <*>", rf"Found upstream proxy \w+ {A}:\d+ for \S+"),
    ("C19", "opensock: opening connection to <*>:<*>", r"opensock: opening connection to \S+:\d+"),
    ("C20", "opensock: getaddrinfo returned for <*>:<*>", r"opensock: getaddrinfo returned for \S+:\d+"),
    ("C21", "opensock: Could not establish a connection to <*>:<*>", r"opensock: Could not establish a connection to \S+:\d+"),
    ("C22", "opensock: Could not retrieve address info for <*>:<*>: <*>",
     r"opensock: Could not retrieve address info for \S+:\d+: [^:]+"),
    ("C23", "Bound to <*>", rf"Bound to {A}"),
    ("C24", "Could not connect to upstream proxy.", r"Could not connect to upstream proxy\."),
    ("C25", "Established connection to host \"<*>\" using file descriptor <*>.",
     r'Established connection to host "[^"]*" using file descriptor \d+\.'),
    ("C26", "Established connection to upstream proxy \"<*>\" using file descriptor <*>.",
     r'Established connection to upstream proxy "[^"]*" using file descriptor \d+\.'),
    ("C27", "Established connection to <*> proxy \"<*>\" using file descriptor <*>.",
     r'Established connection to socks\w+ proxy "[^"]*" using file descriptor \d+\.'),
    ("C28", "Read request entity of <*> bytes", r"Read request entity of \d+ bytes"),
    ("C29", "no entity", r"no entity"),
    ("C30", "Error reading readable client_fd <*> (<*>)", r"Error reading readable client_fd \d+ \(.*\)"),
    ("C31", "Could not retrieve request entity", r"Could not retrieve request entity"),
    ("C32", "Could not retrieve all the headers from the client", r"Could not retrieve all the headers from the client"),
    ("C33", "Could not retrieve all the headers from the remote server.", r"Could not retrieve all the headers from the remote server\."),
    ("C34", "Not sending client headers to remote machine", r"Not sending client headers to remote machine"),
    ("C35", "process_client_headers failed: <*>. host \"<*>\" using file descriptor <*>.",
     r'process_client_headers failed: .*\. host "[^"]*" using file descriptor \d+\.'),
    ("C36", "process_server_headers failed: <*>. host \"<*>\" using file descriptor <*>.",
     r'process_server_headers failed: .*\. host "[^"]*" using file descriptor \d+\.'),
    ("C37", "Rewriting HTTP redirect: <*> -> <*><*><*>", r"Rewriting HTTP redirect: \S+ -> \S+"),
    ("C38", "Idle Timeout (after poll)", r"Idle Timeout \(after poll\)"),
    ("C39", "Closed connection between local client (fd:<*>) and remote client (fd:<*>)",
     r"Closed connection between local client \(fd:-?\d+\) and remote client \(fd:-?\d+\)"),
    ("C40", "Client (<*>) close message: <*>", r"Client \(\d+\) close message: .*"),
    ("C41", "Server (<*>) close message: <*>", r"Server \(\d+\) close message: .*"),
    ("C42", "read_buffer: read() failed on fd <*>: <*>", r"read_buffer: read\(\) failed on fd \d+: .*"),
    ("C43", "writebuff: write() error \"<*>\" on file descriptor <*>", r'writebuff: write\(\) error "[^"]*" on file descriptor \d+'),
    ("C44", "Magical tracking cookie says: <*>", r"Magical tracking cookie says: \S+"),
]

HEADER = re.compile(r"^(?:CRITICAL|ERROR|WARNING|NOTICE|INFO|CONNECT|DEBUG) +\w{3} \d\d [\d:.]+ \[\d+\]: (.*)$")


if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload, readable=True)
