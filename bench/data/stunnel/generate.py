"""Makes bench/data/stunnel: the output of a real stunnel 5.68 TLS proxy (Debian's `stunnel4`) in the
foreground at `debug = 6` (info), as a container shows it (`2026.12.07 18:08:01 LOG5[3]: Service [https]
accepted connection from 127.0.0.1:47416`: the time, the level, the thread's id in brackets, a number
per connection or `ui`, `cron`, then the message), from a private configuration on 127.0.0.1 with five
services: `https` (TLS in front of a local origin server, an idle timeout of 3 s), `down` (its back end
never listens), `mtls` (client certificates checked against a private CA the script makes), `legacy`
(TLS 1.2 at most, one cipher) and `out` (client mode: plain text in, TLS to `https`, the peer's name
checked). A seeded workload drives it: TLS clients that make requests, present a certificate of the CA,
another CA's or none, speak TLS 1.3 only to `legacy` or TLS 1.2, send plain HTTP or garbage to a TLS
port, close at once, stay idle past the timeout; plain clients through `out`; clients of the `down`
service; the configuration rewritten (services added and removed, a missing certificate, an unknown
option) and reloaded with SIGHUP; SIGUSR1; restarts by SIGTERM and SIGINT.

Run as root or not, from anywhere: python3 bench/data/stunnel/generate.py   (needs apt-get install stunnel4
openssl; stunnel runs from a private folder; the raw log is kept in the temporary folder as
oats-stunnel-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again without
running anything).

Ground truth: labelled by hand, a regex per `s_log()` call of stunnel 5.68 (`src/*.c`; the binary's
strings hold the same format strings), written from the messages of the run. The time, the level and
the thread's id are the header, not part of the event. A service's name (`Service [%s] accepted
connection from %s`), a file's name, an address, OpenSSL's texts (an error's, a protocol's, a
cipher's, a state's) are variables; a constant a caller passes into a shared format (`Loading %s`
... `certificate`/`private key`, the directions of `%s closed (%s)`) an event each.
"""
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
import http.server

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HTTPS, OUT, DOWN, MTLS, LEGACY, EXTRA, ORIGIN, NOWHERE = 24430, 24431, 24432, 24433, 24434, 24435, 24480, 24481
rnd = random.Random(29)


