"""Makes bench/data/uwsgi: uWSGI's own log, a real uWSGI 2.0.21 (Debian's `uwsgi-core` with
`uwsgi-plugin-python3`) serving the small WSGI service `app.py` beside this script, on one stream as a
container shows it: the master's start-up report (`*** Starting uWSGI 2.0.21-debian (64bit) on [...]
***`, `detected number of CPU cores: 2`, `spawned uWSGI worker 1 (pid: 1234, cores: 1)`), the default
request log line (`[pid: 1234|app: 0|req: 3/7] 127.0.0.1 () {24 vars in 246 bytes} [Mon Dec  7
18:13:26 2026] GET /items/sku-7 => generated 30 bytes in 0 msecs (HTTP/1.1 200) 2 headers in 83 bytes
(1 switches on core 0)`), messages with a date before them (`Mon Dec  7 18:13:30 2026 - *** HARAKIRI ON
WORKER 1 (pid: 1234, try: 1) ***`), workers recycled, reloaded and respawned, and the Python
tracebacks of the service. uWSGI listens with `--http-socket` on 127.0.0.1:25080, a master and three
workers running as `nobody`, `--harakiri 3`, `--max-requests` drawn by the seed at each start, a
touch-reload file and a stats server. A seeded workload drives it: item lookups (some missing), orders
(some with bad JSON or unknown items: tracebacks), reports slower than the harakiri, a division by
zero, a route that makes the worker exit, big exports read by clients that hang up early (broken
pipes), request headers past the buffer size, bytes that are not HTTP, clients that send nothing,
signals to the master (HUP graceful reloads, TERM brutal reloads, USR1, a worker killed with SIGKILL),
the touch-reload file touched, the stats server read, restarts by INT and QUIT.

Run as root from anywhere: python3 bench/data/uwsgi/generate.py   (needs apt-get install uwsgi-core
uwsgi-plugin-python3; the raw log is kept in the temporary folder as oats-uwsgi-raw.log until it is
labelled, and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per `uwsgi_log()`/`uwsgi_log_verbose()` call of uWSGI 2.0.21
(`core/*.c`, `plugins/python/*.c`; the binaries' strings hold the same format strings), written from
the messages of the run. The date that `uwsgi_log_verbose()` puts before a message (`%.*s - `) is the
header, not part of the event. Every request line is one event (the one default log format; its
method, path, protocol and status are values). A constant passed into a shared format (the mode of
`*** Operational MODE: %s ***`) would be an event each. A Python traceback gives one line per physical
line, as in `gunicorn`: `Traceback (most recent call last):` one event, a frame (`  File "...", line
N, in f`) one event whatever the frame, the source line under it one event, Python 3.11's caret line
one event, the exception line an event per class and message format.
"""
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
PORT, STATS = 25080, 25081
rnd = random.Random(31)


def start(work, log):
    proc = subprocess.Popen(["uwsgi", "--plugin", "python3", "--http-socket", f"127.0.0.1:{PORT}",
                             "--wsgi-file", f"{work}/app.py", "--master", "--processes", "3", "--uid", "nobody",
                             "--gid", "nogroup", "--harakiri", "3", "--max-requests", str(rnd.choice([20, 40, 80])),
                             "--buffer-size", "4096", "--touch-reload", f"{work}/reload", "--stats", f"127.0.0.1:{STATS}",
                             "--pidfile", f"{work}/uwsgi.pid", "--chdir", work],
                            stdout=log, stderr=subprocess.STDOUT, cwd=work)
    daemon.wait_port(PORT, timeout=30)
    time.sleep(0.5)
    return proc


def get(path, method="GET", body=b"", hang_up=False, headers=""):
    req = f"{method} {path} HTTP/1.1\r\nHost: stock.internal\r\nUser-Agent: oats-bench\r\n{headers}Connection: close\r\n"
    if body:
        req += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    data = req.encode() + b"\r\n" + body
    if hang_up:
        daemon.send(PORT, data, linger=0.05, timeout=5)
    else:
        daemon.send(PORT, data, read_all=True, timeout=8)


