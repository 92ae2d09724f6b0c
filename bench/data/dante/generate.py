"""Makes bench/data/dante: the log of a real Dante 1.4.2 SOCKS proxy server (Debian's `dante-server`,
`danted`), `logoutput` to a file in Dante's own format (`Dec  8 02:44:56 (1796697896.928092) danted[1534]:
info: pass(2): tcp/connect [: 127.0.0.1.55743 127.0.0.1.11080 -> 127.0.0.1.51669 127.0.0.1.11090`: the
time, the time again in seconds, the process, the level, the message; a session's messages name the
rule's verdict and number, the protocol and command, an operation (`[` opened, `-` data, `]` closed) and
the addresses of each hop as `address.port`, with byte counts on close), from a private configuration on
127.0.0.1: client rules that pass the local network and block strangers, socks rules that block a port
and pass the rest, with connect, disconnect, error and i/o logging. A seeded workload drives it with raw
SOCKS 4 and 5 clients: CONNECTs to a local origin server that answers (small and large replies), is
slow, closes at once or resets the connection, to closed and blocked ports, to names that do not resolve,
BIND and UDP ASSOCIATE requests (with datagrams relayed), clients that offer no acceptable method, speak
HTTP or TLS to the proxy, close mid-negotiation or say nothing until the negotiation times out, clients
from blocked addresses, SIGHUP reloads and restarts.

Run as root from anywhere: python3 bench/data/dante/generate.py   (needs apt-get install dante-server; the
raw log is kept in the temporary folder as oats-dante-raw.log until it is labelled, and `generate.py --raw
FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per logging call of Dante 1.4.2 (`slog`/`swarn`/`swarnx` in
`sockd/*.c` and `lib/*.c` of Debian's source package), written from the messages of the run and checked
in the source. A session's line is `iolog()`'s `"%s %s%s%s"` (lib/log.c) of the rule's
`"%s(%lu): %s/%s"` (verdict, number, protocol and command: values) and one of its operation formats
(`"[: %s%s%s"`, `"]: %s%s%s"`, `"%c: %s%s%s"`, `"-: %s (%lu)"`), the hops' addresses a value; the text its
caller passes as data (`"%s.  Session duration: %lds"` with `local client closed`, `remote peer closed`,
`remote peer error (%s)`...; `blocked by higher-level %s #%lu`; `error after reading %lu byte%s in %ld
second%s: %s` with the negotiation's error) is part of the event, each of the caller's formats and
constants an event of its own; the error text from the C library's strerror is a value.
"""
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT, ORIGIN, CLOSED = 11080, 11090, 11091
rnd = random.Random(1013)


def config(work, variant=0):
    return f"""logoutput: {work}/danted.log
debug: 0
internal: 127.0.0.1 port = {PORT}
external: 127.0.0.1
clientmethod: none
socksmethod: none
user.privileged: root
user.unprivileged: nobody
timeout.negotiate: {4 + variant}
timeout.io: {6 + variant}
client block {{
  from: 127.0.2.0/24 to: 0.0.0.0/0
  log: connect error
}}
client pass {{
  from: 127.0.0.0/8 to: 0.0.0.0/0
  log: connect disconnect error
}}
socks block {{
  from: 0.0.0.0/0 to: 127.0.0.1/32 port = 22
  log: connect error
}}
socks block {{
  from: 127.0.1.0/24 to: 0.0.0.0/0 port = 25
  log: connect error
}}
socks pass {{
  from: 127.0.0.0/8 to: 0.0.0.0/0
  command: connect bind udpassociate
  log: connect disconnect error iooperation
}}
socks pass {{
  from: 0.0.0.0/0 to: 127.0.0.0/8
  command: udpreply bindreply
  log: connect disconnect error iooperation
}}
"""


class Handler(daemon.Origin):
    def do_GET(self):
        what = self.path.strip("/")
        if what == "slow":
            time.sleep(9)
            self.reply(200)
        elif what == "reset":
            self.reset()
        elif what == "big":
            self.reply(200, b"x" * rnd.choice([20000, 150000]), "application/octet-stream")
        elif what == "missing":
            self.reply(404, b"not here", "text/plain")
        else:
            self.reply(200, b"<html>ok</html>", "text/html")


def write_config(work, variant=0):
    with open(f"{work}/danted.conf", "w") as f:
        f.write(config(work, variant))


