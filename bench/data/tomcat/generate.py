"""Makes bench/data/tomcat: the catalina log of a real Apache Tomcat 10.1 (Debian's tomcat10, on
Debian's OpenJDK 17), in Tomcat's default JULI format (OneLineFormatter:
`dd-MMM-yyyy HH:mm:ss.SSS LEVEL [thread] class.method message`, a throwable's stack trace on the
lines after), with the host's logger (ServletContext.log, uncaught servlet exceptions) sent to the
same file. Tomcat runs from a private CATALINA_BASE with the web applications of OatsApps.java
beside this script (compiled with javac against Tomcat's servlet-api.jar) and is driven by a
seeded workload: requests that succeed, are refused (400, 404, 405, 409), or throw (servlet
exceptions with a root cause, NullPointerException, NumberFormatException, IllegalArgumentException)
with multi-line stack traces; requests slow enough for the StuckThreadDetectionValve; malformed
HTTP on the connector; applications deployed, redeployed (web.xml touched), undeployed and
deployed from a WAR, one with a broken web.xml that fails and is then fixed; a listener that leaks
a thread (Tomcat's memory-leak warning when its application stops); and restarts of Tomcat.

Run as root from anywhere: python3 bench/data/tomcat/generate.py   (needs apt-get install
tomcat10 openjdk-17-jdk-headless; the raw log is kept in the temporary folder as
oats-tomcat-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again
without running anything).

Ground truth. A line with a JULI header is labelled with the message format of the call that
logged it: Tomcat's own messages are looked up in its StringManager bundles, the English
`LocalStrings.properties` of each package in Tomcat's jars (/usr/share/tomcat10/lib/*.jar,
bin/tomcat-juli.jar, bin/bootstrap.jar), read by this script: each key is an event
(`<package>:<key>`), its MessageFormat arguments `{n}` written `<*>`; where two bundles hold a
text that matches, the one of the logging class's package (the header's `class.method`) is taken,
and of several in one package the one with the most literal text.
The applications' own messages (OatsApps.java) are events written here. The header (time, level,
thread, class.method) is not part of the event. Lines without a header belong to the message
before them, each physical line a line of the data set, as in `javaservice`: a stack frame
`\tat <frame>` is one event, `at <*>`, whatever the frame (java.lang.Throwable prints every frame
with the one format); `\t... <n> more` one event; an exception line (`<class>: <message>`, alone or
after `Caused by: `) an event per class and message format (the JDK's, Tomcat's, the apps');
a frame of the thread dump in Tomcat's leak warning (` <frame>`, WebappClassLoaderBase's
format) one event.
"""
import glob
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HOME = "/usr/share/tomcat10"
JDK = "/usr/lib/jvm/java-17-openjdk-amd64"
PORT = 18080
rnd = random.Random(15)

SERVER_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener" />
  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener" />
  <Listener className="org.apache.catalina.mbeans.GlobalResourcesLifecycleListener" />
  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener" />
  <GlobalNamingResources>
    <Resource name="UserDatabase" auth="Container" type="org.apache.catalina.UserDatabase"
              description="User database" factory="org.apache.catalina.users.MemoryUserDatabaseFactory"
              pathname="conf/tomcat-users.xml" />
  </GlobalNamingResources>
  <Service name="Catalina">
    <Connector port="{PORT}" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="5000"
               maxParameterCount="1000" maxHttpHeaderSize="2048" />
    <Engine name="Catalina" defaultHost="localhost" backgroundProcessorDelay="1">
      <Realm className="org.apache.catalina.realm.LockOutRealm">
        <Realm className="org.apache.catalina.realm.UserDatabaseRealm" resourceName="UserDatabase"/>
      </Realm>
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="true">
      </Host>
    </Engine>
  </Service>
</Server>
"""

LOGGING = """handlers = 1catalina.org.apache.juli.AsyncFileHandler
.handlers = 1catalina.org.apache.juli.AsyncFileHandler
1catalina.org.apache.juli.AsyncFileHandler.level = FINE
1catalina.org.apache.juli.AsyncFileHandler.directory = ${catalina.base}/logs
1catalina.org.apache.juli.AsyncFileHandler.prefix = catalina.
1catalina.org.apache.juli.AsyncFileHandler.encoding = UTF-8
org.apache.catalina.core.ContainerBase.[Catalina].[localhost].level = INFO
"""


def web_xml(servlets, listener=False, broken=False):
    body = "".join(f"""  <servlet><servlet-name>{name}</servlet-name><servlet-class>demo.OatsApps${cls}</servlet-class></servlet>
  <servlet-mapping><servlet-name>{name}</servlet-name><url-pattern>/{name}</url-pattern></servlet-mapping>
