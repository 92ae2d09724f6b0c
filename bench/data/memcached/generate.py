"""Makes bench/data/memcached: the output of a real memcached 1.6.18 (Debian's `memcached`) at `-vv`,
as a container that runs it in the foreground shows it (no header: memcached writes its messages bare
to stderr): the slab classes at start-up, every connection, every ASCII command echoed (`<23 set
user:17 0 300 42`) and every reply (`>23 STORED`), the binary protocol's packets dumped four bytes a
line, idle connections closed, CAS mismatches, protocol errors. memcached listens on 127.0.0.1:21211
with `-m 4 -c 64 -A -o idle_timeout=4` and a growth factor drawn by the seed at each start. A seeded
workload drives it: sessions of ASCII commands (set, add, replace, append, prepend, cas, get, gets,
gat, touch, incr, decr, delete, flush_all, version, the meta commands), misses, bad command lines,
non-numeric increments, values too large for the cache, unknown commands, HTTP and TLS bytes on the
port, binary-protocol packets (get, set, noop, version, an unknown opcode, a bad magic byte), clients
that stay idle past the timeout, more clients than `-c`, the `shutdown` command, restarts by SIGTERM
and SIGKILL.

Run as root from anywhere: python3 bench/data/memcached/generate.py   (needs apt-get install
memcached; memcached runs as `nobody`; the raw log is kept in the temporary folder as
oats-memcached-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again
without running anything).

Ground truth: labelled by hand, a regex per `fprintf(stderr, ...)` call of memcached 1.6.18
(`memcached.c`, `proto_text.c`, `proto_bin.c`, `slabs.c`; the binary's strings hold the same format
strings), written from the messages of the run. The whole line is the content (there is no header).
The echo of an ASCII command, `<%d %s`, is one event whatever the command (the command is the
client's input, a run-time value), as every access-log line of `squid` is one. A reply goes through
`out_string(c, "...")` and `>%d %s`: each constant reply (`STORED`, `NOT_FOUND`,
`CLIENT_ERROR bad command line format`, ...) is an event of its own, the number an `incr` returns a
variable of one event. The binary protocol's dumps print a line per four bytes (`<%d   ` then ` 0x%02x`
four times): a request line and a reply line are an event each; its key echo prints the opcode's name as
a constant (`<%d GET `, `<%d SET `, ...), an event each.
"""
import os
import random
import re
import signal
import socket
import struct
import subprocess
import threading
import time

import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 21211
rnd = random.Random(23)
KEYS = [f"{k}:{n}" for k in ("user", "session", "cart", "page", "rate", "feature") for n in range(40)]


def start(log):
    factor = rnd.choice(["1.25", "1.5", "2", "2.5", "3"])
    proc = subprocess.Popen(["memcached", "-u", "nobody", "-p", str(PORT), "-U", "0", "-l", "127.0.0.1", "-vv",
                             "-m", "4", "-c", "64", "-f", factor, "-A", "-o", "idle_timeout=4"],
                            stdout=log, stderr=subprocess.STDOUT)
    daemon.wait_port(PORT, timeout=30)
    return proc


def value():
    return os.urandom(rnd.randrange(1, 12)).hex().encode() * rnd.randrange(1, 40)


def command():
    k = rnd.choice(KEYS)
    r = rnd.random()
    if r < 0.22:
        v = value()
        op = rnd.choice(["set", "set", "set", "add", "replace", "append", "prepend"])
        return b"%s %s %d %d %d\r\n%s\r\n" % (op.encode(), k.encode(), rnd.randrange(4), rnd.choice([0, 60, 300, 3600]), len(v), v)
    if r < 0.45:
        return rnd.choice([b"get %s\r\n" % k.encode(), b"gets %s\r\n" % k.encode(),
                           b"get %s\r\n" % " ".join(rnd.sample(KEYS, rnd.randrange(2, 5))).encode()])
    if r < 0.52:
        return b"%s %s %d\r\n" % (rnd.choice([b"incr", b"incr", b"decr"]), rnd.choice([f"rate:{rnd.randrange(40)}", k]).encode(), rnd.randrange(1, 50))
    if r < 0.56:
        return b"set rate:%d 0 0 1\r\n%d\r\n" % (rnd.randrange(40), rnd.randrange(10))
    if r < 0.62:
        return b"delete %s\r\n" % k.encode()
    if r < 0.66:
        return rnd.choice([b"touch %s %d\r\n" % (k.encode(), rnd.randrange(1, 600)), b"gat %d %s\r\n" % (rnd.randrange(1, 600), k.encode())])
    if r < 0.70:
        v = value()
        return b"cas %s 0 0 %d %d\r\n%s\r\n" % (k.encode(), len(v), rnd.randrange(1, 3000), v)
    if r < 0.76:
        return rnd.choice([b"mg %s v t\r\n" % k.encode(), b"mn\r\n", b"md %s q\r\n" % k.encode(), b"ma rate:%d\r\n" % rnd.randrange(40),
                           b"ms %s 2 T60\r\nok\r\n" % k.encode()])
    if r < 0.80:
        return rnd.choice([b"version\r\n", b"stats\r\n", b"stats slabs\r\n", b"stats items\r\n", b"stats settings\r\n"])
    if r < 0.81:
        return b"flush_all\r\n"
    if r < 0.86:
        return rnd.choice([b"bogus %s\r\n" % k.encode(), b"SET %s 0 0 1\r\nx\r\n" % k.encode(), b"set %s 0 0 x\r\n" % k.encode(),
                           b"incr %s abc\r\n" % k.encode(), b"touch %s\r\n" % k.encode(), b"get\r\n", b"set %s 0 0 2\r\nabcd\r\n" % k.encode(),
                           b"stats detail maybe\r\n", b"stats cachedump 1 1\r\n", b"delete %s 0 noreply extra\r\n" % k.encode(),
                           b"verbosity\r\n", b"lru_crawler metadump all\r\n", b"watch\r\n"])
    if r < 0.88:
        return b"set blob:%d 0 0 %d\r\n" % (rnd.randrange(9), 2_000_000)
    if r < 0.92:
        v = value()
        return b"set %s 0 0 %d noreply\r\n%s\r\n" % (k.encode(), len(v), v)
    return b"get %s\r\n" % k.encode()


