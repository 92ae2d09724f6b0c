"""Makes bench/data/apache2: the error log of a real Apache httpd 2.4 (Debian's `apache2`, event MPM)
in its default `ErrorLogFormat` (`[Mon Dec 07 23:50:01.123456 2026] [core:info] [pid 1234:tid 5678]
[client 127.0.0.1:40000] AH00128: File does not exist: /srv/www/missing.html`: the time, the module and
level, the process and thread, then the message; a message about a connection or a request starts with
the client's address in brackets), `LogLevel info`, from a private configuration on 127.0.0.1: static
files, a directory without an index, a directory denied by `Require`, HTTP Basic authentication on
`/admin/` (an `htpasswd` file the script makes), `/api/` proxied to a seeded back end of the script
(answers, fails, is slow past `ProxyTimeout`, resets the connection) and `/old-api/` to a port where
nothing listens, CGI scripts run by mod_cgid (that answer, fail, write to stderr, print no header,
hang past `CGIDScriptTimeout`, are missing), a redirect loop (`RewriteRule` to itself), `/server-status`,
a TLS port (mod_ssl) with a certificate the script makes, mod_reqtimeout's limits. A seeded workload
drives it: requests for files and missing files, the protected pages with the right, a wrong or no
password and unknown users, the API, the CGI scripts, TLS clients, plain HTTP and garbage on the TLS
port, malformed requests (bad request lines, invalid URIs, headers without a colon, header lines over
`LimitRequestFieldSize`, bodies over `LimitRequestBody`), clients idle past the header timeout, graceful
restarts (SIGUSR1), restarts (SIGHUP), graceful stops (SIGWINCH) and stops (SIGTERM).

Run as root from anywhere: python3 bench/data/apache2/generate.py   (needs apt-get install apache2
apache2-utils openssl; httpd's children run as `nobody` from a private folder; the raw log is kept in
the temporary folder as oats-apache2-raw.log until it is labelled, and `generate.py --raw FILE` labels
such a log again without running anything).

Ground truth: labelled by hand, a regex per `ap_log_error()`/`ap_log_cerror()`/`ap_log_rerror()` call of
httpd 2.4 (every call of 2.4 carries its own `APLOGNO` number, `AHnnnnn`, printed before the message),
written from the messages of the run and checked against the format strings in the binaries (`strings`
of `/usr/sbin/apache2` and `/usr/lib/apache2/modules/mod_*.so`). The header is the time, `[module:level]`
and `[pid:tid]`; the client's address in brackets (`[client %s]`, added by `ap_log_cerror`/`rerror`) is
a variable of the event; where a call prints a string the caller passes in (an OpenSSL error's text, an
errno's text after the message, `: %pm`), that text is a variable; a line a CGI script writes to stderr
is one event, `AH01215: <*>: <*>`, whatever it says.
"""
import os
import random
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT, TLS, BACKEND, DEAD = 38080, 38443, 38081, 38089
rnd = random.Random(71)
USERS = {"alice": "s3cret-a", "bob": "s3cret-b", "ops": "s3cret-o"}


class Backend(daemon.Origin):
    def do_GET(self):
        if "/slow" in self.path:
            time.sleep(4)
        if "/reset" in self.path:
            self.reset()
            return
        if "/garbage" in self.path:
            self.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
            return
        self.reply(500 if "/fail" in self.path else 200)

    do_POST = do_GET


CGI = {
    "hello.cgi": "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nhello\\n'\n",
    "warn.cgi": "#!/bin/sh\necho \"warn: cache miss for key k$$\" >&2\nprintf 'Content-Type: text/plain\\r\\n\\r\\nok\\n'\n",
    "fail.cgi": "#!/bin/sh\necho 'fatal: database is locked' >&2\nexit 3\n",
    "noheader.cgi": "#!/bin/sh\necho 'just some text'\n",
    "hang.cgi": "#!/bin/sh\nsleep 30\n",
    "crash.cgi": "#!/bin/sh\nkill -SEGV $$\n",
    "python.cgi": "#!/usr/bin/python3\nimport sys\nprint('Traceback (most recent call last):', file=sys.stderr)\n"
                  "print('ValueError: bad id', file=sys.stderr)\nprint('Status: 500\\r\\nContent-Type: text/plain\\r\\n\\r\\nerr')\n",
}