""" for name, cls in servlets)
    if listener:
        body += "  <listener><listener-class>demo.OatsApps$Refresher</listener-class></listener>\n"
    end = "</web-app" if broken else "</web-app>\n"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
{body}{end}"""


APPS = {
    "shop": ([("orders", "Orders")], True, ""),
    "api": ([("items", "Items")], False,
            '<Context><Valve className="org.apache.catalina.valves.StuckThreadDetectionValve" threshold="2"/></Context>'),
    "admin": ([("flush", "Flush")], False, ""),
    "legacy": ([("orders", "Orders")], True, ""),
}


def make_app(root, name, classes, broken=False):
    servlets, listener, context = APPS[name]
    app = f"{root}/{name}"
    os.makedirs(f"{app}/WEB-INF", exist_ok=True)
    shutil.copytree(classes, f"{app}/WEB-INF/classes", dirs_exist_ok=True)
    if context:
        os.makedirs(f"{app}/META-INF", exist_ok=True)
        with open(f"{app}/META-INF/context.xml", "w") as f:
            f.write(context)
    with open(f"{app}/WEB-INF/web.xml", "w") as f:
        f.write(web_xml(servlets, listener, broken))


def make_war(path, classes):
    """reports.war: the shop's servlet under another name, packed as a WAR."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("WEB-INF/web.xml", web_xml([("orders", "Orders")], True))
        for f in glob.glob(f"{classes}/demo/*.class"):
            z.write(f, "WEB-INF/classes/demo/" + os.path.basename(f))


def compile_apps(work):
    classes = f"{work}/classes"
    subprocess.run([f"{JDK}/bin/javac", "-nowarn", "-d", classes, "-cp", f"{HOME}/lib/servlet-api.jar",
                    f"{HERE}/OatsApps.java"], check=True)
    return classes


def start(base):
    env = dict(os.environ, CATALINA_HOME=HOME, CATALINA_BASE=base, JAVA_HOME=JDK,
               CATALINA_OPTS="-Xmx160m -XX:ActiveProcessorCount=1 -XX:+UseSerialGC")
    proc = subprocess.Popen([f"{HOME}/bin/catalina.sh", "run"], env=env, cwd=base,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            time.sleep(2)
            return proc
        except OSError:
            time.sleep(0.5)
    return proc


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def http(method, path, timeout=10):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
    except (urllib.error.URLError, OSError):
        pass


def raw(data):
    try:
        s = socket.create_connection(("127.0.0.1", PORT), timeout=3)
        s.sendall(data)
        s.recv(4096)
        s.close()
    except OSError:
        pass


USERS = ["alice", "bob", "carol", "dave", "erin", "frank"]
REGIONS = ["eu-west", "us-east", "ap-south", "catalog", "sessions"]


def request():
    k = rnd.random()
    if k < 0.30:
        http("GET", f"/shop/orders?id={rnd.randrange(10**5)}" + (f"&user={rnd.choice(USERS)}" if rnd.random() < 0.6 else ""))
    elif k < 0.36:
        http("GET", "/shop/orders")
    elif k < 0.366:
        http("GET", f"/shop/orders?id=fail{'x' * rnd.randrange(1, 8)}")
    elif k < 0.37:
        http("GET", f"/shop/orders?id=gone{rnd.randrange(99)}")
    elif k < 0.55:
        http("GET", f"/api/items?limit={rnd.randrange(200)}")
    elif k < 0.556:
        http("GET", "/api/items?limit=" + rnd.choice(["ten", "1e3", "", "12abc", "0x1f", str(2**33)]))
    elif k < 0.56:
        http("GET", f"/api/items?limit=-{rnd.randrange(1, 50)}")
    elif k < 0.59:
        http("GET", f"/api/items?limit=5&slow={rnd.randrange(2500, 4500)}", timeout=8)
    elif k < 0.72:
        http("POST", f"/admin/flush?user={rnd.choice(USERS)}&region={rnd.choice(REGIONS)}")
    elif k < 0.728:
        http("POST", f"/admin/flush?user={rnd.choice(USERS)}&region=locked")
    elif k < 0.85:
        http(rnd.choice(["GET", "DELETE"]), rnd.choice(["/missing", "/shop/nothing", "/admin/flush", "/favicon.ico"]))
    elif k < 0.88:
        raw(rnd.choice([b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(20) + b"\r\n\r\n",
                        b"GET /shop/orders?id=<script> HTTP/1.1\r\nHost: x\r\n\r\n",
                        b"GET /api/items HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 3000 + b"\r\n\r\n",
                        b"G\x01T / HTTP/1.1\r\n\r\n",
                        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n"]))
    else:
        http("GET", rnd.choice(["/shop/orders?id=7", "/api/items", "/"]))


def workload(work, classes):
    base = f"{work}/base"
    for d in ("conf", "logs", "webapps", "work", "temp"):
        os.makedirs(f"{base}/{d}", exist_ok=True)
    for f in ("web.xml", "catalina.properties", "context.xml", "tomcat-users.xml"):
        shutil.copy(f"/var/lib/tomcat10/conf/{f}", f"{base}/conf/{f}")
    with open(f"{base}/conf/server.xml", "w") as f:
        f.write(SERVER_XML)
    with open(f"{base}/conf/logging.properties", "w") as f:
        f.write(LOGGING)
    webapps = f"{base}/webapps"
    for name in ("shop", "api", "admin"):
        make_app(webapps, name, classes)
    proc = start(base)
    restarts = [700, 1300, 1900]
    try:
        while (n := lines_in(base)) < 2300:
            k = rnd.random()
            if restarts and n > restarts[0]:
                restarts.pop(0)
                k = 0.905
            if k < 0.80:
                for _ in range(rnd.randrange(1, 6)):
                    request()
                time.sleep(rnd.uniform(0.05, 0.4))
            elif k < 0.84:
                # redeploy: a touched web.xml makes the host undeploy and deploy the application again
                app = rnd.choice(["shop", "api", "admin"])
                if os.path.isdir(f"{webapps}/{app}"):
                    os.utime(f"{webapps}/{app}/WEB-INF/web.xml")
                time.sleep(3)
            elif k < 0.87:
                if os.path.isdir(f"{webapps}/legacy"):
                    shutil.rmtree(f"{webapps}/legacy")
                else:
                    make_app(webapps, "legacy", classes, broken=rnd.random() < 0.5)
                time.sleep(3)
            elif k < 0.90:
                if os.path.exists(f"{webapps}/reports.war"):
                    os.remove(f"{webapps}/reports.war")
                else:
                    make_war(f"{webapps}/reports.war.tmp", classes)
                    os.rename(f"{webapps}/reports.war.tmp", f"{webapps}/reports.war")
                time.sleep(3)
            elif k < 0.915:
                stop(proc)
                time.sleep(rnd.uniform(0.5, 2))
                proc = start(base)
            else:
                time.sleep(rnd.uniform(0.2, 1))
    finally:
        stop(proc)
    time.sleep(1)
    return base


def log_files(base):
    return sorted(glob.glob(f"{base}/logs/catalina.*.log"))


def lines_in(base):
    n = 0
    for p in log_files(base):
        with open(p, encoding="utf-8", errors="replace") as f:
            n += sum(1 for _ in f)
    return n


# --- ground truth -------------------------------------------------------------------------------

def bundles():
    """{package: {key: message}} from the English LocalStrings.properties in Tomcat's jars."""
    out = {}
    jars = glob.glob(f"{HOME}/lib/*.jar") + [f"{HOME}/bin/tomcat-juli.jar", f"{HOME}/bin/bootstrap.jar"]
    for jar in jars:
        if "i18n" in jar:
            continue
        with zipfile.ZipFile(jar) as z:
            for name in z.namelist():
                if not name.endswith("/LocalStrings.properties"):
                    continue
                pkg = name[: -len("/LocalStrings.properties")].replace("/", ".")
                out.setdefault(pkg, {}).update(properties(z.read(name).decode("iso-8859-1")))
    return out


