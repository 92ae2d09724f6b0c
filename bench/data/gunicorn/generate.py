"""Makes bench/data/gunicorn: what a container running a Python WSGI service prints, a real gunicorn
20.1 (Debian's `gunicorn`, sync workers) in front of the small Flask 2.2 service `app.py` beside this
script (Debian's `python3-flask`), its error log, its access log and the service's own log all on
one stream. gunicorn's error log is in its default format (`[2026-12-07 17:40:01 +0000] [1234]
[INFO] Booting worker with pid: 1234`), its access log in the combined format with the time taken
and the request id added (`127.0.0.1 - - [07/Dec/2026:17:40:01 +0000] "GET /items/sku-7 HTTP/1.1"
404 22 "-" "oats-bench/1.0" 3ms rid=5f3c2a91e0b4`), and the service logs through `logging` with the
request id (`2026-12-07 17:40:01,234 WARNING orders.auth [rid=5f3c2a91e0b4] Rejected token ...`);
Flask logs an unhandled exception with its Python traceback, one line per physical line.

A seeded workload drives it: clients (some at once) that list, read, add and restock items and place
and read orders, unknown items, duplicates, bad JSON, missing and wrong tokens, bursts past the rate
limit; a payment service (a local HTTP server) that charges, declines, fails, is slower than the
service waits or is down; a maintenance job that locks the SQLite database while orders come in;
reports slow enough for gunicorn's worker timeout; requests that hit bugs (ZeroDivisionError,
KeyError, TypeError); malformed HTTP (bad request lines, methods, versions, header names, lines too
long); workers recycled by `max_requests`; signals to the master (HUP reloads, one with broken
settings so that the workers cannot boot and the master halts, TTIN, TTOU, USR1, a worker killed
with SIGKILL, TERM, INT and QUIT); a start while the port is taken.

Run as root or not, from anywhere: python3 bench/data/gunicorn/generate.py   (needs apt-get install
gunicorn python3-flask; gunicorn runs with Debian's /usr/bin/python3 from a private folder; the raw
log is kept in the temporary folder as oats-gunicorn-raw.log until it is labelled, and
`generate.py --raw FILE` labels such a log again without running anything).

Ground truth: one event per log call. gunicorn's (`/usr/lib/python3/dist-packages/gunicorn`,
`arbiter.py`, `sock.py`, `workers/*.py`) and the service's (`app.py`): the format string with its
conversions as variables; gunicorn's header (time, pid, level) and the service's (time, level,
logger name, request id) are not part of the event. Every access-log line is one event (gunicorn's
one `access_log_format`). A Python traceback gives one line per physical line: `Traceback (most
recent call last):` one event; a frame, `  File "<path>", line <n>, in <function>`, one event
whatever the frame (traceback.py's one format); the source line printed under it (`    <code>`) one
event; the caret line that Python 3.11 prints under part of it (`    ~~~^^^`) one event;
the exception line (`<class>: <message>`) an event per exception class and message format (Python's
and SQLite's); `The above exception was the direct cause of the following exception:` and its
`During handling ...` sibling an event each.
"""
import http.client
import http.server
import json
import os
import random
import re
import shutil
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
PORT, PAYMENTS = 18300, 18301
rnd = random.Random(15)
pay_rnd = random.Random(16)
USERS = {"tok-alice-91f2": "alice", "tok-bob-77ab": "bob", "tok-carol-0c3e": "carol", "tok-dave-5d10": "dave"}
SKUS = [f"sku-{i}" for i in range(1, 41)]


class Payments(http.server.BaseHTTPRequestHandler):
    """The payment service: charges, declines, fails or is slow, by its own seeded draw."""
    protocol_version = "HTTP/1.1"
    state = {"n": 0}

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        k = pay_rnd.random()
        if k < 0.08:
            time.sleep(3)
        if k < 0.14:
            status, body = 402, {"reason": pay_rnd.choice(["insufficient funds", "card expired", "suspected fraud"])}
        elif k < 0.19:
            status, body = pay_rnd.choice([500, 502, 503]), {"error": "upstream"}
        else:
            self.state["n"] += 1
            status, body = 200, {"transaction": "tx-%06d" % self.state["n"]}
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass


