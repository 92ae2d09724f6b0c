"""Makes bench/data/icecast2: the log of a real Icecast 2.4.4 streaming server (Debian's `icecast2`) at
loglevel 4 (debug), its error log and its access log written to one file (`[2026-12-08  02:51:07] DBUG
stats/modify_node_event update "/live.mp3" listeners (1)`: the time, the level, the logging module and
function, the message; the access log's lines in the combined format, `127.0.1.7 - - [08/Dec/2026:02:51:07
+0000] "GET /live.mp3 HTTP/1.0" 200 19573 "-" "oats-listener/1.0" 2`), from a private configuration on
127.0.0.1: mounts with a listener limit, with listener authentication from an htpasswd file, with a
fallback, with a source timeout, a relay whose master is down, a limit of sources. A seeded workload
drives it over HTTP: sources that stream (PUT and the old SOURCE method) with the right password, a wrong
one or none, to a mount already in use, past the limit of sources, then fall silent until the source
timeout; listeners that get a stream, a mount that is not there, a static file or one that is not there,
are refused by the limit or by authentication; the admin interface (stats, list mounts and clients,
metadata updates, moving and killing clients and sources, adding and deleting listener users) with the
right password and a wrong one; garbage and half requests; SIGHUP reloads, restarts.

Run as root from anywhere: python3 bench/data/icecast2/generate.py   (needs apt-get install icecast2;
Icecast runs as `nobody` from a private folder; the raw log is kept in the temporary folder as
oats-icecast2-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again
without running anything).

Ground truth: one event per `ICECAST_LOG_ERROR/WARN/INFO/DEBUG` call of Icecast 2.4.4 (`src/*.c` of
Debian's source package, read by this script from ICECAST_SRC when it is given, else from the table
below that it wrote): the level, the module and function (`CATMODULE "/"` and `__func__`, which the call
site fixes) and the format string, its conversions (`%s`, `%d`, `%ld`, Icecast's own `%H` and `%P`...)
as variables; two calls of one function with the same format are one event. Every access-log line is
one event (`logging_access`'s one format). The format strings were checked against the binary
(`strings /usr/bin/icecast2`).
"""
import base64
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT, DEAD = 18500, 18599
rnd = random.Random(1010)
SOURCE_PW, ADMIN_PW = "src-pw-7", "adm-pw-8"
LEVELS = {"ERROR": "EROR", "WARN": "WARN", "INFO": "INFO", "DEBUG": "DBUG"}


