"""Makes bench/data/nginx: the error log of a real nginx (Debian's nginx-light, 1.22) at level
info, as a container running it writes to stderr, under a seeded workload of requests: files that
exist and do not, a forbidden directory, an upstream that refuses connections, bodies too large,
rate limiting, malformed requests and keep-alive connections.

Run as root from anywhere: python3 bench/data/nginx/generate.py   (needs apt-get install nginx-light)
Every line is labelled with the message whose format string (ngx_log_error calls in nginx's
source) printed it.
"""
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 18089
rnd = random.Random(15)

CONFIG = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log info;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  limit_req_zone $binary_remote_addr zone=api:1m rate=5r/s;
  server {{
    listen 127.0.0.1:{port};
    server_name shop.example.internal;
    root {work}/www;
    client_max_body_size 1k;
    location /static/ {{ }}
    location /uploads/ {{ autoindex off; }}
    location /api/ {{ proxy_pass http://127.0.0.1:{dead}; }}
    location /search {{ limit_req zone=api burst=1 nodelay; return 200 "ok"; }}
    location /upload {{ proxy_pass http://127.0.0.1:{dead}; }}
  }}
}}
"""

PATHS = ["/static/app.js", "/static/style.css", "/static/logo.png", "/favicon.ico", "/robots.txt",
         "/wp-login.php", "/.env", "/static/app.min.js", "/admin/config.php", "/static/img/banner.jpg"]


def request(method, path, body=None, keepalive=False):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    headers = {"User-Agent": "probe"}
    if not keepalive:
        headers["Connection"] = "close"
    try:
        conn.request(method, path, body=body, headers=headers)
        conn.getresponse().read()
    except Exception:
        pass
    finally:
        conn.close()


def raw(data):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    try:
        s.sendall(data)
        s.recv(4096)
    except Exception:
        pass
    finally:
        s.close()


def workload():
    for _ in range(2600):
        kind = rnd.randrange(9)
        if kind <= 1:
            request("GET", rnd.choice(PATHS) + ("?v=%d" % rnd.randrange(100) if rnd.random() < 0.3 else ""))
        elif kind == 2:
            request("GET", "/uploads/" + rnd.choice(["", "2024/", "tmp/"]))
        elif kind == 3:
            request(rnd.choice(["GET", "POST"]), "/api/v1/" + rnd.choice(["orders", "cart", "users/%d" % rnd.randrange(1000)]))
        elif kind == 4:
            request("POST", "/upload", body=b"x" * rnd.randrange(2000, 90000))
        elif kind == 5:
            for _ in range(3):
                request("GET", "/search?q=%d" % rnd.randrange(1000))
        elif kind == 6:
            raw(rnd.choice([b"HELLO\r\n\r\n", b"GET /\r\n",
                            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"]))
        elif kind == 7:
            request("GET", "/static/app.js", keepalive=True)
        else:
            request("GET", "/static/../../etc/passwd" if rnd.random() < 0.2 else "/static/missing-%d.js" % rnd.randrange(50))


CLIENT = r'client: 127\.0\.0\.1, server: \S+'
REQ = r', request: "[^"]*"'
TAIL = r'(?:, upstream: "[^"]*")?(?:, host: "[^"]*")?'
EVENTS = label.compile_events([
    ("E1", 'open() "<*>" failed (2: No such file or directory), client: <*>, server: <*>, request: "<*>", host: "<*>"',
     r'open\(\) "[^"]*" failed \(2: No such file or directory\), ' + CLIENT + REQ + TAIL),
    ("E2", 'directory index of "<*>" is forbidden, client: <*>, server: <*>, request: "<*>", host: "<*>"',
     r'directory index of "[^"]*" is forbidden, ' + CLIENT + REQ + TAIL),
    ("E3", 'connect() failed (111: Connection refused) while connecting to upstream, client: <*>, server: <*>, request: "<*>", upstream: "<*>", host: "<*>"',
     r'connect\(\) failed \(111: Connection refused\) while connecting to upstream, ' + CLIENT + REQ + TAIL),
    ("E4", 'client intended to send too large body: <*> bytes, client: <*>, server: <*>, request: "<*>", host: "<*>"',
     r'client intended to send too large body: \d+ bytes, ' + CLIENT + REQ + TAIL),
    ("E5", 'limiting requests, excess: <*> by zone "<*>", client: <*>, server: <*>, request: "<*>", host: "<*>"',
     r'limiting requests, excess: [\d.]+ by zone "\w+", ' + CLIENT + REQ + TAIL),
    ("E6", "client sent invalid method while reading client request line, client: <*>, server: <*>, request: \"<*>\"",
     r'client sent invalid method while reading client request line, ' + CLIENT + r'(?:' + REQ + r')?'),
    ("E7", "client <*> closed keepalive connection", r"client 127\.0\.0\.1 closed keepalive connection"),
    ("E8", "client sent duplicate host header: \"<*>\", previous value: \"<*>\" while reading client request headers, client: <*>, server: <*>, request: \"<*>\"",
     r'client sent duplicate host header: "[^"]*", previous value: "[^"]*" while reading client request headers, ' + CLIENT + REQ + TAIL),
    ("E9", "client sent invalid request while reading client request line, client: <*>, server: <*>, request: \"<*>\"",
     r'client sent invalid request while reading client request line, ' + CLIENT + r'(?:' + REQ + r')?'),
    ("E10", "signal process started", r"signal process started"),
    ("E11", "using the \"<*>\" event method", r'using the "\w+" event method'),
    ("E12", "nginx/<*>", r"nginx/[\d.]+"),
    ("E13", "signal <*> (<*>) received from <*><*>", r"signal \d+ \(\w+\) received from \d+(, exiting|, shutting down)?"),
    ("E14", "built by <*>", r"built by .*"),
    ("E20", "built with <*>", r"built with .*"),
    ("E21", "OS: <*>", r"OS: .*"),
    ("E22", "getrlimit(RLIMIT_NOFILE): <*>:<*>", r"getrlimit\(RLIMIT_NOFILE\): \d+:\d+"),
    ("E23", "start worker processes", r"start worker processes"),
    ("E24", "start worker process <*>", r"start worker process \d+"),
    ("E25", "gracefully shutting down", r"gracefully shutting down"),
    ("E26", "exiting", r"exiting"),
    ("E27", "exit", r"exit"),
    ("E28", "worker process <*> exited with code <*>", r"worker process \d+ exited with code \d+"),
    ("E15", "client timed out (110: Connection timed out) while reading client request line, client: <*>, server: <*>",
     r"client timed out \(110: Connection timed out\) while reading client request line, " + CLIENT),
    ("E16", "client <*> closed connection while waiting for request, client: <*>, server: <*>",
     r"client closed connection while waiting for request, " + CLIENT),
    ("E17", "recv() failed (104: Connection reset by peer) while reading client request line, client: <*>, server: <*>",
     r"recv\(\) failed \(104: Connection reset by peer\).*"),
    ("E18", 'a client request body is buffered to a temporary file <*>, client: <*>, server: <*>, request: "<*>", host: "<*>"',
     r'a client request body is buffered to a temporary file \S+, ' + CLIENT + REQ + TAIL),
    ("E19", '"<*>" is not found (2: No such file or directory), client: <*>, server: <*>, request: "<*>", host: "<*>"',
     r'"[^"]*" is not found \(2: No such file or directory\), ' + CLIENT + REQ + TAIL),
])

PREFIX = re.compile(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[\w+\] \d+#\d+: (?:\*\d+ )?")


def content_of(line):
    return PREFIX.sub("", line, count=1)


def main():
    work = tempfile.mkdtemp(prefix="oats-nginx-")
    os.chmod(work, 0o755)
    os.makedirs(f"{work}/www/static")
    os.makedirs(f"{work}/www/uploads/2024")
    for p in ["app.js", "style.css", "logo.png"]:
        with open(f"{work}/www/static/{p}", "w") as f:
            f.write("x")
    with open(f"{work}/nginx.conf", "w") as f:
        f.write(CONFIG.format(work=work, port=PORT, dead=PORT + 1))
    subprocess.run(["nginx", "-c", f"{work}/nginx.conf", "-p", work], check=True)
    time.sleep(0.5)
    try:
        workload()
    finally:
        subprocess.run(["nginx", "-c", f"{work}/nginx.conf", "-p", work, "-s", "quit"], check=True)
        time.sleep(1)
    with open(f"{work}/error.log", encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    shutil.rmtree(work)
    labelled = label.label(lines, EVENTS, content_of)
    if len(labelled) < 2000:
        sys.exit(f"only {len(labelled)} lines: make the workload longer")
    label.write(HERE, "nginx", labelled[:2000])


if __name__ == "__main__":
    main()
