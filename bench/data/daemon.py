"""Shared by the generators in bench/data that run a real server (from issue 15's eighth round on):
waiting for a port, stopping a process, counting a log's lines, sending raw bytes to a port (in clear or TLS), reading
a logfmt line, serving HTTP as an origin server, a workload's rounds.
"""
import http.server
import signal
import socket
import ssl
import subprocess
import threading
import time


def wait_port(port, host="127.0.0.1", timeout=60):
    """Returns once something accepts connections on host:port; raises after timeout seconds."""
    deadline = time.time() + timeout
    while True:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            if time.time() > deadline:
                raise RuntimeError(f"nothing listens on {host}:{port} after {timeout} s")
            time.sleep(0.3)


def stop(proc, sig=signal.SIGTERM, timeout=60):
    """Sends sig and waits for the process; kills it if it outlives timeout seconds."""
    if proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def lines_in(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def rounds(log, lines, rnd, batch, client):
    """A workload's rounds: while the log at path log has fewer than `lines` lines, calls client()
    rnd.randint(*batch) times, then yields the round's number (from 1) for the caller to do the
    round's own event (a reload, a restart...). Draws from rnd in the same order as the loop it
    replaced in each generator, so a seeded workload is unchanged."""
    n = 0
    while lines_in(log) < lines:
        for _ in range(rnd.randint(*batch)):
            client()
        n += 1
        yield n


def send(port, data, host="127.0.0.1", read_first=False, linger=0.2, timeout=5, source=None, read_all=False):
    """Connects (from the address source, if given), optionally reads the server's greeting, sends
    data, waits linger seconds (or, with read_all, reads until the server closes), closes."""
    try:
        s = socket.create_connection((host, port), timeout=timeout,
                                     source_address=(source, 0) if source else None)
        if read_first:
            s.recv(4096)
        if data:
            s.sendall(data)
        if read_all:
            while s.recv(65536):
                pass
        else:
            time.sleep(linger)
        s.close()
    except OSError:
        pass


def send_tls(port, data, server_hostname, host="127.0.0.1", timeout=5, source=None):
    """Connects (from the address source, if given) over TLS without checking the server's
    certificate, sends data, reads until the server closes, closes; a failure is ignored, as send's.
    server_hostname and data may be functions, called once the connection (for data, the handshake)
    is made: a seeded draw among them is made only then, as in the code this replaced."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout,
                                      source_address=(source, 0) if source else None) as s:
            name = server_hostname() if callable(server_hostname) else server_hostname
            with ctx.wrap_socket(s, server_hostname=name) as t:
                t.sendall(data() if callable(data) else data)
                while t.recv(65536):
                    pass
    except OSError:
        pass


def read_lines(raw_log):
    """The non-empty lines of a raw log, without their line ends."""
    with open(raw_log, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def logfmt(line):
    """The key-value pairs of a logfmt line (logrus's text format, go-kit's), in order; a quoted
    value keeps its backslash escapes."""
    pairs, i, n = [], 0, len(line)
    while i < n:
        while i < n and line[i] == " ":
            i += 1
        k = i
        while i < n and line[i] not in "= ":
            i += 1
        key = line[k:i]
        value = ""
        if i < n and line[i] == "=":
            i += 1
            if i < n and line[i] == '"':
                j = i + 1
                while j < n and line[j] != '"':
                    j += 2 if line[j] == "\\" else 1
                value = line[i + 1:j]
                i = j + 1
            else:
                v = i
                while i < n and line[i] != " ":
                    i += 1
                value = line[v:i]
        if key:
            pairs.append((key, value))
    return pairs


class Origin(http.server.BaseHTTPRequestHandler):
    """A quiet origin server's handler for serve_http: HTTP/1.0, no access log on stderr, a client
    that goes away mid-request ignored; reset() drops the connection with a TCP reset, reply()
    answers with a body (a small JSON one unless told)."""
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except OSError:
            pass

    def reset(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        self.connection.close()

    def reply(self, code, body=b'{"ok": true}', content_type="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_http(handler, port, host="127.0.0.1"):
    """Starts a threading HTTP server with handler (a BaseHTTPRequestHandler class) on host:port in
    a daemon thread; returns the server (shutdown() stops it)."""
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
