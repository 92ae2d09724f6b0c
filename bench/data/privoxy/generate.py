"""Makes bench/data/privoxy: the log file of a real Privoxy 3.0.34 filtering web proxy (Debian's
`privoxy`) in its own format (`2026-12-07 21:10:04.117 7f3c2a7fc6c0 Crunch: Blocked: http://ads.test/banner.gif`:
the time with milliseconds, the thread's id in hex, the level, then the message; `--no-daemon` writes it
to its output, as a container shows it), at `debug` 1 (each
request's destination), 2 (each connection's status), 128 (redirects), 1024 (requests not let through
and why), 4096 (start-up and warnings) and 8192 (non-fatal errors), from a private configuration on
127.0.0.1 with Debian's action and filter files and a private `user.action` (sites blocked, URLs
redirected, requests for a domain forwarded to a parent proxy that is down, the CGI editor enabled).
A seeded workload drives it: requests through the proxy to a local origin server that answers, fails,
is slow past the socket timeout, closes at once or is down; blocked URLs, redirected ones, hosts that
do not resolve, the forwarded domain; CONNECT tunnels to open and closed ports; Privoxy's own pages
(`http://p.p/`, `show-status`, `toggle`, a missing page); requests on kept-alive connections; bad
request lines, a header line without a colon, HTTP/0.9, methods it does not know, requests for a
path without a host; `user.action` rewritten (Privoxy reloads it), restarts by SIGTERM and SIGINT.

Run as root or not, from anywhere: python3 bench/data/privoxy/generate.py   (needs apt-get install
privoxy; Debian's own privoxy service is not used, the script runs `privoxy --no-daemon` from a private
folder; the raw log is kept in the temporary folder as oats-privoxy-raw.log until it is labelled, and
`generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per `log_error()` format string of Privoxy 3.0.34 (`*.c`),
written from the messages of the run and checked against the format strings in the binary (`strings
/usr/sbin/privoxy`). The time, the thread's id and the level are the header. A URL, a host, a
socket, an action file's name and a count are variables; a constant a caller passes into a shared
format (`Crunch: %s: %s` with `Blocked`, `Redirected`, `CGI Call`, `Connection failure`, `DNS failure`,
...) an event each.
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
PORT, ORIGIN, CLOSED, PARENT = 28118, 28190, 28191, 28192
rnd = random.Random(67)


class Origin(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if "/slow" in self.path:
            time.sleep(5)
        if "/drop" in self.path:
            self.connection.close()
            return
        body = b"<html><body>" + b"x" * (len(self.path) * 17 % 900) + b"</body></html>"
        self.send_response(500 if "/fail" in self.path else 404 if "/missing" in self.path else 200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET
    do_HEAD = do_GET


def user_action(work, variant=0):
    blocked = [".ads.test", ".tracker.test", "127.0.0.1:28190/banner"] + ([".metrics.test"] if variant % 2 else [])
    with open(f"{work}/user.action", "w") as f:
        f.write("{ +block{Blocked by OATS policy.} }\n" + "\n".join(blocked) + "\n\n")
        f.write("{ +redirect{http://127.0.0.1:28190/new-home} }\n127.0.0.1:28190/old-home\n\n")
        f.write("{ +redirect{s@^http://127.0.0.1:28190/v1/@http://127.0.0.1:28190/v2/@} }\n127.0.0.1:28190/v1/\n\n")
        f.write("{ +hide-user-agent{OATS-proxy/1.0} }\n/\n")
        if variant % 3 == 2:
            f.write("{ +block{broken rule} \n.broken.test\n")


def config(work):
    with open(f"{work}/config", "w") as f:
        f.write(f"""confdir /etc/privoxy
