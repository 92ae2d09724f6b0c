"""Makes bench/data/osloapi: the log of a small inventory API written in the manner of an OpenStack service
(`service.py` beside this script) and run on Debian's Python 3 with Debian's oslo.config 9, oslo.log 5,
oslo.context, oslo.concurrency 5 and oslo.service 3 (eventlet 0.33's WSGI server, a process launcher
with two workers), at debug level in oslo.log's default formats: `2026-12-08 02:35:14.736 16782 INFO
oats.inventory.placement [None req-893b05ac-... alice p-1f6e - - - -] Placed item 248c8d21-... (5 GB) on
shelf-03; 297 GB left there, weight 0.49` (the time, the process, the level, the logger, the request's
context, the message; a debug message ends with its function and `file:line`; an exception's traceback
comes line by line under `logging_exception_prefix`), the WSGI server's access lines (`127.0.0.1 "GET
/v1/p-1f6e/items/.../volumes/vol-3/attachments HTTP/1.0" status: 200  len: 77 time: 0.0012345`) in the same
stream. A seeded workload drives it over HTTP: items created, shown, listed, labelled, resized, locked,
unlocked and deleted, by their projects' users, by other projects' (403), with no token or a bad one
(401), with malformed bodies (400), on items that are not there or live in the other worker (404), past
the quota (403), on locked items (409), with a bad `limit` or a resize without a size (500 with a
traceback), on routes that do not exist; periodic audits; SIGHUP reloads; restarts.

Run as root from anywhere: python3 bench/data/osloapi/generate.py   (needs apt-get install
python3-oslo.log python3-oslo.service python3-webob python3-routes; the service runs with /usr/bin/python3
from a private folder; the raw log is kept in the temporary folder as oats-osloapi-raw.log until it is
labelled, and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: one event per logging call: the service's (read from `service.py` by this script: the
logger's call and its format string), and those of the libraries that log in the run, from their
sources in Debian's packages (oslo_service/service.py and wsgi.py, oslo_concurrency/lockutils.py,
oslo_config/cfg.py's `log_opt_values`, eventlet/wsgi.py and the access-log format, `wsgi_log_format`);
conversions are variables, a debug message's function and `file:line` suffix part of its event; two
calls with one format are one event (`log_opt_values`' two rows of stars); a constant passed into a
format (`released` in lockutils' `Lock "%(name)s" "%(gotten)s" by ...`) is an event of its own;
`LOG.exception`'s summary that oslo.log appends (`: ValueError: ...`) is a variable; traceback lines
as Python's traceback.py prints them (label.PYTHON_TRACEBACK), each exception's own line an event, and
the empty line that ends a traceback one more.
"""
import ast
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
PORT = 18700
rnd = random.Random(1011)
LEVELS = {"debug": "DEBUG", "info": "INFO", "warning": "WARNING", "error": "ERROR", "exception": "ERROR"}


def service_calls():
    """(level, function, format, exception?) of every LOG/AUDIT/SCHED call in service.py."""
    tree = ast.parse(open(os.path.join(HERE, "service.py"), encoding="utf-8").read())
    calls = []

    def visit(node, func):
        for child in ast.iter_child_nodes(node):
            f = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else func
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and isinstance(child.func.value, ast.Name) and child.func.value.id in ("LOG", "AUDIT", "SCHED")
                    and child.func.attr in LEVELS and isinstance(child.args[0], ast.Constant)):
                calls.append((child.func.attr, f, child.args[0].value))
            visit(child, f)
    visit(tree, None)
    return calls