def session():
    data = b"".join(command() for _ in range(rnd.randrange(1, 7)))
    daemon.send(PORT, data, linger=rnd.uniform(0.05, 0.2))


def binary(opcode, key=b"", extras=b"", val=b"", magic=0x80):
    body = extras + key + val
    return struct.pack(">BBHBBHIIQ", magic, opcode, len(key), len(extras), 0, 0, len(body), rnd.randrange(1 << 16), 0) + body


def binary_session():
    k = rnd.choice(KEYS).encode()
    pkt = rnd.choice([binary(0x00, k), binary(0x00, k), binary(0x01, k, struct.pack(">II", 0, 300), b"v" * rnd.randrange(1, 9)),
                      binary(0x0a), binary(0x0b), binary(0x04, k), binary(0x44, k), binary(0x00, k, magic=0x81)])
    daemon.send(PORT, pkt, linger=0.2)


def other():
    r = rnd.random()
    if r < 0.35:
        daemon.send(PORT, rnd.choice([b"GET / HTTP/1.1\r\nHost: cache\r\n\r\n", b"GET /metrics HTTP/1.1\r\nHost: cache:11211\r\n\r\n",
                                      b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40), b"", b"PING\r\n", b"quit\r\n"]), linger=0.2)
    elif r < 0.6:
        threading.Thread(target=daemon.send, args=(PORT, b"get %s\r\n" % rnd.choice(KEYS).encode()), kwargs={"linger": 5.5, "timeout": 8}).start()
    elif r < 0.75:
        socks = []
        for _ in range(70):
            try:
                socks.append(socket.create_connection(("127.0.0.1", PORT), timeout=2))
            except OSError:
                break
        time.sleep(0.3)
        for s in socks:
            s.close()
    else:
        binary_session()


def workload(work):
    log_path = f"{work}/memcached.log"
    log = open(log_path, "w")
    proc = start(log)
    try:
        while daemon.lines_in(log_path) < 2300:
            r = rnd.random()
            if r < 0.80:
                session()
            elif r < 0.965:
                other()
            else:
                how = rnd.choice(["shutdown", "term", "term", "kill"])
                if how == "shutdown":
                    daemon.send(PORT, b"shutdown\r\n", linger=0.5)
                    try:
                        proc.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        daemon.stop(proc)
                else:
                    daemon.stop(proc, signal.SIGKILL if how == "kill" else signal.SIGTERM)
                time.sleep(rnd.uniform(0.3, 1.0))
                proc = start(log)
            time.sleep(rnd.uniform(0.01, 0.08))
    finally:
        daemon.stop(proc)
        log.close()
    return log_path


def run():
    """Runs memcached under the workload; returns the raw log it kept."""
    return label.run_in_work_folder("memcached", workload)