def properties(text):
    """Java .properties: key = value, with continuation lines and \\uXXXX escapes."""
    out = {}
    logical = []
    buf = ""
    for line in text.splitlines():
        s = line.lstrip()
        if not buf and (not s or s[0] in "#!"):
            continue
        if re.search(r"(?<!\\)(\\\\)*\\$", s):
            buf += s[:-1]
            continue
        logical.append(buf + s)
        buf = ""
    for entry in logical:
        m = re.match(r"((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)", entry)
        if not m:
            continue
        value = re.sub(r"\\u([0-9a-fA-F]{4})", lambda u: chr(int(u.group(1), 16)), m.group(2))
        value = re.sub(r"\\(.)", lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)), value)
        out[m.group(1)] = value
    return out


def message_format(value):
    """(template, regex) of a MessageFormat pattern: `{n}` (any form) is a conversion; `''` is a
    quote; text in single quotes is literal."""
    template, rx = "", ""
    i = 0
    while i < len(value):
        c = value[i]
        if c == "'":
            j = value.find("'", i + 1)
            if j == i + 1:
                template += "'"
                rx += "'"
                i += 2
                continue
            if j < 0:
                j = len(value)
            lit = value[i + 1:j]
            template += lit
            rx += re.escape(lit)
            i = j + 1
            continue
        if c == "{":
            # an argument, `{0}` or `{3,choice,0#|0< text [{3}]}`: to its closing brace
            depth, j = 0, i
            while j < len(value):
                depth += {"{": 1, "}": -1}.get(value[j], 0)
                if depth == 0:
                    break
                j += 1
            template += "<*>"
            rx += "(?s:.*?)"
            i = j + 1
            continue
        template += c
        rx += re.escape(c)
        i += 1
    return template, rx