# (level, function (for a debug message's suffix), format) of the libraries' calls, from their sources.
LIBRARY = [
    ("info", None, "%(name)s listening on %(host)s:%(port)s"),            # oslo_service/wsgi.py
    ("info", None, "Stopping WSGI server."),
    ("debug", "wait", "Waiting WSGI server to finish %d requests."),
    ("info", None, "WSGI server has stopped."),
    ("info", None, "(%s) wsgi starting up on %s"),                      # eventlet/wsgi.py
    ("debug", "server", "(%s) accepted %s"),
    ("info", None, "(%s) wsgi exited, is_accepting=%s"),
    ("info", None, "wsgi exiting"),
    ("debug", "handle_one_response", "(%s) connection reset by peer %s"),
    ("debug", "server", "(%s) timed out %s"),
    ("info", None, '%(client_ip)s "%(request_line)s" status: %(status_code)s  len: %(body_length)s time: %(wall_seconds).7f'),
    ("debug", "lock", 'Acquiring lock "%s"'),                           # oslo_concurrency/lockutils.py
    ("debug", "lock", 'Acquired lock "%(lock)s"'),
    ("debug", "lock", 'Releasing lock "%(lock)s"'),
    ("debug", "inner", 'Acquiring lock "%s" by "%s"'),
    ("debug", "inner", 'Lock "%(name)s" acquired by "%(function)s" :: waited %(wait_secs)0.3fs'),
    ("debug", "inner", 'Lock "%(name)s" "released" by "%(function)s" :: held %(held_secs)s'),
    ("debug", "inner", 'Lock "%(name)s" "unacquired" by "%(function)s" :: held %(held_secs)s'),
    ("info", None, "Caught SIGINT signal, instantaneous exiting"),      # oslo_service/service.py
    ("info", None, "Caught %s, handling"),
    ("info", None, "Parent process has died unexpectedly, exiting"),
    ("info", None, "Child caught %s, handling"),
    ("info", None, "Forking too fast, sleeping"),
    ("debug", "_start_child", "Started child %d"),
    ("info", None, "Starting %d workers"),
    ("info", None, "Child %(pid)d killed by signal %(sig)d"),
    ("info", None, "Child %(pid)s exited with status %(code)d"),
    ("warning", None, "pid %d not in child list"),
    ("debug", "wait", "Full set of CONF:"),
    ("info", None, "Caught %s, stopping children"),
    ("info", None, "Wait called after thread killed. Cleaning up."),
    ("debug", "stop", "Stop services."),
    ("debug", "stop", "Killing children."),
    ("info", None, "Waiting on %d children to exit"),
    ("warning", None, "Ignoring change to immutable option %(group)s.%(option)s"),  # oslo_config/cfg.py
    ("info", None, "Option %(group)s.%(option)s changed from [%(old_val)s] to [%(new_val)s]"),
    ("warning", None, "Caught Error while reloading configure files: %s"),
    ("debug", "log_opt_values", "*" * 80),
    ("debug", "log_opt_values", "Configuration options gathered from:"),
    ("debug", "log_opt_values", "command line args: %s"),
    ("debug", "log_opt_values", "config files: %s"),
    ("debug", "log_opt_values", "=" * 80),
    ("debug", "log_opt_values", "%-30s = %s"),
]

# The exceptions the service's failures raise, as Python prints their last line.
EXCEPTIONS = [
    ("X1", "ValueError: invalid literal for int() with base 10: <*>", r"ValueError: invalid literal for int\(\) with base 10: .*"),
    ("X2", "KeyError: <*>", r"KeyError: .*"),
    ("X3", "", r""),
]


def events():
    out, seen = [], set()
    calls = [(lvl, f, fmt, "s") for lvl, f, fmt in service_calls()] + [(lvl, f, fmt, "l") for lvl, f, fmt in LIBRARY]
    for lvl, func, fmt, kind in calls:
        template, regex = label.printf_template(fmt), label.printf_regex(fmt)
        if lvl == "exception":
            template, regex = template + ": <*>", regex + r": .*"
        if lvl == "debug":
            template, regex = template + f" {func} <*>:<*>", regex + " " + re.escape(func) + r" \S+:\d+"
        if template in seen:
            continue
        seen.add(template)
        out.append((f"{kind.upper()}{len(out) + 1}", template, regex))
    return out + EXCEPTIONS + label.PYTHON_TRACEBACK


def config(work, variant=0):
    return f"""[DEFAULT]
debug = True
log_file = {work}/inventory.log
bind_port = {PORT}
workers = 2
node = inv-node-{1 + variant}
audit_interval = {6 + 2 * variant}
quota_items = {10 + 3 * variant}
"""


