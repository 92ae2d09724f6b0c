"""Makes bench/data/javaservice: the console log of a real JVM service, OrderService.java beside
this script (Javalin 6 on Jetty 11, Jackson, HikariCP over H2, java.net.http for a payment call,
SLF4J and Logback 1.5 with the usual pattern `%d %-5level [%thread] %logger{36} - %msg%n`), run on
Debian's OpenJDK 17 and driven by a seeded mix of requests: reads, writes, bad JSON, constraint
violations, missing tables, a payment service that is up, slow or down, and bursts that exhaust
the connection pool. Errors come with Logback's multi-line stack traces and `Caused by:` chains.
The service is started three times, so its start-up and shut-down messages are in the log too.

Run from anywhere: python3 bench/data/javaservice/generate.py
(the service's raw log is kept in the temporary folder as oats-javaservice-raw.log until it is
labelled; `generate.py --raw FILE` labels such a log again without running anything)
(needs Debian's openjdk-17-jdk-headless; the libraries come from Maven Central through the
repository's mvnw and the pom.xml beside this script).

Ground truth. A line with a Logback header is labelled with the log call that printed it: the
SLF4J format string at that call site (in OrderService.java, or in the sources of Javalin, Jetty
and HikariCP 5.1.0), `{}` written `<*>`. Where a library passes a constant to a shared log helper
(HikariCP's `logPoolState("Timeout failure ")`), the constant is part of the event. A line without
a header is a line of a stack trace, as Logback's ThrowableProxyConverter prints it, and each
physical line is one line of the data set, as `oats logs templates` reads it:
  - `\tat <frame>` is one event, `at <*>`, whatever the frame (Logback's format: "\tat " + frame);
  - `\t... <n> common frames omitted` is one event;
  - an exception line (`<class>: <message>`, or `Caused by: <class>: <message>`) is an event per
    exception class and message format string (the JDK's, H2's message catalogue, HikariCP's);
  - the second line of an H2 message (`<sql> [<code>-<build>]`, H2's format) is one event.
"""
import http.server
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import http.client
import json

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"
PORT = 17070
PAY_PORT = 17071
rnd = random.Random(15)


class Payments:
    """A stand-in payment service the order service calls: up, slow (past the client's 500 ms
    timeout) or down (the port refuses connections)."""

    def __init__(self):
        self.server = None
        self.slow = False

    def up(self, slow=False):
        self.slow = slow
        if self.server:
            return
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if outer.slow and rnd.random() < 0.7:
                    time.sleep(0.8)
                code = 200 if rnd.random() < 0.8 else 402
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", PAY_PORT), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def call(method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
        conn.getresponse().read()
    except Exception:
        pass
    finally:
        conn.close()


CUSTOMERS = ["acme-gmbh", "globex", "initech", "umbrella", "hooli", "stark-ind", "wayne-ent"]
SKUS = ["SKU-1001", "SKU-2002", "SKU-3003"]


def order_json(oid, customer=None, sku=None, quantity=None):
    return json.dumps({"id": oid, "customer": customer or rnd.choice(CUSTOMERS),
                       "sku": sku or rnd.choice(SKUS), "quantity": quantity or rnd.randrange(1, 9)})