def settings(work, broken=False):
    s = {"database": f"{work}/orders.db", "db_timeout": 0.5, "rate_limit": 30, "slow_request": 1.0,
         "payments": f"http://127.0.0.1:{PAYMENTS}", "payment_timeout": 2, "report_seconds_per_day": 0.45,
         "log_level": "DEBUG" if rnd.random() < 0.5 else "INFO", "tokens": USERS,
         "discounts": {"WINTER10": 0.1, "STAFF": 0.3}}
    text = json.dumps(s, indent=1)
    if broken:
        text = text.replace('"rate_limit": 30,', rnd.choice(['"rate_limit": 30', '"rate_limit": 30,,', "rate_limit: 30,"]))
    with open(f"{work}/settings.json", "w") as f:
        f.write(text)


def start(work, log):
    env = dict(os.environ, OATS_APP_SETTINGS=f"{work}/settings.json", PYTHONDONTWRITEBYTECODE="1",
               PYTHONNOUSERSITE="1", PATH="/usr/bin:/bin")
    env.pop("PYTHONPATH", None)
    out = open(log, "a")
    proc = subprocess.Popen(
        ["/usr/bin/python3", "/usr/bin/gunicorn", "--bind", f"127.0.0.1:{PORT}", "--workers", "3",
         "--timeout", "4", "--graceful-timeout", "3", "--max-requests", "90", "--max-requests-jitter", "40",
         "--limit-request-line", "2048", "--access-logfile", "-", "--error-logfile", "-", "--log-level", "info",
         "--access-logformat", '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms rid=%({x-request-id}o)s',
         "--chdir", work, "--pid", f"{work}/gunicorn.pid", "app:app"],
        stdout=out, stderr=out, env=env, cwd=work)
    out.close()
    return proc


def up(proc):
    """Waits for the port; False if the master exited first."""
    deadline = time.time() + 20
    while time.time() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


def call(method, path, body=None, token=None, client=None, rid=True):
    headers = {"User-Agent": rnd.choice(["oats-bench/1.0", "python-requests/2.28.1", "curl/7.88.1"])}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
    if token:
        headers["Authorization"] = "Bearer " + token
    if client:
        headers["X-Client"] = client
    if rid and rnd.random() < 0.6:
        headers["X-Request-ID"] = "%012x" % rnd.getrandbits(48)

    def go():
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=12)
            c.request(method, path, body, headers)
            c.getresponse().read()
            c.close()
        except (OSError, http.client.HTTPException):
            pass
    t = threading.Thread(target=go, daemon=True)
    t.start()
    return t