def start(work):
    proc = subprocess.Popen(["/usr/sbin/danted", "-f", f"{work}/danted.conf", "-N", "2"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT)
    return proc


def source():
    return rnd.choices(["127.0.0.1", f"127.0.1.{rnd.randint(2, 50)}", f"127.0.2.{rnd.randint(2, 50)}"], [60, 32, 8])[0]


def connect(src):
    return socket.create_connection(("127.0.0.1", PORT), timeout=12, source_address=(src, 0))


def drain(s, limit=400000):
    got = 0
    try:
        while got < limit:
            b = s.recv(65536)
            if not b:
                break
            got += len(b)
    except OSError:
        pass


def socks5_connect(src):
    port = rnd.choices([ORIGIN, CLOSED, 22, 25], [80, 8, 6, 6])[0]
    name = rnd.random() < 0.15
    try:
        s = connect(src)
        s.sendall(b"\x05\x01\x00")
        if s.recv(2)[1:2] != b"\x00":
            s.close()
            return
        if name:
            host = rnd.choice([b"origin.invalid", b"localhost", b"nowhere.oats.test"])
            s.sendall(b"\x05\x01\x00\x03" + bytes([len(host)]) + host + struct.pack(">H", port))
        else:
            s.sendall(b"\x05\x01\x00\x01" + socket.inet_aton("127.0.0.1") + struct.pack(">H", port))
        r = s.recv(10)
        if r[1:2] == b"\x00":
            path = rnd.choices(["/", "/big", "/missing", "/slow", "/reset"], [55, 15, 10, 8, 12])[0]
            s.sendall(f"GET {path} HTTP/1.0\r\nHost: origin\r\n\r\n".encode())
            if rnd.random() < 0.15:
                time.sleep(0.05)
                s.close()
                return
            drain(s)
        s.close()
    except OSError:
        pass


def socks4_connect(src):
    try:
        s = connect(src)
        port = rnd.choice([ORIGIN, ORIGIN, CLOSED])
        s.sendall(b"\x04\x01" + struct.pack(">H", port) + socket.inet_aton("127.0.0.1") + rnd.choice([b"bob", b"", b"ann"]) + b"\x00")
        r = s.recv(8)
        if len(r) > 1 and r[1] == 90:
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            drain(s)
        s.close()
    except OSError:
        pass


def socks5_udp(src):
    try:
        s = connect(src)
        s.sendall(b"\x05\x01\x00")
        s.recv(2)
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind((src, 0))
        s.sendall(b"\x05\x03\x00\x01" + socket.inet_aton(src) + struct.pack(">H", u.getsockname()[1]))
        r = s.recv(10)
        if r[1:2] == b"\x00":
            relay = (socket.inet_ntoa(r[4:8]), struct.unpack(">H", r[8:10])[0])
            echo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            echo.bind(("127.0.0.1", 0))
            for _ in range(rnd.randint(1, 3)):
                u.sendto(b"\x00\x00\x00\x01" + socket.inet_aton("127.0.0.1") + struct.pack(">H", echo.getsockname()[1])
                         + b"ping" * rnd.randint(1, 20), relay)
                time.sleep(0.05)
            if rnd.random() < 0.5:
                echo.settimeout(0.5)
                try:
                    data, addr = echo.recvfrom(2048)
                    echo.sendto(b"pong", addr)
                except OSError:
                    pass
            time.sleep(0.1)
            echo.close()
        u.close()
        s.close()
    except OSError:
        pass


def socks5_bind(src):
    try:
        s = connect(src)
        s.sendall(b"\x05\x01\x00")
        s.recv(2)
        s.sendall(b"\x05\x02\x00\x01" + socket.inet_aton("127.0.0.1") + struct.pack(">H", 0))
        r = s.recv(10)
        if r[1:2] == b"\x00" and rnd.random() < 0.7:
            addr = (socket.inet_ntoa(r[4:8]), struct.unpack(">H", r[8:10])[0])
            if addr[0] == "0.0.0.0":
                addr = ("127.0.0.1", addr[1])
            c = socket.create_connection(addr, timeout=3)
            s.recv(10)
            c.sendall(b"hello from the other side")
            s.recv(100)
            c.close()
        s.close()
    except OSError:
        pass


def junk(src):
    what = rnd.choice(["http", "tls", "methods", "silent", "half", "version"])
    data = {"http": b"GET http://example.test/ HTTP/1.1\r\nHost: example.test\r\n\r\n",
            "tls": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 20,
            "methods": b"\x05\x01" + rnd.choice([b"\x02", b"\x01", b"\x80"]),
            "silent": b"", "half": b"\x05\x01\x00\x05\x01", "version": b"\x06\x01\x00"}[what]
    linger = 6 if what == "silent" and rnd.random() < 0.5 else 0.3
    daemon.send(PORT, data, linger=linger, source=src)


def client():
    src = source()
    rnd.choices([socks5_connect, socks4_connect, socks5_udp, socks5_bind, junk], [60, 10, 8, 6, 16])[0](src)


def workload(work):
    write_config(work)
    server = daemon.serve_http(Handler, ORIGIN)
    log = f"{work}/danted.log"
    proc = start(work)
    for n in daemon.rounds(log, 2500, rnd, (8, 20), lambda: threading.Thread(target=client, daemon=True).start()
                           or time.sleep(rnd.uniform(0.02, 0.15))):
        time.sleep(0.5)
        if n % 8 == 0:
            write_config(work, rnd.randint(0, 2))
            proc.send_signal(signal.SIGHUP)
            time.sleep(1)
        if n % 29 == 0:
            daemon.stop(proc)
            proc = start(work)
    time.sleep(10)
    daemon.stop(proc)
    server.shutdown()
    return log


# iolog()'s "%s %s%s%s" (lib/log.c): the rule's "%s(%lu): %s/%s", then an operation's format; the hops'
# addresses ("%s" built by DO_BUILD: addresses, "->", byte counts) hold no colon.
RULE, RULE_T = r"(?:pass|block)\(\d+\): \w+/\w+ ", "<*>(<*>): <*>/<*> "
HOPS, HOPS_T = r"[^:]*", "<*>"
# The data iolog()'s callers pass after ": ", and sockd_io.c's own "%s: %s closed.  %s%s" and "%s: %s
# error%s.  %s%s" after the same prefix (logmsg): an event each, with the constants passed into them.
CLOSE = [
    ("D4", "local client closed.  Session duration: <*>s", r"local client closed\.  Session duration: \d+s"),
    ("D5", "remote peer closed.  Session duration: <*>s", r"remote peer closed\.  Session duration: \d+s"),
    ("D6", "session closed.  Session duration: <*>s", r"session closed\.  Session duration: \d+s"),
    ("D7", "remote peer error<*>.  Session duration: <*>s", r"remote peer error(?: \(.*\))?\.  Session duration: \d+s"),
    ("D8", "local client error<*>.  Session duration: <*>s", r"local client error(?: \(.*\))?\.  Session duration: \d+s"),
    ("D9", "session error<*>.  Session duration: <*>s", r"session error(?: \(.*\))?\.  Session duration: \d+s"),
    ("D10", "i/o timeout.  Session duration: <*>s", r"i/o timeout\.  Session duration: \d+s"),
    ("D11", "blocked by higher-level <*> #<*>", r"blocked by higher-level [\w-]+ #\d+"),
    ("D12", "error after reading <*> byte<*> in <*> second<*>: unknown SOCKS version <*> in client request",
     r"error after reading \d+ bytes? in \d+ seconds?: unknown SOCKS version \d+ in client request"),
    ("D13", "error after reading <*> byte<*> in <*> second<*>: client offered no acceptable authentication method",
     r"error after reading \d+ bytes? in \d+ seconds?: client offered no acceptable authentication method"),
    ("D14", "error after reading <*> byte<*> in <*> second<*>: eof from local client",
     r"error after reading \d+ bytes? in \d+ seconds?: eof from local client"),
    ("D15", "error after reading <*> byte<*> in <*> second<*>: local client protocol error",
     r"error after reading \d+ bytes? in \d+ seconds?: local client protocol error"),
    ("D16", "error after reading <*> byte<*> in <*> second<*>: <*>", r"error after reading \d+ bytes? in \d+ seconds?: [A-Z][\w ]*"),
    ("D17", 'could not resolve hostname "<*>": <*>', r'could not resolve hostname ".*": .*'),
    ("D18", 'request was not performed due to error: could not resolve hostname "<*>": <*>',
     r'request was not performed due to error: could not resolve hostname ".*": .*'),
    ("D19", "negotiate timeout after <*> second<*>", r"negotiate timeout after \d+ seconds?"),
    ("D20", "eof from client", r"eof from client"),
]

EVENTS = [
    ("D1", RULE_T + "[: " + HOPS_T, RULE + r"\[: " + HOPS),
    ("D2", RULE_T + "-: " + HOPS_T + " (<*>)", RULE + "-: " + HOPS + r" \(\d+\)"),
    ("D3", RULE_T + "]: " + HOPS_T, RULE + r"\]: " + HOPS),
] + [(eid, RULE_T + "]: " + HOPS_T + ": " + t, RULE + r"\]: " + HOPS + ": " + rx) for eid, t, rx in CLOSE] + [
    ("M1", "<*>(): received SIGHUP: reloading config", r"\w+\(\): received SIGHUP: reloading config"),  # sockd_child.c
    ("M2", "SIGHUP [: reloading config", r"SIGHUP \[: reloading config"),                               # mother_util.c
    ("M3", "SIGHUP ]: config reloaded.  Broadcasting to children to do the same",
     r"SIGHUP \]: config reloaded\.  Broadcasting to children to do the same"),
    ("M4", "Dante/server[<*>/<*>] v<*> running", r"Dante/server\[\d+/\d+\] v[\d.]+ running"),        # sockd.c
    ("M5", "<*>[<*>/<*>]: shutting down on signal <*>", r"\w+\[\d+/\d+\]: shutting down on signal \d+"),  # sockd_util.c
    ("M6", "<*>[<*>/<*>]: shutting down", r"\w+\[\d+/\d+\]: shutting down"),
    ("M7", "<*>(): exiting on signal <*>", r"\w+\(\): exiting on signal \d+"),                       # mother_util.c
]

HEADER = re.compile(r"\w{3} [ \d]\d \d\d:\d\d:\d\d \(\d+\.\d+\) danted\[\d+\]: (?:info|notice|warning|error|alert|debug): (.*)")

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
