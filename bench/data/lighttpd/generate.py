"""Makes bench/data/lighttpd: the error log of a real lighttpd 1.4.69 web server (Debian's `lighttpd`
and `lighttpd-mod-openssl`), `server.errorlog` in lighttpd's own format (`2026-12-07 21:04:11:
(mod_auth.c.1234) password doesn't match for /admin/ username: bob IP: 127.0.0.1`: the time, then the
source file and line of the log call in parentheses, then the message), from a private configuration
on 127.0.0.1: static files, a directory listing, HTTP Basic authentication on `/admin/` (a plain user
file), `/api/` proxied to a seeded back end of the script that answers, fails, is slow past the proxy's
timeout, resets the connection or is down, CGI scripts that answer, fail, write to stderr, print no
headers or hang, `/server-status`, a TLS port with a certificate the script makes, request handling
logged for `/debug/` only (`debug.log-request-handling` in a condition), files not found logged
(`debug.log-file-not-found`), the request's header logged on a bad request
(`debug.log-request-header-on-error`). A seeded workload drives it: requests for files, missing files,
directories, protected pages with the right, a wrong or no password and unknown users, the API, the
CGI scripts, TLS clients and plain HTTP or garbage sent to the TLS port, malformed requests (bad request
lines, headers without a colon, a `Content-Length` that lies, bodies over `server.max-request-size`),
idle clients past `server.max-read-idle`, more clients than `server.max-connections`, SIGUSR1
(graceful restart) and SIGHUP (logs reopened), restarts by SIGINT (graceful) and SIGTERM.

Run as root from anywhere: python3 bench/data/lighttpd/generate.py   (needs apt-get install lighttpd
lighttpd-mod-openssl openssl; lighttpd runs as `nobody` from a private folder; the raw log is kept in
the temporary folder as oats-lighttpd-raw.log until it is labelled, and `generate.py --raw FILE` labels
such a log again without running anything).

Ground truth: labelled by hand, a regex per `log_error()`/`log_perror()` call of lighttpd 1.4.69
(`src/*.c`), written from the messages of the run and checked against the format strings in the
binaries (`strings` of `/usr/sbin/lighttpd` and `/usr/lib/lighttpd/mod_*.so`). The time is the
header; the call site in parentheses, `(file.c.line)`, is part of the message (it is constant for a
call) and its line number tells two calls with the same text apart; a value the call prints is a
variable; `log_perror()`'s `: <strerror>` suffix is a variable of the event; each line of a header
block that `debug.log-request-header-on-error` logs (`request-header:` then the request's lines) and
each line a CGI script writes to stderr (copied bare) is an event as below.
"""
import http.server
import os
import random
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT, TLS, BACKEND = 28080, 28443, 28081
rnd = random.Random(61)
USERS = {"alice": "s3cret-a", "bob": "s3cret-b", "ops": "s3cret-o"}