def config(work, variant=0):
    mods = ["mpm_event", "authz_core", "authz_host", "authz_user", "authn_core", "authn_file", "auth_basic",
            "alias", "dir", "autoindex", "mime", "cgid", "proxy", "proxy_http", "ssl", "socache_shmcb", "status",
            "rewrite", "reqtimeout", "headers", "setenvif"]
    loads = "\n".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so" for m in mods)
    return f"""ServerRoot {work}
ServerName localhost
{loads}
Listen 127.0.0.1:{PORT}
Listen 127.0.0.1:{TLS}
User nobody
Group nogroup
PidFile {work}/httpd.pid
DefaultRuntimeDir {work}/run
Mutex file:{work}/run default
ScriptSock {work}/run/cgisock
CGIDScriptTimeout 3
ErrorLog {work}/error.log
LogLevel info
TypesConfig /etc/mime.types
Timeout 8
ProxyTimeout 2
KeepAlive On
MaxKeepAliveRequests {20 + variant}
StartServers 2
ServerLimit 4
ThreadsPerChild 8
MaxRequestWorkers 32
LimitRequestFieldSize 2048
LimitRequestLine 2048
LimitRequestBody 4096
RequestReadTimeout header=3-6,MinRate=500 body=5,MinRate=500
DocumentRoot {work}/www
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory {work}/www>
  Options FollowSymLinks
  Require all granted
  DirectoryIndex index.html
</Directory>
<Directory {work}/www/files>
  Options Indexes
</Directory>
<Directory {work}/www/private>
  Require ip 10.0.0.0/8
</Directory>
<Directory {work}/www/admin>
  AuthType Basic
  AuthName "admin area"
  AuthUserFile {work}/htpasswd
  Require valid-user
</Directory>
ScriptAlias /cgi-bin/ {work}/cgi/
<Directory {work}/cgi>
  Options ExecCGI
  Require all granted
</Directory>
ProxyPass /api/ http://127.0.0.1:{BACKEND}/
ProxyPass /old-api/ http://127.0.0.1:{DEAD}/ retry=5
<Directory {work}/www/loop>
  RewriteEngine On
  RewriteRule ^(.*)$ /loop/$1 [L]
</Directory>
<Location /server-status>
  SetHandler server-status
  Require ip 127.0.0.1
</Location>
<VirtualHost 127.0.0.1:{TLS}>
  ServerName tls.localhost
  SSLEngine on
  SSLCertificateFile {work}/cert.pem
  SSLCertificateKeyFile {work}/key.pem
</VirtualHost>
SSLSessionCache shmcb:{work}/run/ssl_gcache(512000)
"""


def setup(work):
    for d in ("www/files", "www/private", "www/admin", "www/empty", "www/loop", "cgi", "run", "logs"):
        os.makedirs(f"{work}/{d}", exist_ok=True)
    os.chmod(f"{work}/run", 0o777)
    for i in range(1, 9):
        with open(f"{work}/www/files/report-{i}.txt", "w") as f:
            f.write("x" * (100 * i))
    for p in ("www/index.html", "www/admin/index.html", "www/private/index.html", "www/style.css"):
        with open(f"{work}/{p}", "w") as f:
            f.write("<html>ok</html>\n")
    for name, text in CGI.items():
        with open(f"{work}/cgi/{name}", "w") as f:
            f.write(text)
        os.chmod(f"{work}/cgi/{name}", 0o755)
    with open(f"{work}/cgi/notexec.cgi", "w") as f:
        f.write("#!/bin/sh\necho hi\n")
    os.chmod(f"{work}/cgi/notexec.cgi", 0o644)
    for i, (u, p) in enumerate(USERS.items()):
        subprocess.run(["htpasswd", "-b" + ("c" if i == 0 else ""), f"{work}/htpasswd", u, p],
                       check=True, capture_output=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=tls.localhost",
                    "-keyout", f"{work}/key.pem", "-out", f"{work}/cert.pem"], check=True, capture_output=True)
    write_config(work)


def write_config(work, variant=0):
    with open(f"{work}/httpd.conf", "w") as f:
        f.write(config(work, variant))