def request():
    r = rnd.random()
    if r < 0.40:
        get(f"/items/sku-{rnd.randrange(75)}")
    elif r < 0.52:
        sku = f"sku-{rnd.randrange(70)}"
        body = rnd.choice([b'{"sku": "%s", "qty": %d}' % (sku.encode(), rnd.randrange(1, 5)), b'{"sku": "%s"}' % sku.encode(),
                           b"{sku: 1}", b'{"sku": "%s", "qty": "many"}' % sku.encode()])
        get("/orders", "POST", body)
    elif r < 0.58:
        threading.Thread(target=get, args=(f"/report?seconds={rnd.choice([0.2, 1, 5])}",)).start()
    elif r < 0.63:
        get(f"/ratio?parts={rnd.choice([0, 0, 4, 5])}")
    elif r < 0.70:
        get("/export", hang_up=True)
    elif r < 0.74:
        get("/health")
    elif r < 0.78:
        get(rnd.choice(["/", "/admin", "/favicon.ico", "/items/"]), method=rnd.choice(["GET", "HEAD", "DELETE"]))
    elif r < 0.80:
        get(f"/items/sku-{rnd.randrange(60)}", headers="X-Padding: %s\r\n" % ("a" * rnd.randrange(4200, 6000)))
    elif r < 0.84:
        daemon.send(PORT, rnd.choice([b"GARBAGE\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40), b"",
                                      b"GET /items/sku-1 HTTP/1.1\r\nHost: x\r\n", b"SSH-2.0-OpenSSH_9.2\r\n"]),
                    linger=rnd.uniform(0.1, 0.4))
    elif r < 0.85:
        get("/crash")
    else:
        get(f"/items/sku-{rnd.randrange(60)}")


def workload(work):
    shutil.copy(os.path.join(HERE, "app.py"), work)
    open(f"{work}/reload", "w").close()
    log_path = f"{work}/uwsgi.log"
    log = open(log_path, "w")
    proc = start(work, log)
    try:
        while daemon.lines_in(log_path) < 2300:
            r = rnd.random()
            if r < 0.95:
                request()
            elif r < 0.958:
                proc.send_signal(signal.SIGHUP)
                time.sleep(2.5)
            elif r < 0.963:
                proc.send_signal(signal.SIGTERM)
                time.sleep(2.5)
            elif r < 0.97:
                proc.send_signal(signal.SIGUSR1)
                time.sleep(0.3)
            elif r < 0.98:
                with open(f"{work}/uwsgi.pid") as f:
                    master = int(f.read())
                kids = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
                if kids:
                    os.kill(int(rnd.choice(kids)), signal.SIGKILL)
                time.sleep(0.5)
            elif r < 0.985:
                os.utime(f"{work}/reload")
                time.sleep(3)
            elif r < 0.995:
                daemon.send(STATS, b"", read_all=True)
            else:
                daemon.stop(proc, rnd.choice([signal.SIGINT, signal.SIGQUIT]))
                time.sleep(rnd.uniform(0.3, 1.0))
                proc = start(work, log)
            time.sleep(rnd.uniform(0.02, 0.15))
    finally:
        daemon.stop(proc, signal.SIGINT)
        log.close()
    return log_path