HEADER = re.compile(r"^(\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d\.\d{3}) (SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST) "
                    r"\[([^\]]*)\] (\S+)\.(\w+|<init>|<clinit>|lambda\$\S*) (.*)$")

# Messages that are not in Tomcat's bundles: the applications' (OatsApps.java).
APP = [
    ("app1", "order <*> viewed by <*>", r"order \d+ viewed by \w+"),
    ("app2", "cache flush of region <*> requested by <*>", r"cache flush of region [\w-]+ requested by \w+"),
    ("app3", "cache flush of region <*> failed", r"cache flush of region [\w-]+ failed"),
    ("app4", "cache refresher started", r"cache refresher started"),
]
# Exception messages that are not in Tomcat's bundles: the JDK's and the applications'; a class
# whose message is the whole of a value (ClassNotFoundException's class name) has the event `<*>`.
EXCEPTION_MESSAGES = [
    ("jakarta.servlet.ServletException", "order store unavailable", r"order store unavailable"),
    ("java.lang.IllegalStateException", "connection pool exhausted after <*> ms", r"connection pool exhausted after \d+ ms"),
    ("java.lang.NullPointerException", "Cannot invoke <*> because <*> is null", r'Cannot invoke "[^"]+" because "[^"]+" is null'),
    ("java.lang.NumberFormatException", "For input string: <*>", r'For input string: "[^"]*"(?: under radix \d+)?'),
    ("java.lang.IllegalArgumentException", "limit must not be negative: <*>", r"limit must not be negative: -\d+"),
    ("java.io.IOException", "region <*> is locked by <*>", r"region \w+ is locked by \w+"),
    ("java.lang.ClassNotFoundException", "<*>", r"[\w.$]+"),
]
TRACE = [
    # java.lang.Throwable.printStackTrace, each line indented by JULI's OneLineFormatter with a tab
    ("trace:at", "at <*>", re.compile(r"\t+at \S+\(.*\)\Z")),
    ("trace:more", "... <*> more", re.compile(r"\t+\.\.\. \d+ more\Z")),
    # a frame of the thread dump in WebappClassLoaderBase's leak warnings: "\n " + frame
    ("trace:thread", "<*>", re.compile(r" (?:[\w.]+@[\w.-]+/)?[\w.$/]+\.[\w$<>]+\([^)]*\)\Z")),
]
# SAXParseException.toString (the JDK's): the location, then the parser's message (the JDK's
# XMLMessages.properties), an event per message.
SAX = [("exception:org.xml.sax.SAXParseException:ETagRequired",
        "org.xml.sax.SAXParseException; systemId: <*>; lineNumber: <*>; columnNumber: <*>; XML document structures must start and end within the same entity.",
        re.compile(r"\t*(?:Caused by: )?org\.xml\.sax\.SAXParseException; systemId: \S+; lineNumber: \d+; columnNumber: \d+; "
                   r"XML document structures must start and end within the same entity\.\Z"))]