def workload(state, payments):
    """One request (or a burst) drawn from the mix."""
    k = rnd.random()
    created = state["created"]
    if k < 0.20 and created:
        call("GET", f"/orders/{rnd.choice(created)}")
    elif k < 0.27:
        call("GET", f"/orders/{rnd.randrange(5000, 9999)}")
    elif k < 0.275:
        call("GET", f"/orders/{rnd.choice(['abc', 'latest', '12x', 'null', '-', '9e3'])}")
    elif k < 0.45:
        oid = state["next"]
        state["next"] += rnd.randrange(1, 4)
        call("POST", "/orders", order_json(oid))
        created.append(oid)
    elif k < 0.453 and created:
        call("POST", "/orders", order_json(rnd.choice(created)))
    elif k < 0.455:
        call("POST", "/orders", order_json(state["next"], quantity=-rnd.randrange(1, 5)))
        state["next"] += 1
    elif k < 0.457:
        call("POST", "/orders", json.dumps({"id": state["next"], "customer": None, "sku": "SKU-1001", "quantity": 1}))
    elif k < 0.459:
        call("POST", "/orders", order_json(state["next"], customer="customer-" + "x" * rnd.randrange(15, 30)))
    elif k < 0.49:
        oid = state["next"]
        call("POST", "/orders", rnd.choice([
            order_json(oid)[:-rnd.randrange(1, 12)],
            order_json(oid).replace('"quantity"', '"qty"'),
            '{"id": "%s", "customer": "x", "sku": "SKU-1001", "quantity": 1}' % rnd.choice(["abc", "12-4", "n/a"]),
            "[" + order_json(oid) + "]",
            "id=%d&sku=SKU-1001" % oid,
            '{"id": %d, "customer": "globex", "sku": "SKU-1001", "quantity": "%s"}' % (oid, rnd.choice(["two", "1.5x", "many"])),
        ]))
    elif k < 0.53 and created:
        call("POST", f"/orders/{rnd.choice(created)}/pay")
    elif k < 0.64:
        call("GET", f"/reports/{rnd.choice(['daily', 'stock'])}")
    elif k < 0.643:
        call("GET", f"/reports/{rnd.choice(['weekly', 'monthly', 'returns', 'vat'])}")
    elif k < 0.80:
        call("GET", f"/stock/{rnd.choice(SKUS)}")
    elif k < 0.803:
        call("GET", f"/stock/{rnd.choice(['SKU-9999', 'sku-1001', 'SKU-10O1', 'NONE'])}")
    elif k < 0.809:
        burst = [threading.Thread(target=call, args=("GET", "/slow")) for _ in range(rnd.randrange(2, 5))]
        for t in burst:
            t.start()
        for t in burst:
            t.join()
    elif k < 0.819:
        r = rnd.random()
        if r < 0.4:
            payments.down()
        else:
            payments.up(slow=r > 0.75)
    else:
        time.sleep(rnd.uniform(0.1, 0.6))


def run_service(lib, out, target_lines, state, payments):
    env = dict(os.environ)
    proc = subprocess.Popen(
        [JAVA, f"-Dlogback.configurationFile={HERE}/logback.xml",
         "-Dcom.zaxxer.hikari.housekeeping.periodMs=2000", "-cp", f"{lib}/*",
         f"{HERE}/OrderService.java", str(PORT), str(PAY_PORT)],
        stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        sys.exit("the service did not start")
    while lines_in(out.name) < target_lines:
        workload(state, payments)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)


def lines_in(path):
    with open(path, encoding="utf-8") as f:
        return sum(1 for _ in f)