class Origin(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except OSError:  # stunnel reset the connection: nothing to answer
            pass

    def do_GET(self):
        if "/slow" in self.path:
            time.sleep(4)
        body = b"ok " * (len(self.path) * 13 % 300 + 1)
        self.send_response(404 if "/missing" in self.path else 200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def certificates(work):
    """A CA, a server and a client certificate it signs, and a client certificate of another CA."""
    for ca in ("ca", "rogue"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{work}/{ca}.key", "-out", f"{work}/{ca}.pem",
                "-days", "30", "-subj", f"/CN=OATS {ca} CA")
    for name, ca, cn in (("server", "ca", "localhost"), ("client", "ca", "billing-worker"), ("stranger", "rogue", "intruder")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{work}/{name}.key", "-out", f"{work}/{name}.csr",
                "-subj", f"/CN={cn}")
        openssl("x509", "-req", "-in", f"{work}/{name}.csr", "-CA", f"{work}/{ca}.pem", "-CAkey", f"{work}/{ca}.key",
                "-CAcreateserial", "-days", "30", "-out", f"{work}/{name}.pem")


def config(work, variant=None):
    v = variant or {}
    tls = [f"cert = {work}/{'nosuch' if v.get('nocert') else 'server'}.pem", f"key = {work}/server.key"]
    sections = [
        ["foreground = yes", "debug = 6", f"pid = {work}/stunnel.pid"],
        ["[https]", f"accept = 127.0.0.1:{HTTPS}", f"connect = 127.0.0.1:{ORIGIN}", "TIMEOUTidle = 3", *tls],
        ["[down]", f"accept = 127.0.0.1:{DOWN}", f"connect = 127.0.0.1:{NOWHERE}", *tls],
        ["[mtls]", f"accept = 127.0.0.1:{MTLS}", f"connect = 127.0.0.1:{ORIGIN}", "verifyChain = yes", f"CAfile = {work}/ca.pem", *tls],
        ["[legacy]", f"accept = 127.0.0.1:{LEGACY}", f"connect = 127.0.0.1:{ORIGIN}", "sslVersionMax = TLSv1.2",
         "ciphers = ECDHE-RSA-AES128-GCM-SHA256", *tls],
        ["[out]", "client = yes", f"accept = 127.0.0.1:{OUT}", f"connect = 127.0.0.1:{HTTPS}", "verifyChain = yes",
         f"CAfile = {work}/ca.pem", f"checkHost = {'localhost' if not v.get('wronghost') else 'api.internal'}"],
    ]
    if v.get("extra"):
        sections.append(["[metrics]", f"accept = 127.0.0.1:{EXTRA}", f"connect = 127.0.0.1:{ORIGIN}", *tls])
    if v.get("nolegacy"):
        sections = [s for s in sections if s[0] != "[legacy]"]
    if v.get("unknown"):
        sections[1].append(rnd.choice(["sessionTimeout = 300", "verifyPeer = maybe", "TIMEOUTbusy = soon", "renegotiation = sometimes"]))
    with open(f"{work}/stunnel.conf", "w") as f:
        f.write("\n\n".join("\n".join(s) for s in sections) + "\n")
    return f"{work}/stunnel.conf"


def start(work, log):
    proc = subprocess.Popen(["stunnel", f"{work}/stunnel.conf"], stdout=log, stderr=subprocess.STDOUT)
    daemon.wait_port(HTTPS, timeout=30)
    return proc


def tls_client(port, work, cert=None, version=None, request=True, idle=0.0, path=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if version == "1.3":
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    elif version == "1.2":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    if cert:
        ctx.load_cert_chain(f"{work}/{cert}.pem", f"{work}/{cert}.key")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=8) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost") as s:
                if idle:
                    time.sleep(idle)
                if request:
                    s.sendall(f"GET {path or rnd.choice(['/', '/api/orders', '/missing', '/health'])} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
                    while s.recv(65536):
                        pass
    except (OSError, ssl.SSLError):
        pass


def plain(port, data, linger=0.3):
    daemon.send(port, data, linger=linger, timeout=8)


def client(work):
    r = rnd.random()
    if r < 0.30:
        tls_client(HTTPS, work, version=rnd.choice([None, None, "1.2"]))
    elif r < 0.38:
        plain(OUT, b"GET /%s HTTP/1.0\r\nHost: localhost\r\n\r\n" % rnd.choice([b"", b"api/stock", b"missing"]), linger=0.6)
    elif r < 0.48:
        tls_client(MTLS, work, cert=rnd.choice(["client", "client", "stranger", None]))
    elif r < 0.56:
        tls_client(LEGACY, work, version=rnd.choice(["1.3", "1.2", None]))
    elif r < 0.62:
        tls_client(DOWN, work)
    elif r < 0.72:
        plain(rnd.choice([HTTPS, MTLS, LEGACY]), rnd.choice([b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", b"\x00\x01garbage\r\n",
                                                            b"", b"SSH-2.0-OpenSSH_9.2\r\n"]))
    elif r < 0.78:
        tls_client(HTTPS, work, request=False)
    elif r < 0.84:
        threading.Thread(target=tls_client, args=(HTTPS, work), kwargs={"idle": rnd.choice([0.5, 4.5])}).start()
    elif r < 0.88:
        threading.Thread(target=tls_client, args=(HTTPS, work), kwargs={"path": "/slow"}).start()
    elif r < 0.92:
        tls_client(EXTRA, work)
    else:
        tls_client(HTTPS, work, version="1.3")


def workload(work):
    certificates(work)
    origin = daemon.serve_http(Origin, ORIGIN)
    log_path = f"{work}/stunnel.log"
    log = open(log_path, "w")
    config(work)
    proc = start(work, log)
    try:
        while daemon.lines_in(log_path) < 2300:
            r = rnd.random()
            if r < 0.93:
                client(work)
            elif r < 0.975:
                variant = {o: rnd.random() < p for o, p in (("extra", 0.4), ("nolegacy", 0.2), ("unknown", 0.15),
                                                          ("nocert", 0.1), ("wronghost", 0.2))}
                config(work, variant)
                proc.send_signal(signal.SIGHUP)
                time.sleep(0.8)
            elif r < 0.985:
                proc.send_signal(signal.SIGUSR1)
                time.sleep(0.3)
            else:
                daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGINT]))
                time.sleep(rnd.uniform(0.3, 1.0))
                config(work)
                proc = start(work, log)
            if proc.poll() is not None:
                config(work)
                proc = start(work, log)
            time.sleep(rnd.uniform(0.02, 0.15))
    finally:
        daemon.stop(proc)
        origin.shutdown()
        log.close()
    return log_path