EXCEPTION = re.compile(r"\t*(?:Caused by: )?((?:[a-z]\w*\.)+(?:[A-Z][\w$]*(?:Exception|Error)|Throwable))(?:: (.*))?\Z", re.S)


def events():
    """(id, package, template, regex) of the first line of each bundle message, and of each line
    after the first of a message with several lines (id `<key>#<n>`)."""
    first, rest = [], []
    for pkg, keys in bundles().items():
        for key, value in keys.items():
            for n, part in enumerate(value.split("\n")):
                template, rx = message_format(part)
                if not template.replace("<*>", "").strip():
                    continue  # nothing but an argument: it would match any line
                (first if n == 0 else rest).append(
                    (f"{pkg}:{key}" + (f"#{n}" if n else ""), pkg, template, re.compile(rx + r"\Z", re.S)))
    return first, rest


def pick(hits, pkg):
    """The one template among hits: a bundle of the logging class's package first, then the
    pattern with the most literal text (the most specific: an argument's `.*?` may span another's
    brackets); None when that leaves several."""
    if len({e[2] for e in hits}) > 1 and pkg:
        mine = [e for e in hits if e[1] == pkg]
        if mine:
            hits = mine
    if len({e[2] for e in hits}) > 1:
        longest = max(len(e[2].replace("<*>", "")) for e in hits)
        hits = [e for e in hits if len(e[2].replace("<*>", "")) == longest]
    if len({e[2] for e in hits}) != 1:
        return None
    return sorted(hits)[0]


def labelled_lines(lines):
    first, rest = events()
    app = [(eid, None, t, re.compile(rx + r"\Z")) for eid, t, rx in APP]
    exc = {}
    for cls, t, rx in EXCEPTION_MESSAGES:
        exc.setdefault(cls, []).append((f"{cls}:{t}", cls, t, re.compile(rx + r"\Z")))
    out = []
    for line in lines:
        m = HEADER.match(line)
        if m:
            content = m.group(6)
            pkg = m.group(4).rsplit(".", 1)[0]
            hits = [e for e in first + app if e[3].match(content)]
            e = pick(hits, pkg)
        else:
            content = line
            hits = [t for t in TRACE + SAX if t[2].match(line)]
            e = (hits[0][0], None, hits[0][1]) if len(hits) == 1 else None
            x = EXCEPTION.match(line)
            if e is None and x:
                cls, msg = x.group(1), x.group(2)
                if msg is None:
                    e = (f"exception:{cls}", None, cls)
                else:
                    own = [c for c in exc.get(cls, []) if c[3].match(msg)]
                    found = own[0] if len(own) == 1 else pick([c for c in first if c[3].match(msg)], None)
                    if found:
                        e = (f"exception:{cls}:{found[0]}", None, f"{cls}: {found[2]}")
            elif e is None:
                e = pick([c for c in rest if c[3].match(line)], None)
        if e is None:
            sys.exit(f"no single event: {line!r}")
        out.append((line, content, e[0], e[2]))
    return out


def main():
    """Runs Tomcat and labels its log; with --raw FILE, labels a log kept from a run."""
    if "--raw" in sys.argv:
        write(sys.argv[sys.argv.index("--raw") + 1])
        return
    work = tempfile.mkdtemp(prefix="oats-tomcat-")
    base = workload(work, compile_apps(work))
    raw_log = os.path.join(tempfile.gettempdir(), "oats-tomcat-raw.log")
    with open(raw_log, "w", encoding="utf-8") as out:
        for p in log_files(base):
            with open(p, encoding="utf-8") as f:
                out.write(f.read())
    shutil.rmtree(work)
    write(raw_log)


def write(raw_log):
    with open(raw_log, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    labelled = labelled_lines(lines)
    if len(labelled) < 2000:
        sys.exit(f"only {len(labelled)} lines: make the workload longer")
    label.write(HERE, "tomcat", labelled[:2000])


if __name__ == "__main__":
    main()
