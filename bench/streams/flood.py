"""Opens N SSE streams and N WebSockets with one API key against a running oats server and never
reads them; prints the server's RSS and OS threads before and after, and how many were refused."""
import json, os, socket, subprocess, sys, threading, time, urllib.request, base64, tempfile

jar, limit, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
KEY = "flood-key-0123456789abcdef"

# A model that accepts and never answers: the investigation stays running.
hang = socket.socket(); hang.bind(("127.0.0.1", 0)); hang.listen(100)
held = []
def accept():
    while True:
        c, _ = hang.accept(); held.append(c)
threading.Thread(target=accept, daemon=True).start()

s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
data = tempfile.mkdtemp()
env = dict(os.environ, OATS_HOST="127.0.0.1", OATS_PORT=str(port), OATS_DATA_DIR=data,
           OATS_API_KEYS=KEY, ANTHROPIC_API_KEY="sk-ant-flood-000000000000",
           ANTHROPIC_BASE_URL="http://127.0.0.1:%d" % hang.getsockname()[1],
           OATS_STREAMS_PER_KEY=limit, OATS_WORKSPACE=data + "/ws", OATS_TOOLS_DIR=data + "/tools")
java = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
server = subprocess.Popen([java, "-Xmx512m", "-jar", jar, "server"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = "http://127.0.0.1:%d" % port
def call(path, body=None):
    req = urllib.request.Request(base + path, data=body, headers={"X-API-Key": KEY, "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=10))
for _ in range(300):
    try: call("/healthz"); break
    except Exception: time.sleep(0.2)
iid = call("/investigate", json.dumps({"goal": "hold on"}).encode())["job_id"]
for _ in range(100):
    if call("/investigations/" + iid)["status"] == "running": break
    time.sleep(0.1)

def heap():
    out = subprocess.run(["/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd", str(server.pid), "GC.run"], capture_output=True)
    time.sleep(1)
    out = subprocess.run(["/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd", str(server.pid), "GC.heap_info"], capture_output=True, text=True).stdout
    import re
    m = re.search(r"used (\d+)K", out)
    return int(m.group(1)) // 1024 if m else -1
def stat():
    rss = thr = 0
    for line in open("/proc/%d/status" % server.pid):
        if line.startswith("VmRSS:"): rss = int(line.split()[1]) // 1024
        if line.startswith("Threads:"): thr = int(line.split()[1])
    return rss, thr, len(os.listdir("/proc/%d/fd" % server.pid)), heap()

time.sleep(3)
before = stat()
socks, codes = [], {}
def open_one(ws):
    c = socket.create_connection(("127.0.0.1", port))
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    if ws:
        key = base64.b64encode(os.urandom(16)).decode()
        req = ("GET /ws/investigations/%s HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nX-API-Key: %s\r\n\r\n") % (iid, key, KEY)
    else:
        req = ("GET /investigations/%s/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
               "X-API-Key: %s\r\n\r\n") % (iid, KEY)
    c.sendall(req.encode())
    c.settimeout(10)
    head = c.recv(64).decode(errors="replace")
    code = head.split(" ")[1] if " " in head else "?"
    codes[code] = codes.get(code, 0) + 1
    socks.append(c)  # kept open, never read again
t0 = time.time()
for i in range(n):
    try: open_one(False)
    except Exception as e: codes[type(e).__name__] = codes.get(type(e).__name__, 0) + 1
    try: open_one(True)
    except Exception as e: codes[type(e).__name__] = codes.get(type(e).__name__, 0) + 1
time.sleep(5)
after = stat()
print(json.dumps({"limit": limit, "attempts": 2 * n, "answers": codes, "rss_mb_before": before[0],
                  "rss_mb_after": after[0], "threads_before": before[1], "threads_after": after[1], "fds_before": before[2], "fds_after": after[2], "heap_mb_before": before[3], "heap_mb_after": after[3],
                  "open_seconds": round(time.time() - t0, 1)}))
for c in socks: c.close()
server.terminate(); server.wait()