def request():
    k = rnd.random()
    token = rnd.choice(list(USERS))
    client = f"10.0.{rnd.randrange(4)}.{rnd.randrange(2, 40)}"
    if k < 0.04:
        return call("GET", "/healthz", rid=False)
    if k < 0.24:
        return call("GET", f"/items/{rnd.choice(SKUS + ['sku-404', 'sku-999', 'SKU-1'])}", client=client)
    if k < 0.28:
        return call("GET", f"/items?limit={rnd.randrange(5, 60)}", client=client)
    if k < 0.36:
        sku = rnd.choice(SKUS + ["sku-%d" % rnd.randrange(41, 400)])
        body = rnd.choice([{"sku": sku, "name": rnd.choice(["mug", "lamp", "cable", "desk", "chair"]),
                            "price": round(rnd.uniform(2, 300), 2), "stock": rnd.randrange(0, 30)}] * 4
                          + [b"{not json", {"sku": sku}, [1, 2]])
        return call("POST", "/items", body, client=client)
    if k < 0.41:
        return call("PUT", f"/items/{rnd.choice(SKUS + ['sku-999'])}/stock", {"stock": rnd.randrange(0, 50)}, client=client)
    if k < 0.60:
        lines = [{"sku": rnd.choice(SKUS + ["sku-0"]), "qty": rnd.randrange(1, 6)} for _ in range(rnd.randrange(1, 4))]
        body = {"lines": lines} if rnd.random() < 0.92 else rnd.choice([{"items": lines}, b"lines=3"])
        tok = token if rnd.random() < 0.85 else rnd.choice([None, "tok-mallory-0000", "expired-3b1f"])
        return call("POST", "/orders", body, tok, client=client)
    if k < 0.68:
        tok = token if rnd.random() < 0.9 else rnd.choice([None, "tok-eve-1234"])
        return call("GET", f"/orders/{rnd.randrange(1, 400)}", token=tok, client=client)
    if k < 0.71:
        return call("GET", f"/report?days={rnd.choice([1, 2, 3, 5, 7, 10, 14])}", client=client)
    if k < 0.75:
        if rnd.random() < 0.5:
            return call("GET", f"/orders/{rnd.randrange(1, 400)}/average", client=client)
        body = rnd.choice([{"code": "WINTER10", "price": 20}, {"code": "SPRING", "price": 20},
                           {"code": "STAFF", "price": "20"}, {"price": 5}])
        return call("POST", "/discounts", body, client=client)
    if k < 0.80:
        data = rnd.choice([
            b"GARBAGE\r\n\r\n", b"GET /items HTTP/9.9\r\n\r\n", b"get /items HTTP/1.1\r\n\r\n",
            b"G\x01T / HTTP/1.1\r\n\r\n", b"GET /items/" + b"x" * 3000 + b" HTTP/1.1\r\n\r\n",
            b"GET /healthz HTTP/1.1\r\nBad Header: x\r\n\r\n", b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(40), b"",
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n"])
        t = threading.Thread(target=daemon.send, args=(PORT, data), kwargs={"read_all": True, "timeout": 8}, daemon=True)
        t.start()
        return t
    if k < 0.82:
        src = f"10.9.9.{rnd.randrange(2, 20)}"
        for _ in range(rnd.randrange(32, 45)):
            call("GET", f"/items/{rnd.choice(SKUS)}", client=src)
            time.sleep(0.01)
        return None
    if k < 0.84:
        return call("POST", f"/admin/maintenance?seconds={rnd.choice([1, 2, 3])}")
    return call("GET", f"/items/{rnd.choice(SKUS)}", client=client)


def seed_items():
    for i, sku in enumerate(SKUS):
        call("POST", "/items", {"sku": sku, "name": f"item {i}", "price": round(rnd.uniform(2, 90), 2),
                                "stock": rnd.randrange(5, 60)}).join()


def workload(work):
    log = f"{work}/gunicorn.log"
    payments = daemon.serve_http(Payments, PAYMENTS)
    shutil.copy(f"{HERE}/app.py", work)
    settings(work)
    proc = start(work, log)
    if not up(proc):
        raise RuntimeError("gunicorn did not start: " + open(log).read()[-2000:])
    seed_items()
    threads = []
    try:
        while daemon.lines_in(log) < 2400:
            threads = [t for t in threads if t.is_alive()]
            if proc.poll() is not None:   # the master halted (workers that cannot boot) or was stopped
                time.sleep(rnd.uniform(0.5, 1.5))
                settings(work)
                proc = start(work, log)
                up(proc)
            k = rnd.random()
            if k < 0.93:
                t = request()
                if t:
                    threads.append(t)
                if len(threads) > 6:
                    threads[0].join(timeout=10)
                time.sleep(rnd.uniform(0.0, 0.12))
                continue
            for t in threads:
                t.join(timeout=10)
            k = rnd.random()
            if k < 0.25:
                settings(work, broken=rnd.random() < 0.15)
                proc.send_signal(signal.SIGHUP)
                time.sleep(2)
            elif k < 0.40:
                proc.send_signal(rnd.choice([signal.SIGTTIN, signal.SIGTTOU]))
                time.sleep(1)
            elif k < 0.47:
                proc.send_signal(signal.SIGUSR1)
                time.sleep(0.5)
            elif k < 0.52:
                proc.send_signal(signal.SIGWINCH)
                time.sleep(0.3)
            elif k < 0.65:
                workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
                if workers:
                    os.kill(int(rnd.choice(workers)), signal.SIGKILL)
                time.sleep(1)
            elif k < 0.72:
                payments.shutdown()
                payments.server_close()
                for _ in range(rnd.randrange(3, 8)):
                    lines = [{"sku": rnd.choice(SKUS), "qty": 1}]
                    call("POST", "/orders", {"lines": lines}, rnd.choice(list(USERS))).join()
                payments = daemon.serve_http(Payments, PAYMENTS)
            elif k < 0.93:
                daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGTERM, signal.SIGINT, signal.SIGQUIT]))
                time.sleep(rnd.uniform(0.3, 1.0))
                if rnd.random() < 0.25:   # something else holds the port while gunicorn starts
                    squat = socket.socket()
                    squat.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    squat.bind(("127.0.0.1", PORT))
                    squat.listen()
                    proc = start(work, log)
                    time.sleep(rnd.uniform(1.5, 7))
                    squat.close()
                    if proc.poll() is None:
                        up(proc)
                else:
                    proc = start(work, log)
                    up(proc)
    finally:
        daemon.stop(proc)
        payments.shutdown()
    return log