def c_events(src):
    """(level, module/function, format) of every ICECAST_LOG_* call in Icecast's src/*.c."""
    calls = set()
    for name in sorted(os.listdir(src)):
        if not name.endswith(".c"):
            continue
        text = open(os.path.join(src, name), encoding="latin-1").read()
        m = re.search(r'#define CATMODULE "([^"]+)"', text)
        if not m:
            continue
        module = m.group(1)
        funcs = [(f.start(), f.group(1)) for f in re.finditer(r'^(?!typedef|struct\b|return\b|if\b|else\b)[A-Za-z_][\w \t\*]*?\b(\w+)\s*\((?![^\n]*;\s*$)', text, re.M)]
        for call in re.finditer(r'ICECAST_LOG_(ERROR|WARN|INFO|DEBUG)\s*\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
            earlier = [f for pos, f in funcs if pos < call.start()]
            if not earlier:  # source.c's stand-in for source_run_script on Windows
                continue
            func = earlier[-1]
            fmt = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', call.group(2)))
            fmt = fmt.encode().decode("unicode_escape")
            calls.add((LEVELS[call.group(1)], f"{module}/{func}", fmt))
    return sorted(calls)


def events_from(calls):
    events = []
    for n, (level, site, fmt) in enumerate(calls, 1):
        events.append((f"E{n}", f"{level} {site} {label.printf_template(fmt)}", re.escape(f"{level} {site} ") + label.printf_regex(fmt)))
    events.append(("A1", '<*> - <*> [<*>] "<*>" <*> <*> "<*>" "<*>" <*>',
                   r'\S+ - \S+ \[[^\]]+\] ".*" \d+ \d+ ".*" ".*" \d+'))
    return events


def config(work, variant=0):
    return f"""<icecast>
  <location>oats</location><admin>icemaster@localhost</admin>
  <limits>
    <clients>{40 + variant}</clients><sources>4</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>3</header-timeout><source-timeout>{3 + variant}</source-timeout>
    <burst-on-connect>1</burst-on-connect><burst-size>16384</burst-size>
  </limits>
  <authentication>
    <source-password>{SOURCE_PW}</source-password><relay-password>{SOURCE_PW}</relay-password>
    <admin-user>admin</admin-user><admin-password>{ADMIN_PW}</admin-password>
  </authentication>
  <hostname>localhost</hostname>
  <listen-socket><port>{PORT}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <mount type="normal"><mount-name>/live.mp3</mount-name><max-listeners>{3 + variant}</max-listeners>
    <fallback-mount>/backup.mp3</fallback-mount><fallback-override>1</fallback-override></mount>
  <mount type="normal"><mount-name>/members.mp3</mount-name>
    <authentication type="htpasswd"><option name="filename" value="{work}/members.htpasswd"/>
      <option name="allow_duplicate_users" value="0"/></authentication></mount>
  <mount type="normal"><mount-name>/backup.mp3</mount-name><hidden>1</hidden></mount>
  <mount type="normal"><mount-name>/talk.ogg</mount-name><max-listener-duration>4</max-listener-duration></mount>
  <relay><server>127.0.0.1</server><port>{DEAD}</port><mount>/upstream.mp3</mount><local-mount>/relayed.mp3</local-mount>
    <on-demand>{variant % 2}</on-demand></relay>
  <master-update-interval>5</master-update-interval>
  <fileserve>1</fileserve>
  <paths>
    <basedir>/usr/share/icecast2</basedir><logdir>{work}</logdir><webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot><pidfile>{work}/icecast.pid</pidfile>
    <alias source="/" destination="/status.xsl"/>
  </paths>
  <logging><accesslog>icecast.log</accesslog><errorlog>icecast.log</errorlog><loglevel>4</loglevel>
    <logsize>100000</logsize></logging>
  <security><chroot>0</chroot><changeowner><user>nobody</user><group>nogroup</group></changeowner></security>
</icecast>
"""


def write_config(work, variant=0):
    with open(f"{work}/icecast.xml", "w") as f:
        f.write(config(work, variant))


def start(work):
    proc = subprocess.Popen(["/usr/bin/icecast2", "-c", f"{work}/icecast.xml"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT)
    return proc


def auth(user, pw):
    return "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode()


def http(method, path, headers=(), body=b"", read=True, linger=0.2, source=None):
    head = f"{method} {path} HTTP/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    daemon.send(PORT, head.encode() + body, linger=linger, read_all=read, timeout=3, source=source)


def client_addr():
    return f"127.0.1.{rnd.randint(2, 40)}"


MOUNTS = ["/live.mp3", "/backup.mp3", "/talk.ogg", "/members.mp3", "/extra.mp3"]
AGENTS = ["oats-listener/1.0", "VLC/3.0.18 LibVLC/3.0.18", "Lavf/59.27.100", "mpg123/1.31", "curl/7.88.1"]


def stream_source(mount, seconds, method="PUT", password=SOURCE_PW, ogg=False):
    """A source client that streams data for a while then falls silent, so the source timeout ends it."""
    ctype = "application/ogg" if ogg else "audio/mpeg"
    headers = [("Authorization", auth("source", password)), ("Content-Type", ctype),
               ("Ice-Name", f"oats {mount}"), ("Ice-Public", "0"), ("Ice-Genre", rnd.choice(["talk", "jazz", "news"]))]
    if method == "PUT":
        headers.append(("Expect", "100-continue"))
    data = (b"OggS" if ogg else b"\xff\xfb\x90\x00") + bytes(rnd.getrandbits(8) for _ in range(2000))

    def run():
        import socket
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=3)
            s.sendall(f"{method} {mount} HTTP/1.0\r\n".encode()
                      + "".join(f"{k}: {v}\r\n" for k, v in headers).encode() + b"\r\n")
            end = time.time() + seconds
            while time.time() < end:
                s.sendall(data)
                time.sleep(0.1)
            time.sleep(rnd.choice([0.1, 6]))
            s.close()
        except OSError:
            pass
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def listener():
    mount = rnd.choice(MOUNTS + ["/relayed.mp3", "/nothing.mp3"])
    headers = [("User-Agent", rnd.choice(AGENTS))]
    if mount == "/members.mp3":
        user = rnd.choice(["ann", "bob", "eve", "zed"])
        headers.append(("Authorization", auth(user, rnd.choice(["pw-" + user, "wrong"]))))
    http("GET", mount + rnd.choice(["", "", "?type=.mp3"]), headers, read=False, linger=rnd.choice([0.2, 1.0, 2.5]),
         source=client_addr())


def web():
    path = rnd.choice(["/status.xsl", "/", "/status-json.xsl", "/style.css", "/missing.html", "/server_version.xsl",
                       "/live.mp3.m3u", "/talk.ogg.xspf", "/icons/none.png", "/../etc/passwd", "/admin/../status.xsl"])
    http("GET", path, [("User-Agent", rnd.choice(AGENTS))], source=client_addr())


def admin():
    pw = ADMIN_PW if rnd.random() < 0.8 else "guess"
    mount = rnd.choice(MOUNTS)
    path = rnd.choice([
        "/admin/stats", "/admin/listmounts", f"/admin/listclients?mount={mount}",
        f"/admin/metadata?mount={mount}&mode=updinfo&song=Track+{rnd.randint(1, 99)}",
        f"/admin/killclient?mount={mount}&id={rnd.randint(1, 60)}", f"/admin/killsource?mount={mount}",
        f"/admin/moveclients?mount=/live.mp3&destination=/backup.mp3", "/admin/fallbacks?mount=/live.mp3&fallback=/talk.ogg",
        f"/admin/manageauth?mount=/members.mp3&action=add&username=u{rnd.randint(1, 9)}&password=p{rnd.randint(1, 9)}",
        f"/admin/manageauth?mount=/members.mp3&action=delete&username=u{rnd.randint(1, 9)}",
        "/admin/nosuchcommand", "/admin/stats.xsl", f"/admin/updatemetadata?mount={mount}", "/admin/buildm3u?mount=/live.mp3"])
    http("GET", path, [("Authorization", auth("admin", pw))], source=client_addr())


def junk():
    what = rnd.choice([b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", b"HELLO\r\n\r\n", b"GET / HTTP/1.1\r\nHost: x",
                       b"", b"POST /admin/stats HTTP/1.0\r\nContent-Length: 5\r\n\r\nabcde", b"SOURCE /x.mp3 ICE/1.0\r\n\r\n"])
    daemon.send(PORT, what, linger=rnd.choice([0.1, 3.5]), source=client_addr())


def source_client():
    mount = rnd.choice(MOUNTS)
    password = SOURCE_PW if rnd.random() < 0.8 else rnd.choice(["hackme", ""])
    stream_source(mount, rnd.uniform(0.5, 4), rnd.choice(["PUT", "SOURCE"]), password, mount.endswith(".ogg"))


def client():
    rnd.choice([listener, listener, listener, web, admin, admin, junk, source_client])()
    time.sleep(rnd.uniform(0.02, 0.2))


def workload(work):
    subprocess.run(["chown", "nobody:nogroup", work], check=True)
    with open(f"{work}/members.htpasswd", "w") as f:
        f.write("")
    subprocess.run(["chown", "nobody:nogroup", f"{work}/members.htpasswd"], check=True)
    write_config(work)
    log = f"{work}/icecast.log"
    proc = start(work)
    stream_source("/live.mp3", 8)
    stream_source("/backup.mp3", 30)
    time.sleep(1)
    for n in daemon.rounds(log, 2600, rnd, (15, 30), client):
        if n % 3 == 0:
            stream_source("/live.mp3", rnd.uniform(3, 12))
        if n % 5 == 0:
            write_config(work, rnd.randint(0, 2))
            os.kill(proc.pid, signal.SIGHUP)
            time.sleep(1)
        if n % 9 == 0:
            daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGINT]))
            proc = start(work)
            stream_source("/backup.mp3", 30)
    daemon.stop(proc)
    return log


def events():
    src = os.environ.get("ICECAST_SRC")
    if src:
        with open(os.path.join(HERE, "calls.json"), "w", encoding="utf-8") as f:
            json.dump(c_events(src), f, indent=0, ensure_ascii=False)
    with open(os.path.join(HERE, "calls.json"), encoding="utf-8") as f:
        calls = [tuple(call) for call in json.load(f)]
    return events_from(calls)


HEADER = re.compile(r"\[\d{4}-\d\d-\d\d  \d\d:\d\d:\d\d\] (.*)")

if __name__ == "__main__":
    label.generate(HERE, HEADER, events(), workload, readable=True)