# The constants memcached 1.6.18 passes to out_string() (proto_text.c; `strings /usr/bin/memcached`), whose
# `>%d %s` (or, with noreply, `>%d NOREPLY %s`) echoes them at -vv: an event each.
REPLIES = [
    "STORED", "NOT_STORED", "EXISTS", "NOT_FOUND", "DELETED", "TOUCHED", "OK", "END", "ERROR", "MN", "RESET",
    "VERSION 1.6.18", "ERROR Too many open connections", "ERROR cannot pipeline other commands before watch",
    "CLIENT_ERROR bad command line format", "CLIENT_ERROR bad command line", "CLIENT_ERROR bad data chunk",
    "CLIENT_ERROR cannot increment or decrement non-numeric value", "CLIENT_ERROR invalid numeric delta argument",
    "CLIENT_ERROR invalid exptime argument", "CLIENT_ERROR usage: stats detail on|off|dump",
    "CLIENT_ERROR stats cachedump not allowed", "CLIENT_ERROR lru crawler disabled", "CLIENT_ERROR watch commands not allowed",
    "CLIENT_ERROR bad token in command line format", "CLIENT_ERROR invalid flag",
    "CLIENT_ERROR unauthenticated", "SERVER_ERROR object too large for cache", "SERVER_ERROR out of memory storing object",
    "SERVER_ERROR out of memory", "SERVER_ERROR output line too long",
]
FD = r"\d+"
# the other messages that start with `<%d `: an ASCII command's echo is none of them
NOT_ECHO = (r"(?:server listening \([\w-]+\)|new auto-negotiating client connection|connection closed\."
            r"|connection closing from side thread\.|Read binary protocol data:|  (?: 0x[0-9a-f]{2})+|GET \S+)\Z")
# write_bin_error()'s texts, a constant it picks by error code (proto_bin.c): an event each
BIN_ERRORS = ["Out of memory", "Non-numeric server-side value for incr or decr", "Not found", "Invalid arguments",
              "Data exists for key.", "Too large.", "Unknown command", "Auth failure.", "Not stored."]
EVENTS = label.compile_events([
    # slabs.c: the slab classes at start-up
    ("S1", "slab class <*>: chunk size <*> perslab <*>", r"slab class +\d+: chunk size +\d+ perslab +\d+"),
    # memcached.c: listening, connections, shut-down, socket errors
    ("C1", "<<*> server listening (<*>)", rf"<{FD} server listening \([\w-]+\)"),
    ("C2", "<<*> new auto-negotiating client connection", rf"<{FD} new auto-negotiating client connection"),
    ("C3", "<*>: Client using the <*> protocol", rf"{FD}: Client using the \w+ protocol"),
    ("C4", "<<*> connection closed.", rf"<{FD} connection closed\."),
    ("C5", "<<*> connection closing from side thread.", rf"<{FD} connection closing from side thread\."),
    ("C6", "Closing idle fd <*>", rf"Closing idle fd {FD}"),
    ("C7", "Failed to read, and not due to blocking", r"Failed to read, and not due to blocking"),
    ("C8", "Failed to write, and not due to blocking: <*>", r"Failed to write, and not due to blocking: .*"),
    ("C9", "Exiting normally", r"Exiting normally"),
    ("C11", "Too many open connections", r"Too many open connections"),
    # proto_text.c: the echo of an ASCII command (the client's input, one event whatever it is), the
    # keys a get sends, a CAS mismatch, a number an incr or decr returns
    ("A1", "<<*> <*>", rf"<{FD} (?!{NOT_ECHO}).*"),
    ("A2", "><*> sending key <*>", rf">{FD} sending key \S+"),
    ("A3", "CAS:  failure: expected <*>, got <*>", r"CAS:  failure: expected \d+, got \d+"),
    ("A4", "><*> <*>", rf">{FD} \d+"),
] + [(f"R{i}", f"><*> {c}", rf">{FD} {re.escape(c)}") for i, c in enumerate(REPLIES, 1)]
  + [(f"N{i}", f"><*> NOREPLY {c}", rf">{FD} NOREPLY {re.escape(c)}") for i, c in enumerate(REPLIES, 1)] + [
    # proto_bin.c: a binary request dumped four bytes a line, the reply likewise, the key echo with the
    # opcode's name as a constant, an error's text
    ("B1", "<<*> Read binary protocol data:", rf"<{FD} Read binary protocol data:"),
    ("B2", "<<*>    <*> <*> <*> <*>", rf"<{FD}   (?: 0x[0-9a-f]{{2}})+"),
    ("B3", "><*> Writing bin response:", rf">{FD} Writing bin response:"),
    ("B4", "><*>   <*> <*> <*> <*>", rf">{FD}  (?: 0x[0-9a-f]{{2}})+"),
    ("B6", "<<*> GET <*>", rf"<{FD} GET \S+"),
    ("B7", "Protocol error (opcode <*>), close connection <*>", rf"Protocol error \(opcode [0-9a-f]+\), close connection {FD}"),
] + [(f"E{i}", f"><*> Writing an error: {e}", rf">{FD} Writing an error: {re.escape(e)}") for i, e in enumerate(BIN_ERRORS, 1)])

if __name__ == "__main__":
    label.main(HERE, "memcached", EVENTS, lambda line: line, run)