# Events, as (id, template, regex over "LEVEL logger - message" for a line with a header, or over
# the line itself, without its leading tab, for a line of a stack trace).
H = r"\w+ +\S+ - "
EXC = r"(?:Caused by: )?"
EVENTS = label.compile_events([
    # OrderService.java
    ("E1", "Order store ready: <*> tables, pool <*>", H + r"Order store ready: \d+ tables, pool \S+"),
    ("E2", "<*> <*> -> <*> in <*> ms", H + r"(GET|POST) \S+ -> \d+ in [\d.]+ ms"),
    ("E3", "Order <*> not found", H + r"Order \d+ not found"),
    ("E4", "Rejected order payload from <*>: <*>", H + r"Rejected order payload from \S+: .*"),
    ("E5", "order=<*> customer=<*> sku=<*> qty=<*> action=created",
     H + r"order=\d+ customer=\S+ sku=\S+ qty=\d+ action=created"),
    ("E6", "Payment for order <*> answered <*>", H + r"Payment for order \d+ answered \d+"),
    ("E7", "Payment failed for <*>", H + r"Payment failed for \S+"),
    ("E8", "Order store failure on <*> <*>", H + r"Order store failure on (GET|POST) \S+"),
    ("E9", "Report <*> counted <*> rows", H + r"Report \w+ counted \d+ rows"),
    ("E10", "Stock for <*> is low: <*> left", H + r"Stock for \S+ is low: \d+ left"),
    ("E11", "Reconciliation #<*> checked <*> orders", H + r"Reconciliation #\d+ checked \d+ orders"),
    ("E12", "Reconciliation #<*> skipped: <*>", H + r"Reconciliation #\d+ skipped: .*"),
    ("E13", "Shutting down after <*> reconciliations", H + r"Shutting down after \d+ reconciliations"),
    # Javalin 6.3.0 (JettyServer.kt, Util.kt, ExceptionMapper.kt)
    ("E14", "Starting Javalin ...", H + r"Starting Javalin \.\.\."),
    ("E15", "Javalin started in <*>ms \\o/", H + r"Javalin started in \d+ms \\o/"),
    ("E16", "Listening on <*>", H + r"Listening on \S+"),
    ("E17", "You are running Javalin <*> (released <*>).", H + r"You are running Javalin \S+ \(released .*\)\."),
    ("E18", "Uncaught exception", H + r"Uncaught exception"),
    ("E19", "Stopping Javalin ...", H + r"Stopping Javalin \.\.\."),
    ("E20", "Javalin has stopped", H + r"Javalin has stopped"),
    # Jetty 11.0.23
    ("E21", "jetty-<*>; built: <*>; git: <*>; jvm <*>", H + r"jetty-\S+; built: \S+; git: \w+; jvm \S+"),
    ("E22", "Session workerName=<*>", H + r"Session workerName=\S+"),
    ("E23", "Started <*>", r"\w+ +o\.e\.j\.server\.handler\.ContextHandler - Started \S+"),
    ("E24", "Started <*>", r"\w+ +o\.e\.jetty\.server\.AbstractConnector - Started \S+.*"),
    ("E25", "Started <*> @<*>ms", H + r"Started Server@\S+ @\d+ms"),
    ("E26", "Stopped <*>", r"\w+ +o\.e\.j\.server\.handler\.ContextHandler - Stopped \S+"),
    ("E27", "Stopped <*>", r"\w+ +o\.e\.jetty\.server\.AbstractConnector - Stopped \S+.*"),
    ("E28", "Stopped <*>", r"\w+ +org\.eclipse\.jetty\.server\.Server - Stopped Server@\S+"),
    # HikariCP 5.1.0
    ("E29", "<*> - configuration:", H + r"\S+ - configuration:"),
    ("E30", "<*><*>", r"DEBUG +com\.zaxxer\.hikari\.HikariConfig - \w+\.{2,}.*"),
    ("E31", "<*> - Starting...", H + r"\S+ - Starting\.\.\."),
    ("E32", "<*> - Start completed.", H + r"\S+ - Start completed\."),
    ("E33", "Loaded driver with class name <*> for jdbcUrl=<*>", H + r"Loaded driver with class name \S+ for jdbcUrl=\S+"),
    ("E34", "<*> - Added connection <*>", r"INFO +\S+ - \S+ - Added connection .*"),
    ("E35", "<*> - Added connection <*>", r"DEBUG +\S+ - \S+ - Added connection .*"),
    ("E36", "<*> - Pool stats (total=<*>, active=<*>, idle=<*>, waiting=<*>)", H + r"\S+ - Pool stats \(total=\d+, active=\d+, idle=\d+, waiting=\d+\)"),
    ("E37", "<*> - After adding stats (total=<*>, active=<*>, idle=<*>, waiting=<*>)", H + r"\S+ - After adding stats \(total=\d+, active=\d+, idle=\d+, waiting=\d+\)"),
    ("E38", "<*> - Connection not added, stats (total=<*>, active=<*>, idle=<*>, waiting=<*>)", H + r"\S+ - Connection not added, stats \(total=\d+, active=\d+, idle=\d+, waiting=\d+\)"),
    ("E39", "<*> - Timeout failure stats (total=<*>, active=<*>, idle=<*>, waiting=<*>)", H + r"\S+ - Timeout failure stats \(total=\d+, active=\d+, idle=\d+, waiting=\d+\)"),
    ("E40", "<*> - Before shutdown stats (total=<*>, active=<*>, idle=<*>, waiting=<*>)", H + r"\S+ - Before shutdown stats \(total=\d+, active=\d+, idle=\d+, waiting=\d+\)"),
    ("E41", "<*> - After shutdown stats (total=<*>, active=<*>, idle=<*>, waiting=<*>)", H + r"\S+ - After shutdown stats \(total=\d+, active=\d+, idle=\d+, waiting=\d+\)"),
    ("E42", "<*> - Fill pool skipped, pool has sufficient level or currently being filled.", H + r"\S+ - Fill pool skipped, pool has sufficient level or currently being filled\."),
    ("E43", "<*> - Shutdown initiated...", H + r"\S+ - Shutdown initiated\.\.\."),
    ("E44", "<*> - Shutdown completed.", H + r"\S+ - Shutdown completed\."),
    ("E45", "<*> - Closing connection <*>: <*>", H + r"\S+ - Closing connection \S+: .*"),
    ("E46", "<*> - Thread starvation or clock leap detected (housekeeper delta=<*>).", H + r"\S+ - Thread starvation or clock leap detected \(housekeeper delta=\S+\)\."),
    # Stack traces, as Logback prints them
    ("E47", "at <*>", r"at \S+\(.*\)"),
    ("E48", "... <*> common frames omitted", r"\.\.\. \d+ common frames omitted"),
    ("E49", "<*> [<*>-<*>]", r"(?!at |Caused by)[A-Z].* \[\d+-\d+\]"),
    # Exception lines: class and message format
    ("E50", 'java.lang.NumberFormatException: For input string: "<*>"', EXC + r'java\.lang\.NumberFormatException: For input string: ".*"'),
    ("E51", "java.lang.IllegalArgumentException: Unknown SKU: <*>", EXC + r"java\.lang\.IllegalArgumentException: Unknown SKU: \S+"),
    ("E52", "com.example.shop.OrderService$OrderStoreException: Could not save order <*>", EXC + r"com\.example\.shop\.OrderService\$OrderStoreException: Could not save order \d+"),
    ("E53", "com.example.shop.OrderService$OrderStoreException: Report <*> failed", EXC + r"com\.example\.shop\.OrderService\$OrderStoreException: Report \w+ failed"),
    ("E54", "com.example.shop.OrderService$OrderStoreException: Slow query could not get a connection", EXC + r"com\.example\.shop\.OrderService\$OrderStoreException: Slow query could not get a connection"),
    ("E55", "com.example.shop.OrderService$PaymentException: Payment service unreachable for order <*>", EXC + r"com\.example\.shop\.OrderService\$PaymentException: Payment service unreachable for order \d+"),
    ("E56", "Caused by: org.h2.jdbc.JdbcSQLSyntaxErrorException: Table <*> not found; SQL statement:", EXC + r'org\.h2\.jdbc\.JdbcSQLSyntaxErrorException: Table "\w+" not found; SQL statement:'),
    ("E57", "Caused by: org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException: Unique index or primary key violation: <*>; SQL statement:", EXC + r"org\.h2\.jdbc\.JdbcSQLIntegrityConstraintViolationException: Unique index or primary key violation: .*; SQL statement:"),
    ("E58", "Caused by: org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException: Check constraint violation: <*>; SQL statement:", EXC + r"org\.h2\.jdbc\.JdbcSQLIntegrityConstraintViolationException: Check constraint violation: .*; SQL statement:"),
    ("E59", "Caused by: org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException: NULL not allowed for column <*>; SQL statement:", EXC + r'org\.h2\.jdbc\.JdbcSQLIntegrityConstraintViolationException: NULL not allowed for column "\w+"; SQL statement:'),
    ("E60", "Caused by: org.h2.jdbc.JdbcSQLDataException: Value too long for column <*>: <*>; SQL statement:", EXC + r"org\.h2\.jdbc\.JdbcSQLDataException: Value too long for column .*; SQL statement:"),
    ("E61", "Caused by: java.net.ConnectException: null", EXC + r"java\.net\.ConnectException: null"),
    ("E65", "Caused by: java.net.http.HttpConnectTimeoutException: HTTP connect timed out", EXC + r"java\.net\.http\.HttpConnectTimeoutException: HTTP connect timed out"),
    ("E66", "Caused by: java.net.ConnectException: HTTP connect timed out", EXC + r"java\.net\.ConnectException: HTTP connect timed out"),
    ("E62", "Caused by: java.nio.channels.ClosedChannelException: null", EXC + r"java\.nio\.channels\.ClosedChannelException: null"),
    ("E63", "Caused by: java.net.http.HttpTimeoutException: request timed out", EXC + r"java\.net\.http\.HttpTimeoutException: request timed out"),
    ("E64", "Caused by: java.sql.SQLTransientConnectionException: <*> - Connection is not available, request timed out after <*>ms (total=<*>, active=<*>, idle=<*>, waiting=<*>)",
     EXC + r"java\.sql\.SQLTransientConnectionException: \S+ - Connection is not available, request timed out after \d+ms \(total=\d+, active=\d+, idle=\d+, waiting=\d+\)"),
])

HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (\w+) +\[[^\]]*\] (\S+) - (.*)$")


def key_of(line):
    """What the events' regexes match: level, logger and message of a line with a header, else the
    stack-trace line without its indentation."""
    m = HEADER.match(line)
    return f"{m.group(1)} {m.group(2)} - {m.group(3)}" if m else line.lstrip("\t")


def content_of(line):
    """The Content column: the message of a line with a header, else the line unindented."""
    m = HEADER.match(line)
    return m.group(3) if m else line.lstrip("\t")


def main():
    """Runs the service and labels its log; with --raw FILE, labels a log kept from a run."""
    if "--raw" in sys.argv:
        write(sys.argv[sys.argv.index("--raw") + 1])
        return
    work = tempfile.mkdtemp(prefix="oats-javaservice-")
    lib = f"{work}/lib"
    subprocess.run([f"{ROOT}/mvnw", "-B", "-q", "-f", f"{HERE}/pom.xml", "dependency:copy-dependencies",
                    f"-DoutputDirectory={lib}"], check=True)
    log = f"{work}/service.log"
    payments = Payments()
    payments.up()
    state = {"created": [], "next": 1}
    try:
        with open(log, "w", encoding="utf-8") as out:
            for target in (700, 1400, 2300):
                run_service(lib, out, target, state, payments)
    finally:
        payments.down()
    raw = os.path.join(tempfile.gettempdir(), "oats-javaservice-raw.log")
    shutil.copy(log, raw)
    shutil.rmtree(work)
    write(raw)
    os.remove(raw)


def write(raw):
    """Labels the log of a run (kept at raw until it is labelled) and writes the data set."""
    with open(raw, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    labelled = label.label(lines, EVENTS, key_of)
    labelled = [(line, content_of(line), eid, t) for line, _, eid, t in labelled]
    if len(labelled) < 2000:
        sys.exit(f"only {len(labelled)} lines: make the workload longer")
    label.write(HERE, "javaservice", labelled[:2000])


if __name__ == "__main__":
    main()