P = r"/\S+"           # a path
N = r"\d+"
A = r"[\d.]+:\d+"      # an address and port
EVENTS = [
    # core/uwsgi.c, core/utils.c, core/socket.c, core/logging.c, core/lock.c, core/master.c, plugins/python:
    # the master's start-up report
    ("S1", "*** Starting uWSGI <*> (<*>) on [<*>] ***", r"\*\*\* Starting uWSGI \S+ \(\w+\) on \[.*\] \*\*\*"),
    ("S2", "compiled with version: <*> on <*>", r"compiled with version: \S+ on .*"),
    ("S3", "os: <*>", r"os: .*"),
    ("S4", "nodename: <*>", r"nodename: \S+"),
    ("S5", "machine: <*>", r"machine: \S+"),
    ("S6", "clock source: <*>", r"clock source: \S+"),
    ("S7", "pcre jit disabled", r"pcre jit disabled"),
    ("S8", "detected number of CPU cores: <*>", rf"detected number of CPU cores: {N}"),
    ("S9", "current working directory: <*>", rf"current working directory: {P}"),
    ("S10", "writing pidfile to <*>", rf"writing pidfile to {P}"),
    ("S11", "detected binary path: <*>", rf"detected binary path: {P}"),
    ("S12", "setgid() to <*>", rf"setgid\(\) to {N}"),
    ("S13", "setuid() to <*>", rf"setuid\(\) to {N}"),
    ("S14", "your processes number limit is <*>", rf"your processes number limit is {N}"),
    ("S15", "your memory page size is <*> bytes", rf"your memory page size is {N} bytes"),
    ("S16", "*** WARNING: you have enabled harakiri without post buffering. Slow upload could be rejected on post-unbuffered webservers ***",
     r" \*\*\* WARNING: you have enabled harakiri without post buffering\. Slow upload could be rejected on post-unbuffered webservers \*\*\* "),
    ("S17", "detected max file descriptor number: <*>", rf"detected max file descriptor number: {N}"),
    ("S18", "lock engine: <*>", r"lock engine: .*"),
    ("S19", "thunder lock: disabled (you can enable it with --thunder-lock)", r"thunder lock: disabled \(you can enable it with --thunder-lock\)"),
    ("S20", "uwsgi socket <*> bound to TCP address <*> fd <*>", rf"uwsgi socket {N} bound to TCP address {A} fd {N}"),
    ("S21", "uwsgi socket <*> inherited INET address <*> fd <*>", rf"uwsgi socket {N} inherited INET address {A} fd {N}"),
    ("S22", "Python version: <*>", r"Python version: .*"),
    ("S23", "*** Python threads support is disabled. You can enable it with --enable-threads ***",
     r"\*\*\* Python threads support is disabled\. You can enable it with --enable-threads \*\*\*"),
    ("S24", "Python main interpreter initialized at <*>", r"Python main interpreter initialized at 0x[0-9a-f]+"),
    ("S25", "your server socket listen backlog is limited to <*> connections", rf"your server socket listen backlog is limited to {N} connections"),
    ("S26", "your mercy for graceful operations on workers is <*> seconds", rf"your mercy for graceful operations on workers is {N} seconds"),
    ("S27", "mapped <*> bytes (<*> KB) for <*> cores", rf"mapped {N} bytes \({N} KB\) for {N} cores"),
    ("S28", "*** Operational MODE: preforking ***", r"\*\*\* Operational MODE: preforking \*\*\*"),
    ("S29", "WSGI app <*> (mountpoint='<*>') ready in <*> seconds on interpreter <*> pid: <*> (default app)",
     rf"WSGI app {N} \(mountpoint='[^']*'\) ready in {N} seconds on interpreter 0x[0-9a-f]+ pid: {N} \(default app\)"),
    ("S30", "*** uWSGI is running in multiple interpreter mode ***", r"\*\*\* uWSGI is running in multiple interpreter mode \*\*\*"),
    ("S31", "spawned uWSGI master process (pid: <*>)", rf"spawned uWSGI master process \(pid: {N}\)"),
    ("S32", "gracefully (RE)spawned uWSGI master process (pid: <*>)", rf"gracefully \(RE\)spawned uWSGI master process \(pid: {N}\)"),
    ("S33", "spawned uWSGI worker <*> (pid: <*>, cores: <*>)", rf"spawned uWSGI worker {N} \(pid: {N}, cores: {N}\)"),
    ("S34", "*** Stats server enabled on <*> fd: <*> ***", rf"\*\*\* Stats server enabled on {A} fd: {N} \*\*\*"),
    ("S35", "uWSGI running as root, you can use --uid/--gid/--chroot options", r"uWSGI running as root, you can use --uid/--gid/--chroot options"),
    # core/master.c, core/master_utils.c, core/uwsgi.c: workers, reloads, shut-down, harakiri, signals
    ("M1", "...gracefully killing workers...", r"\.\.\.gracefully killing workers\.\.\."),
    ("M2", "...brutally killing workers...", r"\.\.\.brutally killing workers\.\.\."),
    ("M3", "Gracefully killing worker <*> (pid: <*>)...", rf"Gracefully killing worker {N} \(pid: {N}\)\.\.\."),
    ("M4", "worker <*> buried after <*> seconds", rf"worker {N} buried after {N} seconds"),
    ("M5", "binary reloading uWSGI...", r"binary reloading uWSGI\.\.\."),
    ("M6", "chdir() to <*>", rf"chdir\(\) to {P}"),
    ("M7", "closing all non-uwsgi socket fds > 2 (max_fd = <*>)...", rf"closing all non-uwsgi socket fds > 2 \(max_fd = {N}\)\.\.\."),
    ("M8", "found fd <*> mapped to socket <*> (<*>)", rf"found fd {N} mapped to socket {N} \({A}\)"),
    ("M9", "running <*>", rf"running {P}"),
    ("M10", "SIGINT/SIGTERM received...killing workers...", r"SIGINT/SIGTERM received\.\.\.killing workers\.\.\."),
    ("M11", "goodbye to uWSGI.", r"goodbye to uWSGI\."),
    ("M12", "Respawned uWSGI worker <*> (new pid: <*>)", rf"Respawned uWSGI worker {N} \(new pid: {N}\)"),
    ("M13", "DAMN ! worker <*> (pid: <*>) died, killed by signal <*> :( trying respawn ...",
     rf"DAMN ! worker {N} \(pid: {N}\) died, killed by signal {N} :\( trying respawn \.\.\."),
    ("M14", "DAMN ! worker <*> (pid: <*>) died :( trying respawn ...", rf"DAMN ! worker {N} \(pid: {N}\) died :\( trying respawn \.\.\."),
    ("M15", "*** <*> has been touched... grace them all !!! ***", rf"\*\*\* {P} has been touched\.\.\. grace them all !!! \*\*\*"),
    ("M16", "*** HARAKIRI ON WORKER <*> (pid: <*>, try: <*>) ***", rf"\*\*\* HARAKIRI ON WORKER {N} \(pid: {N}, try: {N}\) \*\*\*"),
    ("M17", "HARAKIRI !!! worker <*> status !!!", rf"HARAKIRI !!! worker {N} status !!!"),
    ("M18", "HARAKIRI [core <*>] <*> - <*> <*> since <*>", rf"HARAKIRI \[core {N}\] \S+ - \S+ \S+ since {N}"),
    ("M19", "HARAKIRI !!! end of worker <*> status !!!", rf"HARAKIRI !!! end of worker {N} status !!!"),
    ("M20", "...The work of process <*> is done. Seeya!", rf"\.\.\.The work of process {N} is done\. Seeya!"),
    ("M21", "worker <*> killed successfully (pid: <*>)", rf"worker {N} killed successfully \(pid: {N}\)"),
    ("M22", "-----------------", r"-----------------"),
    ("M23", "workers total requests: <*>", rf"\tworkers total requests: {N}"),
    ("M24", "worker <*> app <*> [<*>] requests: <*> exceptions: <*>", rf"\tworker {N} app {N} \[[^\]]*\] requests: {N} exceptions: {N}"),
    ("M25", ";uWSGI instance configuration", r";uWSGI instance configuration"),
    ("M26", "[uwsgi]", r"\[uwsgi\]"),
    ("M27", "<*> = <*>", r"[\w-]+ = .*"),
    ("M28", ";end of configuration", r";end of configuration"),
    ("M29", "*** SIGUSR1 ... ***", r"\*\*\* SIGUSR1 .*"),
    # proto/http.c, core/writer.c: requests that go wrong, and every request line (the one log format)
    ("R1", "invalid HTTP request size (max <*>)...skip", rf"invalid HTTP request size \(max {N}\)\.\.\.skip"),
    ("R2", "uwsgi_proto_http_parser() -> client closed connection", r"uwsgi_proto_http_parser\(\) -> client closed connection"),
    ("R3", "uwsgi_response_writev_headers_and_body_do(): <*> [core/writer.c line <*>] during <*> <*> (<*>)",
     rf"uwsgi_response_writev_headers_and_body_do\(\): .* \[core/writer\.c line {N}\] during \S+ \S+ \(\S+\)"),
    ("R5", "[pid: <*>|app: <*>|req: <*>/<*>] <*> () {<*> vars in <*> bytes} [<*>] <*> <*> => generated <*> bytes in <*> msecs (<*> <*>) <*> headers in <*> bytes (<*> switches on core <*>)",
     rf"\[pid: {N}\|app: -?{N}\|req: -?{N}/{N}\] \S+ \(\S*\) \{{{N} vars in {N} bytes\}} \[[^\]]+\] .* => generated {N} bytes in {N} msecs \(.*\) {N} headers in {N} bytes \({N} switches on core {N}\)"),
    # Python tracebacks (traceback.py): the header, a frame, its source line, its carets; exception lines
    *label.PYTHON_TRACEBACK,
    ("X1", "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line <*> column <*> (char <*>)",
     r"json\.decoder\.JSONDecodeError: Expecting property name enclosed in double quotes: line \d+ column \d+ \(char \d+\)"),
    ("X2", "json.decoder.JSONDecodeError: Expecting value: line <*> column <*> (char <*>)",
     r"json\.decoder\.JSONDecodeError: Expecting value: line \d+ column \d+ \(char \d+\)"),
    ("X3", "ZeroDivisionError: integer division or modulo by zero", r"ZeroDivisionError: integer division or modulo by zero"),
    ("X4", "KeyError: <*>", r"KeyError: .*"),
    ("X5", "ValueError: invalid literal for int() with base <*>: <*>", r"ValueError: invalid literal for int\(\) with base \d+: .*"),
    ("X6", "OSError: write error", r"OSError: write error"),
]

HEADER = re.compile(r"^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} - (.*)$")

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload, readable=True)