def write_config(work, variant=0):
    with open(f"{work}/inventory.conf", "w") as f:
        f.write(config(work, variant))


def start(work):
    proc = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "service.py"), "--config-file",
                             f"{work}/inventory.conf"], cwd=work,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT)
    return proc


PROJECTS = {"tok-alice": "p-1f6e", "tok-bob": "p-77aa", "tok-ops": "p-admin"}
ITEMS = []


def request(method, path, token=None, body=None):
    head = f"{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n"
    if token:
        head += f"X-Auth-Token: {token}\r\n"
    data = (body or "").encode()
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    daemon.send(PORT, (head + "\r\n").encode() + data, read_all=True, timeout=5)


def item_path(project):
    mine = [i for p, i in ITEMS if p == project]
    item = rnd.choice(mine) if mine and rnd.random() < 0.8 else f"{rnd.getrandbits(128):032x}"
    return f"/v1/{project}/items/{item}"


def client():
    token = rnd.choice(list(PROJECTS))
    project = PROJECTS[token] if rnd.random() < 0.9 else rnd.choice(list(PROJECTS.values()))
    if rnd.random() < 0.05:
        token = rnd.choice([None, "tok-mallory"])
    kind = rnd.choices(["create", "show", "list", "delete", "act", "label", "attach", "health", "other"],
                       [18, 14, 8, 6, 12, 6, 8, 5, 4])[0]
    if kind == "create":
        body = rnd.choices(['{"name": "%s", "size": %d}' % (rnd.choice(["disk", "tape", "crate", "rack"]), rnd.choice([1, 5, 20, 80, 250])),
                            '{"size": 3}', '{"name": "x", "size": ', "not json"], [85, 5, 5, 5])[0]
        request("POST", f"/v1/{project}/items", token, body)
        ITEMS.append((project, f"{rnd.getrandbits(128):032x}"))  # the id is the server's: most of these 404 later
    elif kind == "show":
        request("GET", item_path(project), token)
    elif kind == "list":
        request("GET", f"/v1/{project}/items" + rnd.choice(["", "?limit=5", "?limit=ten", ""]), token)
    elif kind == "delete":
        request("DELETE", item_path(project), token)
    elif kind == "act":
        body = rnd.choice(['{"lock": null}', '{"unlock": null}', '{"resize": {"size": %d}}' % rnd.randint(2, 90),
                           '{"resize": {}}', '{"rebuild": {}}', "{"])
        request("POST", item_path(project) + "/action", token, body)
    elif kind == "label":
        request("PUT", item_path(project) + f"/labels/{rnd.choice(['gold', 'cold', 'fragile', 'eu-west'])}", token, "")
    elif kind == "attach":
        request("GET", item_path(project) + f"/volumes/{rnd.choice(['vol-', 'disk-'])}{rnd.randint(1, 9)}/attachments", token)
    elif kind == "health":
        request("GET", rnd.choice(["/healthcheck", "/"]))
    else:
        request(rnd.choice(["GET", "PATCH"]), rnd.choice(["/v2/servers", f"/v1/{project}", f"/v1/{project}/items/x/y/z", "/favicon.ico"]), token)


def created_ids(log):
    """The ids the service gave the items it created, read back from its log so later requests find them."""
    out = []
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.search(r"Created item (\S+) '.*' of \d+ GB for project (\S+) on", line)
            if m:
                out.append((m.group(2), m.group(1)))
    return out


def workload(work):
    write_config(work)
    log = f"{work}/inventory.log"
    proc = start(work)
    for n in daemon.rounds(log, 2400, rnd, (10, 25), client):
        ITEMS[:] = created_ids(log) + ITEMS[-10:]
        if n % 6 == 0:
            write_config(work, rnd.randint(0, 2))
            proc.send_signal(signal.SIGHUP)
            time.sleep(2)
        if n % 17 == 0:
            daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGINT]))
            proc = start(work)
        time.sleep(rnd.uniform(0, 1.5))
    daemon.stop(proc)
    time.sleep(1)
    return log


HEADER = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ (?:DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+ (?:\[[^\]]*\] )?(.*)")

if __name__ == "__main__":
    label.generate(HERE, HEADER, events(), workload)