A = r"[\d.]+:\d+"     # an address and port
P = r"/\S+"            # a file's path
S = r"[\w-]+"          # a service's name
EVENTS = [
    # stunnel.c, options.c, ctx.c, log.c: start-up, configuration (re)loading, shut-down
    ("G1", "stunnel 5.68 on x86_64-pc-linux-gnu platform", r"stunnel 5\.68 on x86_64-pc-linux-gnu platform"),
    ("G2", "Compiled with OpenSSL <*> <*> <*> <*>", r"Compiled with OpenSSL .*"),
    ("G3", "Running  with OpenSSL <*> <*> <*> <*>", r"Running  with OpenSSL .*"),
    ("G4", "Threading:PTHREAD Sockets:POLL,IPv6,SYSTEMD TLS:ENGINE,OCSP,PSK,SNI Auth:LIBWRAP",
     r"Threading:PTHREAD Sockets:POLL,IPv6,SYSTEMD TLS:ENGINE,OCSP,PSK,SNI Auth:LIBWRAP"),
    ("G5", "Initializing inetd mode configuration", r"Initializing inetd mode configuration"),
    ("G6", "Reading configuration from file <*>", rf"Reading configuration from file {P}"),
    ("G7", "UTF-8 byte order mark not detected", r"UTF-8 byte order mark not detected"),
    ("G8", "FIPS mode disabled", r"FIPS mode disabled"),
    ("G9", "Compression disabled", r"Compression disabled"),
    ("G10", "Initializing service [<*>]", rf"Initializing service \[{S}\]"),
    ("G11", "OpenSSL security level is used: <*>", r"OpenSSL security level is used: \d+"),
    ("G12", "Session resumption enabled", r"Session resumption enabled"),
    ("G13", "Loading certificate from file: <*>", rf"Loading certificate from file: {P}"),
    ("G14", "Certificate loaded from file: <*>", rf"Certificate loaded from file: {P}"),
    ("G15", "Loading private key from file: <*>", rf"Loading private key from file: {P}"),
    ("G16", "Private key loaded from file: <*>", rf"Private key loaded from file: {P}"),
    ("G17", "No trusted certificates found", r"No trusted certificates found"),
    ("G18", "Configured trusted client CA: <*>", r"Configured trusted client CA: .*"),
    ("G19", "Configured trusted server CA: <*>", r"Configured trusted server CA: .*"),
    ("G20", "DH initialization skipped: no DH ciphersuites", r"DH initialization skipped: no DH ciphersuites"),
    ("G21", "DH initialization skipped: client section", r"DH initialization skipped: client section"),
    ("G22", "Configuration successful", r"Configuration successful"),
    ("G23", "Configuration failed", r"Configuration failed"),
    ("G24", "Failed to reload the configuration file", r"Failed to reload the configuration file"),
    ("G25", "Service [<*>] (FD=<*>) bound to <*>", rf"Service \[{S}\] \(FD=\d+\) bound to {A}"),
    ("G26", "Accepting new connections", r"Accepting new connections"),
    ("G27", "Executing cron jobs", r"Executing cron jobs"),
    ("G28", "Cron jobs completed in <*> seconds", r"Cron jobs completed in \d+ seconds"),
    ("G29", "Log file reopened", r"Log file reopened"),
    ("G30", "Received <*>; terminating", r"Received \w+; terminating"),
    ("G31", "Terminated", r"Terminated"),
    ("G32", "Terminating <*> service thread(s)", r"Terminating \d+ service thread\(s\)"),
    ("G33", "Service threads terminated", r"Service threads terminated"),
    ("G34", "Certificate and private key loaded from file: <*>", rf"Certificate and private key loaded from file: {P}"),
    ("G35", "Service [<*>]: Failed to initialize TLS context", rf"Service \[{S}\]: Failed to initialize TLS context"),
    # ssl.c's sslerror(): `%s: %s:%d: %s`, the caller's text (a constant) and OpenSSL's error: an event per caller
    ("E1", "error queue: <*>:<*>: <*>", r"error queue: \S+:\d+: .*"),
    ("E2", "SSL_CTX_use_certificate_chain_file: <*>:<*>: <*>", r"SSL_CTX_use_certificate_chain_file: \S+:\d+: .*"),
    # options.c: a line of the configuration it refuses, `%s:%d: "%s": %s`, an event per message
    ("O1", "<*>:<*>: \"<*>\": Illegal busy timeout", rf'{P}:\d+: "[^"]*": Illegal busy timeout'),
    ("O2", "<*>:<*>: \"<*>\": The argument needs to be either 'yes' or 'no'",
     rf'{P}:\d+: "[^"]*": The argument needs to be either \'yes\' or \'no\''),
    ("O3", "<*>:<*>: \"<*>\": Specified option name is not valid here", rf'{P}:\d+: "[^"]*": Specified option name is not valid here'),
    ("O4", "<*>:<*>: \"<*>\": Illegal session cache timeout", rf'{P}:\d+: "[^"]*": Illegal session cache timeout'),
    # client.c, network.c, verify.c, ssl.c: a connection
    ("C1", "Service [<*>] accepted connection from <*>", rf"Service \[{S}\] accepted connection from {A}"),
    ("C2", "Service [<*>] connected remote server from <*>", rf"Service \[{S}\] connected remote server from {A}"),
    ("C3", "Peer certificate required", r"Peer certificate required"),
    ("C4", "Peer certificate not required", r"Peer certificate not required"),
    ("C5", "No peer certificate received", r"No peer certificate received"),
    ("C6", "Session id: <*>", r"Session id: [0-9A-F]*"),
    ("C7", "TLS accepted: new session negotiated", r"TLS accepted: new session negotiated"),
    ("C8", "TLS accepted: previous session reused", r"TLS accepted: previous session reused"),
    ("C9", "TLS connected: new session negotiated", r"TLS connected: new session negotiated"),
    ("C10", "TLS connected: previous session reused", r"TLS connected: previous session reused"),
    ("C11", "<*> ciphersuite: <*> (<*>-bit encryption)", r"TLSv[\d.]+ ciphersuite: \S+ \(\d+-bit encryption\)"),
    ("C12", "Peer temporary key: <*>, <*> bits", r"Peer temporary key: \w+, \d+ bits"),
    ("C13", "No peer temporary key received", r"No peer temporary key received"),
    ("C14", "Decrypted ticket for an authenticated session: <*>", r"Decrypted ticket for an authenticated session: \w+"),
    ("C15", "SNI: sending servername: <*>", r"SNI: sending servername: \S+"),
    ("C16", "s_connect: connecting <*>", rf"s_connect: connecting {A}"),
    ("C17", "s_connect: connected <*>", rf"s_connect: connected {A}"),
    ("C18", "s_connect: connect <*>: <*> (<*>)", rf"s_connect: connect {A}: .* \(\d+\)"),
    ("C19", "No more addresses to connect", r"No more addresses to connect"),
    ("C20", "persistence: <*> cached", rf"persistence: {A} cached"),
    ("C21", "Read socket closed (read hangup)", r"Read socket closed \(read hangup\)"),
    ("C22", "Read socket closed (readsocket)", r"Read socket closed \(readsocket\)"),
    ("C23", "TLS socket closed (SSL_read)", r"TLS socket closed \(SSL_read\)"),
    ("C24", "TLS closed (SSL_read)", r"TLS closed \(SSL_read\)"),
    ("C25", "SSL_shutdown successfully sent close_notify alert", r"SSL_shutdown successfully sent close_notify alert"),
    ("C26", "Connection closed: <*> byte(s) sent to TLS, <*> byte(s) sent to socket",
     r"Connection closed: \d+ byte\(s\) sent to TLS, \d+ byte\(s\) sent to socket"),
    ("C27", "Connection reset: <*> byte(s) sent to TLS, <*> byte(s) sent to socket",
     r"Connection reset: \d+ byte\(s\) sent to TLS, \d+ byte\(s\) sent to socket"),
    ("C28", "Connection reset/closed: <*> byte(s) sent to TLS, <*> byte(s) sent to socket",
     r"Connection reset/closed: \d+ byte\(s\) sent to TLS, \d+ byte\(s\) sent to socket"),
    ("C29", "socket fd: <*> (<*>)", r"socket fd: .* \(\d+\)"),
    ("C30", "TLS fd: <*> (<*>)", r"TLS fd: .* \(\d+\)"),
    ("C31", "SSL_accept: <*>:<*>: <*>", r"SSL_accept: \S+:\d+: .*"),
    ("C32", "SSL_connect: <*>:<*>: <*>", r"SSL_connect: \S+:\d+: .*"),
    ("C33", "transfer: s_poll_wait: TIMEOUTidle exceeded: sending reset", r"transfer: s_poll_wait: TIMEOUTidle exceeded: sending reset"),
    ("C34", "CERT: Pre-verification error: <*>", r"CERT: Pre-verification error: .*"),
    ("C35", "CERT: No subject checks configured", r"CERT: No subject checks configured"),
    ("C36", "CERT: Host name \"<*>\" matched with \"<*>\"", r'CERT: Host name "[^"]*" matched with "[^"]*"'),
    ("C37", "Certificate accepted at depth=<*>: <*>", r"Certificate accepted at depth=\d+: .*"),
    ("C38", "Rejected by CERT at depth=<*>: <*>", r"Rejected by CERT at depth=\d+: .*"),
    ("C39", "CERT: Subject checks failed", r"CERT: Subject checks failed"),
    ("C40", "TLS socket closed (read hangup)", r"TLS socket closed \(read hangup\)"),
    ("C41", "Write socket closed (write hangup)", r"Write socket closed \(write hangup\)"),
]

HEADER = re.compile(r"^\d{4}\.\d\d\.\d\d \d\d:\d\d:\d\d LOG\d\[[\w]+\]: (.*)$")

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