class Backend(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if "/slow" in self.path:
            time.sleep(5)
        if "/reset" in self.path:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
            return
        if "/garbage" in self.path:
            self.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
            return
        body = b'{"ok": true}'
        self.send_response(500 if "/fail" in self.path else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET


CGI = {
    "ok.sh": 'echo "Content-Type: text/plain"; echo; echo "hello from cgi"',
    "fail.sh": 'echo "something broke in the report job" >&2; exit 1',
    "noheader.sh": 'echo "just text, no header"',
    "warn.sh": 'echo "warning: cache directory /var/cache/report not writable" >&2; echo "Content-Type: text/plain"; echo; echo ok',
    "hang.sh": 'sleep 8; echo "Content-Type: text/plain"; echo; echo late',
    "crash.sh": 'kill -SEGV $$',
}


def config(work, variant=0):
    maxconn = [16, 24, 12][variant % 3]
    return f"""
server.modules = ("mod_access", "mod_auth", "mod_authn_file", "mod_proxy", "mod_cgi", "mod_status",
                  "mod_openssl", "mod_dirlisting")
server.document-root = "{work}/htdocs"
server.errorlog = "{work}/error.log"
server.pid-file = "{work}/lighttpd.pid"
server.bind = "127.0.0.1"
server.port = {PORT}
server.username = "nobody"
server.groupname = "nogroup"
server.max-connections = {maxconn}
server.max-request-size = 16
server.max-read-idle = 3
server.max-keep-alive-idle = 2
server.stat-cache-engine = "disable"
debug.log-file-not-found = "enable"
debug.log-request-header-on-error = "enable"
index-file.names = ("index.html")
mimetype.assign = (".html" => "text/html", ".css" => "text/css", ".txt" => "text/plain")
dir-listing.activate = "disable"
$HTTP["url"] =~ "^/files/" {{ dir-listing.activate = "enable" }}
$HTTP["url"] =~ "^/debug/" {{ debug.log-request-handling = "enable" }}
auth.backend = "plain"
auth.backend.plain.userfile = "{work}/users"
auth.require = ("/admin/" => ("method" => "basic", "realm" => "ops", "require" => "valid-user"))
$HTTP["url"] =~ "^/api/" {{
  proxy.server = ("" => (("host" => "127.0.0.1", "port" => {BACKEND})))
  proxy.header = ("map-urlpath" => ("/api/" => "/"))
}}
$HTTP["url"] =~ "^/old-api/" {{
  proxy.server = ("" => (("host" => "127.0.0.1", "port" => {BACKEND + 1})))
}}
$HTTP["url"] =~ "^/cgi-bin/" {{ cgi.assign = (".sh" => "/bin/sh") }}
$HTTP["url"] =~ "^/server-status" {{ status.status-url = "/server-status" }}
$SERVER["socket"] == "127.0.0.1:{TLS}" {{
  ssl.engine = "enable"
  ssl.pemfile = "{work}/server.pem"
}}
"""


def setup(work):
    os.makedirs(f"{work}/htdocs/files/reports")
    os.makedirs(f"{work}/htdocs/admin")
    os.makedirs(f"{work}/htdocs/cgi-bin")
    os.makedirs(f"{work}/htdocs/debug")
    for path, text in (("index.html", "<h1>oats</h1>"), ("style.css", "body{}"), ("files/a.txt", "a"),
                       ("files/reports/q3.txt", "q3"), ("admin/index.html", "admin"), ("debug/index.html", "debug")):
        with open(f"{work}/htdocs/{path}", "w") as f:
            f.write(text)
    os.chmod(f"{work}/htdocs/files/reports", 0o700)  # nobody may not list it
    for name, script in CGI.items():
        with open(f"{work}/htdocs/cgi-bin/{name}", "w") as f:
            f.write("#!/bin/sh\n" + script + "\n")
    with open(f"{work}/users", "w") as f:
        f.writelines(f"{u}:{p}\n" for u, p in USERS.items())
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{work}/server.pem",
                    "-out", f"{work}/cert.pem", "-days", "30", "-subj", "/CN=localhost"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{work}/server.pem", "a") as f, open(f"{work}/cert.pem") as c:
        f.write(c.read())
    subprocess.run(["chmod", "-R", "a+rX", work], check=True)
    open(f"{work}/error.log", "w").close()
    subprocess.run(["chown", "nobody", f"{work}/error.log"], check=True)  # lighttpd opens it as nobody
    os.chmod(f"{work}/htdocs/files/reports", 0o700)


def write_config(work, variant=0):
    with open(f"{work}/lighttpd.conf", "w") as f:
        f.write(config(work, variant))


def start(work):
    proc = subprocess.Popen(["lighttpd", "-D", "-f", f"{work}/lighttpd.conf"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT, timeout=30)
    return proc


def request(path, method="GET", headers=None, body=b"", port=PORT, linger=0.0, read=True):
    head = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    for k, v in (headers or {}).items():
        head += f"{k}: {v}\r\n"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    daemon.send(port, head.encode() + b"\r\n" + body, linger=linger, read_all=read, timeout=10)


def basic(user, password):
    import base64
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def client():
    r = rnd.random()
    if r < 0.06:
        request(rnd.choice(["/", "/index.html", "/style.css", "/files/", "/files/a.txt", "/files/reports/",
                            "/files/reports/q3.txt"]))
    elif r < 0.22:
        request(rnd.choice(["/missing.html", "/favicon.ico", "/wp-login.php", "/files/b.txt", "/.env", "/img/logo.png"]))
    elif r < 0.36:
        user = rnd.choice(list(USERS) + ["mallory", "root"])
        k = rnd.random()
        headers = {} if k < 0.1 else basic(user, USERS.get(user, "x") if k < 0.3 else "wrong")
        if k > 0.93:
            headers = {"Authorization": rnd.choice(["Basic !!!notbase64", "Bearer abc.def", "Basic Ym9i"])}
        request(rnd.choice(["/admin/", "/admin/index.html"]), headers=headers)
    elif r < 0.52:
        method = rnd.choice(["GET", "GET", "POST"])
        request(f"/api/{rnd.choice(['orders', 'fail', 'slow', 'reset', 'reset', 'garbage', 'health'])}",
                method=method, body=b'{"sku": 7}' if method == "POST" else b"")
    elif r < 0.58:
        request("/old-api/orders")
    elif r < 0.66:
        request(f"/cgi-bin/{rnd.choice(list(CGI) + ['nosuch.sh'])}")
    elif r < 0.70:
        request(rnd.choice(["/debug/", "/debug/index.html", "/debug/missing", "/debug/../index.html"]))
    elif r < 0.72:
        request("/server-status")
    elif r < 0.82:
        tls_client()
    elif r < 0.89:
        daemon.send(PORT, rnd.choice([
            b"GET / HTTP/1.1\r\nHost: localhost\r\nBroken-Header-Without-Colon\r\n\r\n",
            b"GARBAGE\r\n\r\n", b"GET /\x01x HTTP/1.1\r\nHost: localhost\r\n\r\n",
            b"GET / HTTP/1.1\r\n\r\n", b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n",
            b"POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\nshort",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: other\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: bad host name\r\n\r\n",
            b"POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Length: 40000\r\n\r\n" + b"x" * 40000,
            b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n",
        ]), linger=0.3, read_all=True, timeout=6)
    elif r < 0.94:
        threading.Thread(target=daemon.send, args=(PORT, rnd.choice([b"GET / HTTP/1.1\r\nHost: local", b"", b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nab"])),
                         kwargs={"linger": 4.5, "timeout": 10}, daemon=True).start()
    elif r < 0.955:
        crowd()
    else:
        request(rnd.choice(["/index.html", "/files/", "/style.css"]))


def tls_client():
    if rnd.random() < 0.3:
        daemon.send(TLS, rnd.choice([b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", b"\x16\x03\x01\x00\x05hello", b"SSH-2.0-x\r\n"]),
                    linger=0.3, read_all=True, timeout=5)
        return
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if rnd.random() < 0.2:
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        ctx.minimum_version = ssl.TLSVersion.TLSv1_1
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    try:
        with socket.create_connection(("127.0.0.1", TLS), timeout=6) as raw, ctx.wrap_socket(raw, server_hostname="localhost") as s:
            s.sendall(f"GET {rnd.choice(['/', '/missing', '/admin/'])} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            while s.recv(65536):
                pass
    except (OSError, ssl.SSLError):
        pass


def crowd():
    socks = []
    for _ in range(rnd.randint(14, 28)):
        try:
            socks.append(socket.create_connection(("127.0.0.1", PORT), timeout=3))
        except OSError:
            pass
    time.sleep(0.8)
    for s in socks:
        s.close()


def workload(work):
    setup(work)
    write_config(work)
    backend = daemon.serve_http(Backend, BACKEND)
    log = f"{work}/error.log"
    proc = None
    try:
        proc = start(work)
        while daemon.lines_in(log) < 2300:
            r = rnd.random()
            if r < 0.975:
                client()
            elif r < 0.985:
                write_config(work, rnd.randint(0, 2))
                proc.send_signal(signal.SIGUSR1)
                time.sleep(1)
            elif r < 0.992:
                proc.send_signal(signal.SIGHUP)
                time.sleep(0.3)
            else:
                daemon.stop(proc, rnd.choice([signal.SIGINT, signal.SIGTERM]))
                time.sleep(rnd.uniform(0.3, 1.0))
                proc = start(work)
            if proc.poll() is not None:
                proc = start(work)
            time.sleep(rnd.uniform(0.0, 0.05))
    finally:
        if proc:
            daemon.stop(proc)
        backend.shutdown()
    return log


HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: (.*)$")
P = r"/\S*"        # a path
U = r"\S*"         # a URI as the client sent it
T = r"tcp:[\d.]+:\d+"  # a back end
# request.c's http_request_header_line_invalid() and the request-line checks log a constant their
# caller passes (`log_error(..., "%s", msg)` at one call site): an event per message.
BAD_REQUEST = ["invalid header missing ':' -> 400", "GET/HEAD with content-length -> 400",
               "POST-request, but content-length missing -> 411", "invalid Content-Length header -> 400",
               "HTTP/1.1 but Host missing -> 400", "duplicate Host header -> 400", "Invalid Hostname -> 400",
               "invalid request-line -> sending Status 400", "invalid character in URI -> 400",
               "unknown transfer-encoding -> 501", "invalid request-line -> 400", "unknown protocol -> 400",
               "invalid header key -> 400", "invalid header value -> 400", "WS character in key -> 400",
               "unknown HTTP-method -> 501", "incomplete request-line -> 400",
               "Transfer-Encoding: chunked with Content-Length -> 400", "invalid request line (too short) -> 400",
               "unknown HTTP version -> 505"]
CALLS = [
    # server.c: start, signals, connection limit, stop
    ("server.c.1704", "server started (lighttpd/<*>)", r"server started \(lighttpd/1\.4\.69\)"),
    ("server.c.2078", "server stopped by UID = <*> PID = <*>", r"server stopped by UID = \d+ PID = \d+"),
    ("server.c.1057", "[note] graceful shutdown started", r"\[note\] graceful shutdown started"),
    ("server.c.1081", "[note] sockets enabled again", r"\[note\] sockets enabled again"),
    ("server.c.1089", "[note] sockets disabled, connection limit reached", r"\[note\] sockets disabled, connection limit reached"),
    ("server.c.1848", "logfiles cycled UID = <*> PID = <*>", r"logfiles cycled UID = \d+ PID = \d+"),
    # request.c: the request's header, logged on a bad request (one call for every line)
    ("request.c.1344", "rqst: <*>", r"rqst: .*"),
    # response.c: request too large; debug.log-file-not-found; debug.log-request-handling
    ("response.c.377", "request-size too long: <*> -> 413", r"request-size too long: \d+ -> 413"),
    ("response.c.203", "-- <*>: <*>", r"-- .*: [\w ]+"),
    ("response.c.206", "Path         : <*>", rf"Path         : {P}"),
    ("response.c.208", "URI          : <*>", rf"URI          : {U}"),
    ("response.c.420", "-- parsed Request-URI", r"-- parsed Request-URI"),
    ("response.c.422", "Request-URI     : <*>", rf"Request-URI     : {U}"),
    ("response.c.424", "URI-scheme      : <*>", r"URI-scheme      : \w+"),
    ("response.c.426", "URI-authority   : <*>", r"URI-authority   : \S*"),
    ("response.c.428", "URI-path (clean): <*>", rf"URI-path \(clean\): {U}"),
    ("response.c.430", "URI-query       : <*>", r"URI-query       : \S*"),
    ("response.c.509", "-- logical -> physical", r"-- logical -> physical"),
    ("response.c.511", "Doc-Root     : <*>", rf"Doc-Root     : {P}"),
    ("response.c.513", "Basedir      : <*>", rf"Basedir      : {P}"),
    ("response.c.515", "Rel-Path     : <*>", rf"Rel-Path     : {P}"),
    ("response.c.517", "Path         : <*>", rf"Path         : {P}"),
    ("response.c.536", "-- handling subrequest", r"-- handling subrequest"),
    ("response.c.538", "Path         : <*>", rf"Path         : {P}"),
    ("response.c.540", "URI          : <*>", rf"URI          : {U}"),
    ("response.c.542", "Pathinfo     : <*>", r"Pathinfo     : \S*"),
    ("mod_indexfile.c.151", "-- handling the request as Indexfile", r"-- handling the request as Indexfile"),
    ("mod_indexfile.c.153", "URI          : <*>", rf"URI          : {U}"),
    # http-header-glue.c, gw_backend.c: the proxy's back ends
    ("http-header-glue.c.1341", "read() <*> <*>: <*>", r"read\(\) \d+ \d+: .*"),
    ("gw_backend.c.274", "establishing connection failed: socket: <*>: <*>", rf"establishing connection failed: socket: {T}: .*"),
    ("gw_backend.c.351", "gw-server re-enabled: <*> <*> <*> <*>", rf"gw-server re-enabled: {T} [\d.]+ \d+ \S*"),
    ("gw_backend.c.960", "all handlers for <*>? on <*> are down.", rf"all handlers for {U}\?\S* on \S* are down\."),
    ("gw_backend.c.2389", "response not received, request sent: <*> on socket: <*> for <*>?<*>, closing connection",
     rf"response not received, request sent: \d+ on socket: {T} for {U}\?\S*, closing connection"),
    # mod_auth.c, mod_cgi.c, mod_openssl.c
    ("mod_auth.c.850", "password doesn't match for <*> username: <*> IP: <*>", r"password doesn't match for \S+ username: .* IP: [\d.]+"),
    ("mod_auth.c.798", "decoding base64-string failed <*>", r"decoding base64-string failed .*"),
    ("mod_auth.c.805", "missing ':' in <*>", r"missing ':' in .*"),
    ("mod_cgi.c.1227", "CGI pid <*> died with signal <*>", r"CGI pid \d+ died with signal \d+"),
    ("mod_openssl.c.3275", "SSL: <*> error:<*>:<*> (<*>)", r"SSL: \d+ error:\w+:.* \([\d.]+\)"),
]
EVENTS = (
    [(f"L{i}", f"({site}) {template}", rf"\({re.escape(site)}\) {pattern}") for i, (site, template, pattern) in enumerate(CALLS, 1)]
    + [(f"B{i}", f"(request.c.317) {msg}", rf"\(request\.c\.317\) {re.escape(msg)}") for i, msg in enumerate(BAD_REQUEST, 1)])

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload, readable=True)