def start(work):
    env = dict(os.environ, APACHE_RUN_DIR=f"{work}/run", APACHE_LOG_DIR=f"{work}/logs", APACHE_LOCK_DIR=f"{work}/run")
    proc = subprocess.Popen(["/usr/sbin/apache2", "-f", f"{work}/httpd.conf", "-DFOREGROUND"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT)
    daemon.wait_port(TLS)
    return proc


def raw(data, port=PORT, linger=0.0, read=True):
    daemon.send(port, data, linger=linger, read_all=read, timeout=8)


def request(path, method="GET", headers=None, body=b"", port=PORT):
    h = {"Host": "localhost", "User-Agent": "oats-bench/1.0", **(headers or {})}
    if body:
        h["Content-Length"] = str(len(body))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items()) + "Connection: close\r\n\r\n"
    raw(head.encode() + body, port=port)


def basic(user, password):
    import base64
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def client():
    r = rnd.random()
    if r < 0.12:
        request(rnd.choice(["/", "/style.css", "/files/", f"/files/report-{rnd.randint(1, 8)}.txt"]))
    elif r < 0.24:
        request(rnd.choice(["/missing.html", f"/img/logo-{rnd.randint(1, 99)}.png", "/favicon.ico", "/wp-login.php",
                            f"/files/report-{rnd.randint(10, 99)}.txt", "/.env", "/robots.txt"]))
    elif r < 0.29:
        request(rnd.choice(["/empty/", "/private/", "/private/index.html", "/httpd.conf"]))
    elif r < 0.40:
        k = rnd.random()
        if k < 0.3:
            u = rnd.choice(list(USERS))
            request("/admin/", headers=basic(u, USERS[u]))
        elif k < 0.6:
            request("/admin/", headers=basic(rnd.choice(list(USERS)), "wrong" + str(rnd.randint(1, 99))))
        elif k < 0.8:
            request("/admin/", headers=basic(rnd.choice(["mallory", "root", "guest", "test"]), "pw"))
        elif k < 0.9:
            request("/admin/")
        else:
            request("/admin/", headers={"Authorization": "Digest username=\"alice\""})
    elif r < 0.52:
        request(rnd.choice(["/api/orders", "/api/fail", "/api/slow", "/api/reset", "/api/garbage", "/old-api/v1/items",
                            "/api/orders/" + str(rnd.randint(1, 500))]))
    elif r < 0.64:
        request("/cgi-bin/" + rnd.choice(list(CGI) + ["notexec.cgi", "gone.cgi"]))
    elif r < 0.68:
        request("/loop/" + rnd.choice(["a", "b", "c"]))
    elif r < 0.71:
        request("/server-status?auto")
    elif r < 0.88:
        k = rnd.randrange(9)
        if k == 0:
            raw(b"GET\r\n\r\n")
        elif k == 1:
            raw(b"GET /../../etc/passwd HTTP/1.1\r\nHost: localhost\r\n\r\n")
        elif k == 2:
            raw(b"GET /ok HTTP/1.1\r\nHost: localhost\r\nBadHeaderWithoutColon\r\n\r\n")
        elif k == 3:
            raw(b"GET /ok HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 3000 + b"\r\n\r\n")
        elif k == 4:
            request("/api/orders", method="POST", body=b"x" * 5000)
        elif k == 5:
            raw(b"GET /" + b"b" * 3000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
        elif k == 6:
            raw(b"GET http://%zz/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
        elif k == 7:
            raw(b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(rnd.randrange(256) for _ in range(40)))
        else:
            raw(b"GET / HTTP/1.1\r\nHost: localhost\r\n", linger=7.5, read=False)
    else:
        tls_client()


def tls_client():
    k = rnd.random()
    if k < 0.6:
        daemon.send_tls(TLS, lambda: b"GET /" + rnd.choice([b"", b"nope.html", b"files/"]) + b" HTTP/1.1\r\nHost: tls.localhost\r\nConnection: close\r\n\r\n",
                        lambda: rnd.choice(["tls.localhost", "other.test"]))
    elif k < 0.8:
        raw(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", port=TLS)
    else:
        raw(b"garbage\r\n" * 3, port=TLS)


def workload(work):
    setup(work)
    daemon.serve_http(Backend, BACKEND)
    log = f"{work}/error.log"
    proc = start(work)
    for turn in daemon.rounds(log, 2600, rnd, (15, 40), client):
        ev = rnd.random()
        if ev < 0.25:
            write_config(work, turn % 3)
            os.kill(proc.pid, signal.SIGUSR1)
            time.sleep(2)
        elif ev < 0.35:
            os.kill(proc.pid, signal.SIGHUP)
            time.sleep(2)
        elif ev < 0.45:
            daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGWINCH]))
            time.sleep(1)
            proc = start(work)
        daemon.wait_port(PORT)
    daemon.stop(proc)
    return log


HEADER = re.compile(r"^\[\w{3} \w{3} \d\d \d\d:\d\d:\d\d\.\d{6} \d{4}\] \[\w+:\w+\] \[pid \d+(?::tid \d+)?\] (.*)$")

P = r"/\S*"  # a path
A = r"[\d.]+:\d+"  # an address and port
S = r"\S+:\d+"  # a server's name and port
# (APLOGNO, the message after it as a template, as a regex)
CALLS = [
    # mod_ssl: start-up (ssl_engine_init.c) and connections (ssl_engine_io.c, ssl_engine_kernel.c)
    ("AH01882", "Init: this version of mod_ssl was compiled against a newer library (<*>, version currently loaded is <*>) - may result in undefined or erroneous behavior",
     r"Init: this version of mod_ssl was compiled against a newer library \(.*, version currently loaded is 0x[0-9a-f]+\) - may result in undefined or erroneous behavior"),
    ("AH01883", "Init: Initialized <*> library", r"Init: Initialized \S+ library"),
    ("AH01887", "Init: Initializing (virtual) servers for SSL", r"Init: Initializing \(virtual\) servers for SSL"),
    ("AH01914", "Configuring server <*> for SSL protocol", rf"Configuring server {S} for SSL protocol"),
    ("AH01906", "<*> server certificate is a CA certificate (BasicConstraints: CA == TRUE !?)",
     r"\S+ server certificate is a CA certificate \(BasicConstraints: CA == TRUE !\?\)"),
    ("AH02568", "Certificate and private key <*> configured from <*> and <*>", rf"Certificate and private key \S+ configured from {P} and {P}"),
    ("AH01876", "<*> compiled against Server: <*>, Library: <*>", r"mod_ssl/[\d.]+ compiled against Server: \S+, Library: \S+"),
    ("AH01964", "Connection to child <*> established (server <*>)", rf"Connection to child \d+ established \(server {S}\)"),
    ("AH02006", "SSL handshake stopped: connection was closed", r"SSL handshake stopped: connection was closed"),
    ("AH01998", "Connection closed to child <*> with abortive shutdown (server <*>)",
     rf"Connection closed to child \d+ with abortive shutdown \(server {S}\)"),
    ("AH01996", "SSL handshake failed: HTTP spoken on HTTPS port; trying to send HTML error page",
     r"SSL handshake failed: HTTP spoken on HTTPS port; trying to send HTML error page"),
    ("AH02008", "SSL library error <*> in handshake (server <*>)", rf"SSL library error \d+ in handshake \(server {S}\)"),
    # mod_socache_shmcb, the event MPM, core (log.c, main.c, mpm_common.c, mpm_unix.c)
    ("AH00830", "Shared memory socache initialised", r"Shared memory socache initialised"),
    ("AH00489", "<*> configured -- resuming normal operations", r"Apache/.* configured -- resuming normal operations"),
    ("AH00490", "Server built: <*>", r"Server built: \S+"),
    ("AH00094", "Command line: '<*>'", r"Command line: '.*'"),
    ("AH10159", "server is within MinSpareThreads of MaxRequestWorkers, consider raising the MaxRequestWorkers setting",
     r"server is within MinSpareThreads of MaxRequestWorkers, consider raising the MaxRequestWorkers setting"),
    ("AH03490", "scoreboard is full, not at MaxRequestWorkers.Increase ServerLimit.",
     r"scoreboard is full, not at MaxRequestWorkers\.Increase ServerLimit\."),
    ("AH00493", "SIGUSR1 received.  Doing graceful restart", r"SIGUSR1 received\.  Doing graceful restart"),
    ("AH00494", "SIGHUP received.  Attempting to restart", r"SIGHUP received\.  Attempting to restart"),
    ("AH00491", "caught SIGTERM, shutting down", r"caught SIGTERM, shutting down"),
    ("AH00492", "caught SIGWINCH, shutting down gracefully", r"caught SIGWINCH, shutting down gracefully"),
    ("AH00096", "removed PID file <*> (pid=<*>)", rf"removed PID file {P} \(pid=\d+\)"),
    # core: requests (protocol.c, request.c, core.c, http_request.c), mod_reqtimeout, mod_dir, mod_authz_core
    ("AH00561", "Request header exceeds LimitRequestFieldSize: <*>", r"Request header exceeds LimitRequestFieldSize: .*"),
    ("AH00565", "request failed: client's request-line exceeds LimitRequestLine (longer than <*>)",
     r"request failed: client's request-line exceeds LimitRequestLine \(longer than \d+\)"),
    ("AH10244", "invalid URI path (<*>)", r"invalid URI path \(.*\)"),
    ("AH00124", "Request exceeded the limit of <*> internal redirects due to probable configuration error. Use 'LimitInternalRecursion' to increase the limit if necessary. Use 'LogLevel debug' to get a backtrace.",
     r"Request exceeded the limit of \d+ internal redirects due to probable configuration error\. Use 'LimitInternalRecursion' to increase the limit if necessary\. Use 'LogLevel debug' to get a backtrace\."),
    ("AH00128", "File does not exist: <*>", rf"File does not exist: {P}"),
    ("AH01382", "Request header read timeout", r"Request header read timeout"),
    ("AH01276", "Cannot serve directory <*>: No matching DirectoryIndex (<*>) found, and server-generated directory index forbidden by Options directive",
     rf"Cannot serve directory {P}: No matching DirectoryIndex \(.*\) found, and server-generated directory index forbidden by Options directive"),
    ("AH01630", "client denied by server configuration: <*>", rf"client denied by server configuration: {P}"),
    # mod_auth_basic
    ("AH01618", "user <*> not found: <*>", rf"user \S+ not found: {P}"),
    ("AH01617", "user <*>: authentication failure for \"<*>\": Password Mismatch", rf"user \S+: authentication failure for \"{P}\": Password Mismatch"),
    ("AH01614", "client used wrong authentication scheme: <*>", rf"client used wrong authentication scheme: {P}"),
    # mod_proxy, mod_proxy_http
    ("AH00957", "<*>: attempt to connect to <*> (<*>) failed", rf"\S+: attempt to connect to {A} \({A}\) failed"),
    ("AH01114", "HTTP: failed to make connection to backend: <*>", r"HTTP: failed to make connection to backend: \S+"),
    ("AH01102", "error reading status line from remote server <*>", rf"error reading status line from remote server {A}"),
    ("AH00898", "Error reading from remote server returned by <*>", rf"Error reading from remote server returned by {P}"),
    # mod_cgid
    ("AH01241", "exec of '<*>' failed", rf"exec of '{P}' failed"),
    ("AH01264", "stderr from <*>: script not found or unable to stat", rf"stderr from {P}: script not found or unable to stat"),
]
# The prefixes ap_log_*error() prints before a message: the status's text when the call passes one
# (`(111)Connection refused: `), the client's address for a connection or a request.
STATUS = r"(?:\((?:os 0x[0-9a-f]+|-?\d+)\)[^:]*: )?"
CLIENT = r"(?:\[client [\d.]+:\d+\] )?"
# Calls of mod_cgid and mod_ssl that print no APLOGNO, and the lines the CGI scripts write to their
# stderr, which mod_cgid's daemon copies to the error log as they are.
BARE = [
    ("C1", "[client <*>] End of script output before headers: <*>", rf"{CLIENT}End of script output before headers: \S+"),
    ("C2", "[client <*>] Script timed out before returning headers: <*>", rf"{CLIENT}Script timed out before returning headers: \S+"),
    ("C3", "[client <*>] malformed header from script '<*>': Bad header: <*>", rf"{CLIENT}malformed header from script '\S+': Bad header: .*"),
    ("S1", "SSL Library Error: <*>", r"SSL Library Error: .*"),
    ("E1", "fatal: database is locked", r"fatal: database is locked"),
    ("E2", "warn: cache miss for key <*>", r"warn: cache miss for key \w+"),
    ("E3", "Traceback (most recent call last):", r"Traceback \(most recent call last\):"),
    ("E4", "ValueError: bad id", r"ValueError: bad id"),
]
EVENTS = (
    [(code, f"{code}: {template}", rf"{STATUS}{CLIENT}{code}: {pattern}") for code, template, pattern in CALLS] + BARE)

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload, readable=True)