templdir /etc/privoxy/templates
actionsfile match-all.action
actionsfile default.action
actionsfile {work}/user.action
filterfile default.filter
listen-address 127.0.0.1:{PORT}
toggle 1
enable-remote-toggle 1
enable-edit-actions 0
enforce-blocks 0
buffer-limit 4096
forward .corp.test 127.0.0.1:{PARENT}
forwarded-connect-retries 0
accept-intercepted-requests 0
keep-alive-timeout 3
socket-timeout 3
max-client-connections 32
debug 1
debug 2
debug 128
debug 1024
debug 4096
debug 8192
""")


def start(work, log):
    proc = subprocess.Popen(["privoxy", "--no-daemon", f"{work}/config"], stdout=log, stderr=subprocess.STDOUT)
    daemon.wait_port(PORT, timeout=30)
    return proc


def proxied(url, method="GET", keep=1, extra=b""):
    """A client of the proxy: keep requests on one connection, then close."""
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=8) as s:
            for i in range(keep):
                host = url.split("/")[2]
                s.sendall(f"{method} {url} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: curl/7.88\r\n".encode() + extra +
                          (b"Connection: close\r\n" if i == keep - 1 else b"") + b"\r\n")
                s.settimeout(6)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = s.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                time.sleep(0.05)
    except OSError:
        pass


def url():
    r = rnd.random()
    base = f"http://127.0.0.1:{ORIGIN}"
    if r < 0.35:
        return base + rnd.choice(["/", "/index.html", "/api/orders", "/missing", "/fail", "/img/a.png", "/old-home", "/v1/items"])
    if r < 0.45:
        return base + rnd.choice(["/slow", "/drop"])
    if r < 0.60:
        return f"http://{rnd.choice(['ads', 'tracker', 'metrics', 'cdn.ads'])}.test/{rnd.choice(['banner.gif', 'pixel.js', 'ad?id=7'])}"
    if r < 0.68:
        return f"http://{rnd.choice(['nosuch', 'shop', 'wiki'])}.invalid/"
    if r < 0.74:
        return f"http://intranet.corp.test/{rnd.choice(['', 'wiki'])}"
    if r < 0.80:
        return f"http://127.0.0.1:{CLOSED}/"
    return "http://p.p/" + rnd.choice(["", "show-status", "show-request", "toggle?set=disable", "toggle?set=enable",
                                        "nosuchpage", "show-url-info?url=ads.test"])


def bad():
    daemon.send(PORT, rnd.choice([
        b"GARBAGE\r\n\r\n", b"GET /relative HTTP/1.1\r\nHost: \r\n\r\n", b"GET\r\n\r\n",
        b"GET http://127.0.0.1:28190/ HTTP/1.1\r\nBroken header\r\n\r\n", b"BREW http://127.0.0.1:28190/ HTTP/1.1\r\n\r\n",
        b"GET http://127.0.0.1:28190/\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00", b"",
        b"GET http://127.0.0.1:28190/ HTTP/1.1\r\nHost: 127.0.0.1:28190\r\nContent-Length: 10\r\n\r\nab",
    ]), linger=0.3, read_all=True, timeout=6)


def tunnel():
    port = rnd.choice([ORIGIN, ORIGIN, CLOSED])
    host = rnd.choice(["127.0.0.1", "127.0.0.1", "ads.test", "nosuch.invalid"])
    daemon.send(PORT, f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode(), linger=0.3, timeout=6)


def workload(work):
    config(work)
    user_action(work)
    origin = daemon.serve_http(Origin, ORIGIN)
    log_path = f"{work}/privoxy.log"
    log = open(log_path, "w")
    proc = None
    try:
        proc = start(work, log)
        while daemon.lines_in(log_path) < 2300:
            r = rnd.random()
            if r < 0.70:
                proxied(url(), method=rnd.choice(["GET", "GET", "GET", "HEAD", "POST"]), keep=rnd.choice([1, 1, 2, 3]))
            elif r < 0.80:
                bad()
            elif r < 0.90:
                tunnel()
            elif r < 0.94:
                threading.Thread(target=proxied, args=(f"http://127.0.0.1:{ORIGIN}/slow",), daemon=True).start()
            elif r < 0.98:
                time.sleep(1.1)  # Privoxy notices a changed file by its time stamp
                user_action(work, rnd.randint(0, 5))
            else:
                daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGINT]))
                time.sleep(rnd.uniform(0.3, 1.0))
                user_action(work)
                proc = start(work, log)
            if proc.poll() is not None:
                user_action(work)
                proc = start(work, log)
            time.sleep(rnd.uniform(0.02, 0.12))
    finally:
        if proc:
            daemon.stop(proc)
        origin.shutdown()
        log.close()
    return log_path


N = r"\d+"
A = r"[\d.]+"            # an address
URL = r"\S+"             # a URL or host[:port]
F = r"/\S+"              # a file
EVENTS = [
    # miscutil.c, loaders.c, jcc.c: start-up, loading, signals
    ("I1", "Privoxy version 3.0.34", r"Privoxy version 3\.0\.34"),
    ("I2", "Program name: <*>", r"Program name: \S+"),
    ("I3", "Loading filter file: <*>", rf"Loading filter file: {F}"),
    ("I4", "Loading actions file: <*>", rf"Loading actions file: {F}"),
    ("I5", "Listening on port <*> on IP address <*>", rf"Listening on port {N} on IP address {A}"),
    ("I6", "exiting by signal <*> .. bye", rf"exiting by signal {N} \.\. bye"),
    ("I7", "Now toggled ON.", r"Now toggled ON\."),  # `Now toggled %s.` with "ON" or "OFF", a constant each
    ("I9", "Now toggled OFF.", r"Now toggled OFF\."),
    ("I8", "Can not resolve <*>: <*>", r"Can not resolve [^\[\s]\S*: .*"),
    ("E1", "can't load actions file '<*>': can't completely parse the action section starting at line (<*>): <*>",
     rf"can't load actions file '{F}': can't completely parse the action section starting at line \({N}\): .*"),
    # jcc.c, cgi.c, parsers.c: errors
    ("E2", "Couldn't parse request line received from <*>: <*>", rf"Couldn't parse request line received from {A}: .*"),
    ("E3", "Denying access to <*>. No referrer found.", rf"Denying access to {URL}\. No referrer found\."),
    ("E4", "CGI request with unsupported method received: <*>", r"CGI request with unsupported method received: \S+"),
    ("E5", "Unknown HTTP method detected: <*>", r"Unknown HTTP method detected: \S+"),
    ("E6", "No server or forwarder response received on socket <*>.", rf"No server or forwarder response received on socket {N}\."),
    ("E7", "No server or forwarder response received on socket <*>. Closing client socket <*> without sending data.",
     rf"No server or forwarder response received on socket {N}\. Closing client socket {N} without sending data\."),
    # jcc.c's `Crunch: %s: %s`, its reason a constant: an event each
    ("X1", "Blocked: <*>", rf"Blocked: {URL}"),
    ("X2", "Redirected: <*>", rf"Redirected: {URL}"),
    ("X3", "CGI Call: <*>", rf"CGI Call: {URL}"),
    ("X4", "Connection failure: <*>", rf"Connection failure: {URL}"),
    ("X5", "DNS failure: <*>", rf"DNS failure: {URL}"),
    ("X6", "Connection timeout: <*>", rf"Connection timeout: {URL}"),
    ("X7", "No server data received: <*>", rf"No server data received: {URL}"),
    # jcc.c: `Request: %s%s`, the request's host and path
    ("R1", "<*>", r"(?:[\w.-]+(?::\d+)?)?/\S*"),
    # urlmatch.c, jcc.c: redirects
    ("D1", "New URL is: <*>", rf"New URL is: {URL}"),
    ("D2", "No pcrs command recognized, assuming that \"<*>\" is already properly formatted.",
     r'No pcrs command recognized, assuming that "[^"]*" is already properly formatted\.'),
    ("D3", "pcrs command \"<*>\" changed \"<*>\" to \"<*>\" (<*> hi<*>).", r'pcrs command "[^"]*" changed "[^"]*" to "[^"]*" \(\d+ hits?\)\.'),
    # jcc.c, jbsockets.c, gateway.c: connections
    ("C1", "Accepted connection from <*> on socket <*>", rf"Accepted connection from {A} on socket {N}"),
    ("C2", "Complete client request received.", r"Complete client request received\."),
    ("C3", "Closing client socket <*>. Keep-alive: <*>. Socket alive: <*>. Data available: <*>. Configuration file change detected: <*>. Requests received: <*>.",
     rf"Closing client socket {N}\. Keep-alive: {N}\. Socket alive: {N}\. Data available: {N}\. Configuration file change detected: {N}\. Requests received: {N}\."),
    ("C4", "Closing server socket <*> connected to <*>. Keep-alive: <*>. Tainted: <*>. Socket alive: <*>. Timeout: <*>.",
     rf"Closing server socket {N} connected to \S+\. Keep-alive: {N}\. Tainted: {N}\. Socket alive: {N}\. Timeout: {N}\."),
    ("C5", "Connected to <*>[<*>]:<*>.", rf"Connected to \S+\[{A}\]:{N}\."),
    ("C6", "Could not connect to [<*>]:<*>: <*>.", rf"Could not connect to \[{A}\]:{N}: (?!Operation timed out\.\Z).*\."),
    ("C7", "Created new connection to <*>:<*> on socket <*>.", rf"Created new connection to \S+:{N} on socket {N}\."),
    ("C8", "Data arrived in time on client socket <*>. Requests so far: <*>", rf"Data arrived in time on client socket {N}\. Requests so far: {N}"),
    ("C9", "Done reading from server. Content length: <*> as expected. Bytes most recently read: <*>.",
     rf"Done reading from server\. Content length: {N} as expected\. Bytes most recently read: -?{N}\."),
    ("C10", "Done reading from server. Expected content length: <*>. Actual content length: <*>. Bytes most recently read: <*>.",
     rf"Done reading from server\. Expected content length: {N}\. Actual content length: {N}\. Bytes most recently read: -?{N}\."),
    ("C11", "Initialized <*> socket slots.", rf"Initialized {N} socket slots\."),
    ("C12", "Marking the server socket <*> tainted.", rf"Marking the server socket {N} tainted\."),
    ("C13", "No request line on socket <*> received in time. Timeout: <*>.", rf"No request line on socket {N} received in time\. Timeout: {N}\."),
    ("C14", "Possible pipeline attempt detected. The connection will not be kept alive and we will only serve the first request.",
     r"Possible pipeline attempt detected\. The connection will not be kept alive and we will only serve the first request\."),
    ("C15", "Received <*> bytes while expecting <*>.", rf"Received {N} bytes while expecting {N}\."),
    ("C16", "Reduced expected bytes to <*> to account for the <*> ones we already got.",
     rf"Reduced expected bytes to {N} to account for the {N} ones we already got\."),
    ("C17", "Socket timeout <*> reached: <*>", rf"Socket timeout {N} reached: {URL}"),
    ("C18", "The client side of the connection on socket <*> got closed without sending a complete request line.",
     rf"The client side of the connection on socket {N} got closed without sending a complete request line\."),
    ("C19", "The client socket <*> has become unusable while the server socket <*> is still open.",
     rf"The client socket {N} has become unusable while the server socket {N} is still open\."),
    ("C20", "Waiting for the next client connection. Currently active threads: <*>", rf"Waiting for the next client connection\. Currently active threads: {N}"),
    ("C21", "Waiting for the next client request on socket <*>. No server socket to keep open.",
     rf"Waiting for the next client request on socket {N}\. No server socket to keep open\."),
    ("C22", "to <*>", rf"to (?!.* successful\Z)(?!socket ){URL}"),
    ("C23", "to <*> successful", rf"to {URL} successful"),
    ("C24", "via [<*>]:<*> to: <*>", rf"via \[{A}\]:{N} to: \S+"),
    ("C25", "Waiting for the next client request on socket <*>. Keeping the server socket <*> to <*> open.",
     rf"Waiting for the next client request on socket {N}\. Keeping the server socket {N} to \S+ open\."),
    ("C26", "Could not connect to [<*>]:<*>: Operation timed out.", rf"Could not connect to \[{A}\]:{N}: Operation timed out\."),
    ("C27", "Done reading from the client.", r"Done reading from the client\."),
    ("C28", "Client request <*> has been pipelined on socket <*> and the socket is still alive.",
     rf"Client request {N} has been pipelined on socket {N} and the socket is still alive\."),
    ("C29", "Complete client request followed by <*> bytes of pipelined data received.",
     rf"Complete client request followed by {N} bytes of pipelined data received\."),
]
# The time, the thread's id and the level (a debug category: Info, Connect, Request, Crunch, ...) are the header.
HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [0-9a-f]+ (?:[A-Z][a-z]+(?: error)?): (.*)$")

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
