"""Makes bench/data/postgresql: the server log of a real PostgreSQL 15 (Debian's package) under a
seeded workload of connections, DDL, application queries and their errors.

Run as root from anywhere: python3 bench/data/postgresql/generate.py
It starts a throw-away cluster in a temporary folder on a free port (as the postgres user), runs
the workload with psql, stops it, and labels every line of the log with the message whose format
string (in PostgreSQL's source: the errmsg/errdetail/errhint calls) printed it.
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import label  # noqa: E402

BIN = "/usr/lib/postgresql/15/bin"
HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 54329
rnd = random.Random(15)


def as_postgres(*args, **kw):
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, **kw)


def psql(sql, user="postgres", db="shop", app="orders-api"):
    env = dict(os.environ, PGAPPNAME=app)
    subprocess.run(
        ["runuser", "-u", "postgres", "--", f"{BIN}/../bin/psql" if False else "psql",
         "-h", "127.0.0.1", "-p", str(PORT), "-U", user, "-d", db, "-q", "-X", "-c", sql],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def workload():
    tables = ["orders", "customers", "invoices", "line_items", "shipments"]
    missing = ["order", "customer", "invoce", "lineitems", "shipment_log", "tmp_export"]
    cols = ["amount", "total", "created", "status", "qty", "customerid"]
    psql("CREATE TABLE IF NOT EXISTS orders (id int primary key, customer_id int not null, "
         "total numeric, status varchar(12))")
    psql("CREATE TABLE IF NOT EXISTS customers (id int primary key, name text not null)")
    order_id = 1
    for round_ in range(460):
        kind = rnd.randrange(16)
        app = rnd.choice(["orders-api", "billing-worker", "psql", "reporting"])
        if kind == 0:
            psql(f"SELECT * FROM {rnd.choice(missing)} WHERE id = {rnd.randrange(1, 9999)}", app=app)
        elif kind == 1:
            psql(f"SELECT {rnd.choice(cols)} FROM {rnd.choice(tables[:2])} LIMIT {rnd.randrange(1, 50)}", app=app)
        elif kind == 2:
            psql(rnd.choice(["SELEC 1", "SELECT * FORM orders", "UPDATE orders SET total = WHERE id = 1",
                             "INSERT INTO orders VALUES (1,,2)", "DELETE orders WHERE id = 3"]), app=app)
        elif kind == 3:
            psql(f"SELECT {rnd.randrange(1, 1000)} / 0", app=app)
        elif kind == 4:
            i = rnd.randrange(1, max(2, order_id))
            psql(f"INSERT INTO orders VALUES ({i}, {rnd.randrange(1, 99)}, {rnd.randrange(1, 500)}.{rnd.randrange(10, 99)}, 'new')", app=app)
        elif kind == 5:
            psql(f"INSERT INTO orders VALUES ({order_id}, {rnd.randrange(1, 99)}, 1.5, 'new')", app=app)
            order_id += 1
        elif kind == 6:
            psql(f"INSERT INTO customers (id, name) VALUES ({rnd.randrange(10**4, 10**5)}, NULL)", app=app)
        elif kind == 7:
            psql(f"SELECT * FROM orders WHERE id = '{rnd.choice(['abc', 'x1', 'none', '12a'])}'", app=app)
        elif kind == 8:
            subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-h", "127.0.0.1", "-p", str(PORT),
                            "-d", rnd.choice(["shopp", "analytics", "shop_test"]), "-X", "-c", "SELECT 1"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elif kind == 9:
            psql("SELECT 1", user=rnd.choice(["report", "grafana", "app_rw"]), app=app)
        elif kind == 10:
            psql("COMMIT", app=app)
        elif kind == 11:
            psql(f"BEGIN; SELECT * FROM nosuch_{rnd.randrange(1, 9)}; SELECT 1; ROLLBACK", app=app)
        elif kind == 12:
            psql(f"SET statement_timeout = {rnd.randrange(10, 90)}; SELECT pg_sleep(1)", app=app)
        elif kind == 13:
            psql(f"UPDATE orders SET status = '{'x' * rnd.randrange(13, 30)}' WHERE id = {rnd.randrange(1, 99)}", app=app)
        elif kind == 14:
            psql(f"SELECT {rnd.choice(['lenght', 'now2', 'to_charr'])}(status) FROM orders", app=app)
        else:
            t = f"tmp_{rnd.randrange(100, 999)}"
            psql(f"CREATE TABLE {t} (id int); DROP TABLE {t}", app=app)
        if round_ % 60 == 59:
            psql("CHECKPOINT")


# (event id, template, regex of the message after "LEVEL:  "), from PostgreSQL 15's format strings.
S = r'[^"]*'
EVENTS = label.compile_events([
    ("E1", "LOG: connection received: host=<*> port=<*>", r"LOG:  connection received: host=\S+ port=\d+"),
    ("E2", "LOG: connection authorized: user=<*> database=<*> application_name=<*>",
     r"LOG:  connection authorized: user=\S+ database=\S+ application_name=.+"),
    ("E3", "LOG: disconnection: session time: <*> user=<*> database=<*> host=<*> port=<*>",
     r"LOG:  disconnection: session time: [\d:.]+ user=\S+ database=\S+ host=\S+ port=\d+"),
    ("E4", 'ERROR: relation "<*>" does not exist at character <*>', r'ERROR:  relation "\S+" does not exist at character \d+'),
    ("E5", 'ERROR: column "<*>" does not exist at character <*>', r'ERROR:  column "\S+" does not exist at character \d+'),
    ("E6", 'ERROR: syntax error at or near "<*>" at character <*>', r'ERROR:  syntax error at or near "[^"]*" at character \d+'),
    ("E7", "ERROR: division by zero", r"ERROR:  division by zero"),
    ("E8", 'ERROR: duplicate key value violates unique constraint "<*>"', r'ERROR:  duplicate key value violates unique constraint "\S+"'),
    ("E9", "DETAIL: Key (<*>)=(<*>) already exists.", r"DETAIL:  Key \(\w+\)=\(\S+\) already exists\."),
    ("E10", 'ERROR: null value in column "<*>" of relation "<*>" violates not-null constraint',
     r'ERROR:  null value in column "\w+" of relation "\w+" violates not-null constraint'),
    ("E11", "DETAIL: Failing row contains (<*>).", r"DETAIL:  Failing row contains \(.*\)\."),
    ("E12", 'ERROR: invalid input syntax for type <*>: "<*>" at character <*>',
     r'ERROR:  invalid input syntax for type \w+: "[^"]*" at character \d+'),
    ("E13", 'FATAL: database "<*>" does not exist', r'FATAL:  database "\S+" does not exist'),
    ("E14", 'FATAL: role "<*>" does not exist', r'FATAL:  role "\S+" does not exist'),
    ("E15", "WARNING: there is no transaction in progress", r"WARNING:  there is no transaction in progress"),
    ("E16", "ERROR: current transaction is aborted, commands ignored until end of transaction block",
     r"ERROR:  current transaction is aborted, commands ignored until end of transaction block"),
    ("E17", "ERROR: canceling statement due to statement timeout", r"ERROR:  canceling statement due to statement timeout"),
    ("E18", "ERROR: value too long for type character varying(<*>)", r"ERROR:  value too long for type character varying\(\d+\)"),
    ("E19", "ERROR: function <*> does not exist at character <*>", r"ERROR:  function .+ does not exist at character \d+"),
    ("E20", "HINT: No function matches the given name and argument types. You might need to add explicit type casts.",
     r"HINT:  No function matches the given name and argument types\. You might need to add explicit type casts\."),
    ("E21", "STATEMENT: <*>", r"STATEMENT:  .*"),
    ("E22", "LOG: checkpoint starting: <*>", r"LOG:  checkpoint starting: .*"),
    ("E23", "LOG: checkpoint complete: wrote <*> buffers (<*>%); <*> WAL file(s) added, <*> removed, <*> recycled; write=<*> s, sync=<*> s, total=<*> s; sync files=<*>, longest=<*> s, average=<*> s; distance=<*> kB, estimate=<*> kB",
     r"LOG:  checkpoint complete: wrote \d+ buffers \([\d.]+%\); \d+ WAL file\(s\) added, \d+ removed, \d+ recycled; write=[\d.]+ s, sync=[\d.]+ s, total=[\d.]+ s; sync files=\d+, longest=[\d.]+ s, average=[\d.]+ s; distance=\d+ kB, estimate=\d+ kB"),
    ("E24", "HINT: Perhaps you meant to reference the column \"<*>\".", r'HINT:  Perhaps you meant to reference the column "[\w.]+"\.'),
    ("E25", "LOG: statement: <*>", r"LOG:  statement: .*"),
    ("E26", 'NOTICE: table "<*>" does not exist, skipping', r'NOTICE:  table "\w+" does not exist, skipping'),
    ("E27", "LOG: database system is ready to accept connections", r"LOG:  database system is ready to accept connections"),
    ("E28", "LOG: <*>", r"LOG:  (starting PostgreSQL|listening on|database system was shut down|received fast shutdown|aborting any active|background worker|shutting down|database system is shut down).*"),
    ("E29", "ERROR: column \"<*>\" of relation \"<*>\" does not exist at character <*>", r'ERROR:  column "\w+" of relation "\w+" does not exist at character \d+'),
    ("E30", "HINT: No operator matches the given name and argument types. You might need to add explicit type casts.",
     r"HINT:  No operator matches the given name and argument types\. You might need to add explicit type casts\."),
    ("E31", "ERROR: operator does not exist: <*> at character <*>", r"ERROR:  operator does not exist: .+ at character \d+"),
])

PREFIX = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] (?:\S*@\S* )?")


def content_of(line):
    return PREFIX.sub("", line, count=1)


def main():
    work = tempfile.mkdtemp(prefix="oats-pg-")
    os.chown(work, *(lambda p: (p.pw_uid, p.pw_gid))(__import__("pwd").getpwnam("postgres")))
    data, log = f"{work}/data", f"{work}/server.log"
    as_postgres(f"{BIN}/initdb", "-D", data, "-A", "trust", "-U", "postgres", stdout=subprocess.DEVNULL)
    opts = ("-c log_line_prefix='%m [%p] %q%u@%d ' -c log_timezone=UTC -c log_connections=on "
            "-c log_disconnections=on -c log_statement=ddl -c log_checkpoints=on "
            f"-c unix_socket_directories={work} -c listen_addresses=127.0.0.1 -p {PORT}")
    as_postgres(f"{BIN}/pg_ctl", "-D", data, "-l", log, "-o", opts, "-w", "start", stdout=subprocess.DEVNULL)
    try:
        subprocess.run(["runuser", "-u", "postgres", "--", "createdb", "-h", "127.0.0.1", "-p", str(PORT), "shop"], check=True)
        for role in ["report", "app_rw"]:
            psql(f"CREATE ROLE {role} LOGIN", db="postgres")
        workload()
    finally:
        as_postgres(f"{BIN}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop", stdout=subprocess.DEVNULL)
    with open(log, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    shutil.rmtree(work)
    labelled = label.label(lines, EVENTS, content_of)
    if len(labelled) < 2000:
        sys.exit(f"only {len(labelled)} lines: make the workload longer")
    label.write(HERE, "postgresql", labelled[:2000])


if __name__ == "__main__":
    main()