# (id, template, regex over the message). gunicorn 20.1.0's log calls (/usr/lib/python3/dist-packages/gunicorn):
EVENTS = [
    ("G1", "Starting gunicorn <*>", r"Starting gunicorn [\d.]+"),                                  # arbiter.py:124
    ("G2", "Listening at: <*> (<*>)", r"Listening at: \S+ \(\d+\)"),                             # arbiter.py:159
    ("G3", "Using worker: <*>", r"Using worker: \S+"),                                           # arbiter.py:160
    ("G4", "Handling signal: <*>", r"Handling signal: \w+"),                                     # arbiter.py:223
    ("G5", "Hang up: <*>", r"Hang up: \w+"),                                                     # arbiter.py:252
    ("G6", "Shutting down: <*>", r"Shutting down: \w+"),                                         # arbiter.py:343
    ("G7", "Reason: <*>", r"Reason: .*"),                                                        # arbiter.py:345
    ("G8", "WORKER TIMEOUT (pid:<*>)", r"WORKER TIMEOUT \(pid:\d+\)"),                           # arbiter.py:501
    ("G9", "Worker with pid <*> was terminated due to signal <*>",
     r"Worker with pid \d+ was terminated due to signal \d+"),                                    # arbiter.py:530
    ("G10", "Booting worker with pid: <*>", r"Booting worker with pid: \d+"),                    # arbiter.py:587
    ("G11", "Exception in worker process", r"Exception in worker process"),                      # arbiter.py:600
    ("G12", "Worker exiting (pid: <*>)", r"Worker exiting \(pid: \d+\)"),                        # arbiter.py:605
    ("G13", "Autorestarting worker after current request.", r"Autorestarting worker after current request\."),  # sync.py:177
    ("G14", "Error handling request <*>", r"Error handling request \S+"),                        # base.py:251
    ("G15", "Error handling request", r"Error handling request"),                                # sync.py:199
    ("G16", "Connection in use: <*>", r"Connection in use: \(.*\)"),                             # sock.py:187
    ("G17", "Retrying in 1 second.", r"Retrying in 1 second\."),                                 # sock.py:193
    ("G18", "Can't connect to <*>", r"Can't connect to \(.*\)"),                                 # sock.py:199
    ("G19", "Ignoring unknown signal: <*>", r"Ignoring unknown signal: \S+"),                    # arbiter.py:215
    ("G20", "Unhandled signal: <*>", r"Unhandled signal: \S+"),                                  # arbiter.py:221
    ("G21", "Socket error processing request.", r"Socket error processing request\."),           # sync.py:150
    # the access log: gunicorn's one access_log_format (glogging.py:349)
    ("A1", '<*> <*> <*> [<*>] "<*>" <*> <*> "<*>" "<*>" <*>ms rid=<*>',
     r'\S+ \S+ \S+ \[[^\]]+\] ".*" \d{3} \S+ ".*" ".*" \d+ms rid=\S*'),
    # the service's log calls (app.py)
    ("S1", "Migrated schema from version <*> to <*>", r"Migrated schema from version \d+ to \d+"),
    ("S2", "Opened database <*> (schema version <*>, <*> items)", r"Opened database \S+ \(schema version \d+, \d+ items\)"),
    ("S3", "Rate limit exceeded for <*> (<*> requests in <*>s)", r"Rate limit exceeded for \S+ \(\d+ requests in \d+s\)"),
    ("S4", "Slow request <*> <*> took <*>s", r"Slow request \w+ \S+ took [\d.]+s"),
    ("S5", "Missing bearer token for <*> <*> from <*>", r"Missing bearer token for \w+ \S+ from \S+"),
    ("S6", "Rejected token <*>... for <*> <*>", r"Rejected token \S*\.\.\. for \w+ \S+"),
    ("S7", "Authenticated <*>", r"Authenticated \w+"),
    ("S8", "Listed <*> items", r"Listed \d+ items"),
    ("S9", "Cache hit for item <*>", r"Cache hit for item \S+"),
    ("S10", "Cache miss for item <*>", r"Cache miss for item \S+"),
    ("S11", "Item <*> not found", r"Item \S+ not found"),
    ("S12", "Rejected item: body is not an item (<*> bytes)", r"Rejected item: body is not an item \(\d+ bytes\)"),
    ("S13", "Item <*> not added: <*>", r"Item \S+ not added: .*"),
    ("S14", "Database busy, gave up adding item <*> after <*>s: <*>", r"Database busy, gave up adding item \S+ after [\d.]+s: .*"),
    ("S15", "Added item <*> (<*>) at <*> EUR", r"Added item \S+ \(.*\) at [\d.]+ EUR"),
    ("S16", "Database busy, gave up setting stock of <*> after <*>s: <*>",
     r"Database busy, gave up setting stock of \S+ after [\d.]+s: .*"),
    ("S17", "Stock of <*> set to <*>", r"Stock of \S+ set to \S+"),
    ("S18", "Payment of <*> EUR for order <*> declined: <*>", r"Payment of [\d.]+ EUR for order \d+ declined: .*"),
    ("S19", "Payment service answered <*> for order <*>", r"Payment service answered \d+ for order \d+"),
    ("S20", "Payment service unreachable for order <*>: <*>", r"Payment service unreachable for order \d+: .*"),
    ("S21", "Payment for order <*> timed out after <*>s", r"Payment for order \d+ timed out after [\d.]+s"),
    ("S22", "Charged <*> EUR for order <*> (transaction <*>)", r"Charged [\d.]+ EUR for order \d+ \(transaction \S+\)"),
    ("S23", "Rejected order from <*>: no lines", r"Rejected order from \w+: no lines"),
    ("S24", "Order from <*> names unknown item <*>", r"Order from \w+ names unknown item \S+"),
    ("S25", "Not enough stock of <*> for <*>: wanted <*>, have <*>", r"Not enough stock of \S+ for \w+: wanted \d+, have \d+"),
    ("S26", "Database busy, gave up on order for <*> after <*>s: <*>", r"Database busy, gave up on order for \w+ after [\d.]+s: .*"),
    ("S27", "Order <*> for <*>: <*> lines, <*> EUR, <*>", r"Order \d+ for \w+: \d+ lines, [\d.]+ EUR, \w+"),
    ("S28", "Order <*> not found", r"Order \d+ not found"),
    ("S29", "<*> may not read order <*> of <*>", r"\w+ may not read order \d+ of \w+"),
    ("S30", "Building sales report over <*> days", r"Building sales report over \d+ days"),
    ("S31", "Report over <*> days: <*> paid orders, <*> EUR", r"Report over \d+ days: \d+ paid orders, [\d.]+ EUR"),
    ("S32", "Maintenance: locking the database for <*>s", r"Maintenance: locking the database for [\d.]+s"),
    ("S33", "Maintenance done: <*> failed orders purged", r"Maintenance done: \d+ failed orders purged"),
    # Flask 2.2's log_exception (flask/app.py)
    ("F1", "Exception on <*> [<*>]", r"Exception on \S+ \[\w+\]"),
    # Python tracebacks (traceback.py): the header, a frame, its source line, its carets
    *label.PYTHON_TRACEBACK,
    ("P5", "During handling of the above exception, another exception occurred:",
     r"During handling of the above exception, another exception occurred:"),
    ("P6", "The above exception was the direct cause of the following exception:",
     r"The above exception was the direct cause of the following exception:"),
    # exception lines: an event per class and message format (CPython's, SQLite's, json's)
    ("X1", "ZeroDivisionError: division by zero", r"ZeroDivisionError: division by zero"),
    ("X2", "KeyError: <*>", r"KeyError: .*"),
    ("X3", "TypeError: can't multiply sequence by non-int of type '<*>'",
     r"TypeError: can't multiply sequence by non-int of type '\w+'"),
    ("X4", "sqlite3.OperationalError: database is locked", r"sqlite3\.OperationalError: database is locked"),
    ("X5", "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line <*> column <*> (char <*>)",
     r"json\.decoder\.JSONDecodeError: Expecting property name enclosed in double quotes: line \d+ column \d+ \(char \d+\)"),
    ("X6", "json.decoder.JSONDecodeError: Expecting ',' delimiter: line <*> column <*> (char <*>)",
     r"json\.decoder\.JSONDecodeError: Expecting ',' delimiter: line \d+ column \d+ \(char \d+\)"),
    ("X7", "json.decoder.JSONDecodeError: Expecting value: line <*> column <*> (char <*>)",
     r"json\.decoder\.JSONDecodeError: Expecting value: line \d+ column \d+ \(char \d+\)"),
]
HEADER = re.compile(r"^(?:\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[\d+\] \[[A-Z]+\] "
                    r"|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ \S+ \[rid=\S+\] )(.*)$")

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
