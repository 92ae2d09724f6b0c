"""Makes bench/data/pgbouncer: the log of a real PgBouncer 1.18 connection pooler (Debian's `pgbouncer`)
in front of a real PostgreSQL 15 (Debian's `postgresql-15`), `logfile` in PgBouncer's own format
(`2026-12-08 00:15:01.123 UTC [1234] LOG C-0x55f1c2a3b4c0: appdb/app@127.0.1.5:40000 login attempt:
db=appdb user=app tls=no`: the time, the process, the level, then the message, which for a client's or
a server connection's messages starts with the connection's kind and address, `C-0x...:` or `S-0x...:`,
and `database/user@address:port`), with `log_connections`, `log_disconnections`, `log_pooler_errors` and
`stats_period`, from a throw-away cluster and a private configuration on 127.0.0.1: transaction pooling,
SCRAM authentication from an `auth_file`, a database whose server never answers, small pools and a
small `max_client_conn`, query, idle-transaction and wait timeouts, server lifetimes, the admin console.
A seeded workload drives it with Debian's `psql`: queries that succeed or fail, wrong passwords, unknown
users and databases, the dead database, slow queries past `query_timeout`, transactions left idle, bursts
of clients past the pool and `max_client_conn`, admin commands (`SHOW`, `RELOAD`, `PAUSE`/`RESUME`,
`DISABLE`/`ENABLE`, `KILL`, `RECONNECT`), SIGHUP, restarts of PgBouncer and of PostgreSQL.

Run as root from anywhere: python3 bench/data/pgbouncer/generate.py   (needs apt-get install pgbouncer
postgresql-15 postgresql-client-15; both servers run as `postgres` from a private folder; the raw log is
kept in the temporary folder as oats-pgbouncer-raw.log until it is labelled, and `generate.py --raw FILE`
labels such a log again without running anything).

Ground truth: labelled by hand, a regex per `log_*()`/`slog_*()` call of PgBouncer 1.18 (`src/*.c`),
written from the messages of the run and checked against the format strings in the binary (`strings
/usr/sbin/pgbouncer`); the header is the time, the process and the level; `slog_*()`'s prefix (the
connection's kind and pointer, `database/user@address:port`) is a variable of the event; the reason of
`closing because: %s (age=%ds)` and of `pooler error: %s` is passed by the caller or comes from the
server, and each constant reason of PgBouncer's own is an event of its own (`client close request`,
`server lifetime over`, ...), the server's error text (`password authentication failed ...`) a variable.
"""
import os
import pwd
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
PG, PORT, DEAD = 45432, 46432, 45499
BIN = "/usr/lib/postgresql/15/bin"
rnd = random.Random(97)
USERS = {"app": "app-pw-1", "reporter": "rep-pw-2", "pgb_admin": "adm-pw-3"}


def as_postgres(args, **kw):
    return subprocess.run(["runuser", "-u", "postgres", "--"] + args, **kw)


def config(work, variant=0):
    return f"""[databases]
appdb = host=127.0.0.1 port={PG} dbname=appdb
reports = host=127.0.0.1 port={PG} dbname=reports pool_size={2 + variant}
legacy = host=127.0.0.1 port={DEAD} dbname=legacy
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {PORT}
unix_socket_dir = {work}
logfile = {work}/pgbouncer.log
pidfile = {work}/pgbouncer.pid
auth_type = scram-sha-256
auth_file = {work}/userlist.txt
admin_users = pgb_admin
stats_users = reporter
pool_mode = transaction
max_client_conn = {25 + variant}
default_pool_size = 4
reserve_pool_size = 1
reserve_pool_timeout = 2
server_lifetime = {20 + 10 * variant}
server_idle_timeout = 8
server_connect_timeout = 3
server_login_retry = 2
query_timeout = 3
query_wait_timeout = 4
idle_transaction_timeout = 2
client_login_timeout = 5
stats_period = 15
log_connections = 1
log_disconnections = 1
log_pooler_errors = 1
"""


def setup(work):
    os.chmod(work, 0o755)
    subprocess.run(["chown", "postgres:postgres", work], check=True)
    with open(f"{work}/pw", "w") as f:
        f.write("pg-super\n")
    subprocess.run(["chown", "postgres", f"{work}/pw"], check=True)
    as_postgres([f"{BIN}/initdb", "-D", f"{work}/pg", "-A", "scram-sha-256", f"--pwfile={work}/pw", "-U", "postgres"],
                check=True, capture_output=True)
    os.remove(f"{work}/pw")
    with open(f"{work}/pg/postgresql.conf", "a") as f:
        f.write(f"port = {PG}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{work}'\nmax_connections = 40\n")
    pg = start_pg(work)
    env = dict(os.environ, PGPASSWORD="pg-super")
    sql = "".join(f"CREATE ROLE {u} LOGIN PASSWORD '{p}';" for u, p in USERS.items() if u != "pgb_admin")
    sql += "CREATE DATABASE appdb OWNER app; CREATE DATABASE reports OWNER reporter;"
    for stmt in sql.split(";"):
        if stmt.strip():
            subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PG), "-U", "postgres", "-d", "postgres", "-c", stmt],
                           env=env, check=True, capture_output=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PG), "-U", "app", "-d", "appdb", "-c",
                    "CREATE TABLE orders (id serial primary key, item text not null, qty int check (qty > 0))"],
                   env=dict(os.environ, PGPASSWORD=USERS["app"]), check=True, capture_output=True)
    with open(f"{work}/userlist.txt", "w") as f:
        for u, p in USERS.items():
            f.write(f'"{u}" "{p}"\n')
    subprocess.run(["chown", "postgres:postgres", f"{work}/userlist.txt"], check=True)
    write_config(work)
    return pg


def write_config(work, variant=0):
    with open(f"{work}/pgbouncer.ini", "w") as f:
        f.write(config(work, variant))


def start_pg(work):
    proc = subprocess.Popen(["runuser", "-u", "postgres", "--", f"{BIN}/postgres", "-D", f"{work}/pg"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PG)
    time.sleep(0.5)
    return proc


def start(work):
    proc = subprocess.Popen(["runuser", "-u", "postgres", "--", "/usr/sbin/pgbouncer", f"{work}/pgbouncer.ini"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT)
    return proc


def signal_child(proc, sig):
    """runuser forwards nothing: signal the server it started."""
    r = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
    for pid in r.stdout.split():
        os.kill(int(pid), sig)


def psql(user, password, db, sql, wait=True):
    env = dict(os.environ, PGPASSWORD=password, PGCONNECT_TIMEOUT="6")
    args = ["psql", "-h", "127.0.0.1", "-p", str(PORT), "-U", user, "-d", db, "-c", sql]
    if wait:
        subprocess.run(args, env=env, capture_output=True, timeout=30)
    else:
        return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def client():
    r = rnd.random()
    if r < 0.4:
        psql("app", USERS["app"], "appdb", rnd.choice([
            f"INSERT INTO orders (item, qty) VALUES ('sku-{rnd.randint(1, 99)}', {rnd.randint(-1, 5)})",
            "SELECT count(*) FROM orders", "SELECT * FROM missing_table", "SELECT 1/0",
            f"UPDATE orders SET qty = qty + 1 WHERE id = {rnd.randint(1, 50)}", "SELECT pg_sleep(4)"]))
    elif r < 0.5:
        psql("reporter", USERS["reporter"], rnd.choice(["reports", "appdb"]), "SELECT now()")
    elif r < 0.6:
        u = rnd.choice(["app", "reporter", "mallory", "postgres"])
        psql(u, "wrong-" + str(rnd.randint(1, 99)), rnd.choice(["appdb", "reports"]), "SELECT 1")
    elif r < 0.66:
        psql("app", USERS["app"], rnd.choice(["nosuchdb", "legacy", "Appdb"]), "SELECT 1")
    elif r < 0.72:
        psql("app", USERS["app"], "appdb", "BEGIN; SELECT 1; SELECT pg_sleep(3); COMMIT")
    elif r < 0.8:
        procs = [psql("app", USERS["app"], "appdb", "SELECT pg_sleep(2)", wait=False) for _ in range(rnd.randint(6, 30))]
        for p in procs:
            p.wait()
    elif r < 0.9:
        psql("pgb_admin", USERS["pgb_admin"], "pgbouncer", rnd.choice([
            "SHOW POOLS", "SHOW STATS", "SHOW CLIENTS", "RELOAD", "PAUSE appdb", "RESUME appdb", "RESUME",
            "DISABLE reports", "ENABLE reports", "KILL reports", "RECONNECT appdb", "SHOW VERSION", "SUSPEND"]))
        psql("pgb_admin", USERS["pgb_admin"], "pgbouncer", "RESUME")
    elif r < 0.95:
        psql("reporter", USERS["reporter"], "pgbouncer", rnd.choice(["SHOW STATS", "RELOAD", "SHOW POOLS"]))
    else:
        daemon.send(PORT, rnd.choice([b"GET / HTTP/1.1\r\nHost: db\r\n\r\n", b"\x00\x00\x00\x08\x04\xd2\x16\x2f",
                                      b"\x00\x00\x00\x10garbage-garbage"]), linger=0.5)


def workload(work):
    pg = setup(work)
    log = f"{work}/pgbouncer.log"
    proc = start(work)
    for turn in daemon.rounds(log, 2700, rnd, (8, 20), client):
        ev = rnd.random()
        if ev < 0.12:
            write_config(work, turn % 3)
            signal_child(proc, signal.SIGHUP)
            time.sleep(1)
        elif ev < 0.2:
            signal_child(proc, rnd.choice([signal.SIGINT, signal.SIGTERM]))
            proc.wait(timeout=30)
            proc = start(work)
        elif ev < 0.27:
            signal_child(pg, signal.SIGINT)
            pg.wait(timeout=60)
            for _ in range(3):
                client()
            pg = start_pg(work)
    signal_child(proc, signal.SIGTERM)
    proc.wait(timeout=30)
    signal_child(pg, signal.SIGINT)
    pg.wait(timeout=60)
    return log


HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \w+ \[\d+\] (?:LOG|WARNING|ERROR|FATAL|NOISE|DEBUG) (.*)$")

# slog_*()'s prefix: the connection's kind and pointer, then database/user@address:port
# (`(nodb)`, `(nouser)` before the login is known)
PFX = r"[CS]-0x[0-9a-f]+: \S+/\S+@[\d.]+:\d+ "
# The reasons PgBouncer passes to disconnect_client()/disconnect_server() (logged as `closing because:
# %s (age=%ds)`) and sends to the client (logged as `pooler error: %s`): constants, an event each;
# the ones that are formats themselves carry a variable
REASONS = [
    ("client close request", r"client close request"),
    ("query_timeout", r"query_timeout"),
    ("query timeout", r"query timeout"),
    ("server idle timeout", r"server idle timeout"),
    ("server lifetime over", r"server lifetime over"),
    ("idle transaction timeout", r"idle transaction timeout"),
    ("SASL authentication failed", r"SASL authentication failed"),
    ("connect failed", r"connect failed"),
    ("database configuration changed", r"database configuration changed"),
    ("no more connections allowed (max_client_conn)", r"no more connections allowed \(max_client_conn\)"),
    ("no such database: <*>", r"no such database: \S+"),
    ("bad packet header: '<*>'", r"bad packet header: '.*'"),
    ("client sent partial pkt in startup phase", r"client sent partial pkt in startup phase"),
    ("client unexpected eof", r"client unexpected eof"),
    ("client_login_timeout", r"client_login_timeout"),
    ("client_login_timeout (server down)", r"client_login_timeout \(server down\)"),
    ("server conn crashed?", r"server conn crashed\?"),
    ("unclean server", r"unclean server"),
    ("server shutting down", r"server shutting down"),
    ("database removed", r"database removed"),
    ("pooler is not paused/suspended", r"pooler is not paused/suspended"),
    ("admin access needed", r"admin access needed"),
    ("database <*> is not paused", r"database \S+ is not paused"),
    ("login failed", r"login failed"),
    ("pause mode", r"pause mode"),
    ("database \"<*>\" is disabled", r'database "\S+" is disabled'),
    ("cannot suspend with paused databases", r"cannot suspend with paused databases"),
]
CALLS = [
    # src/client.c, src/server.c, src/objects.c: a client's or a server connection's messages
    ("B1", "<*> login attempt: db=<*> user=<*> tls=<*>", rf"{PFX}login attempt: db=\S+ user=\S+ tls=\S+"),
    ("B2", "<*> login failed: db=<*> user=<*>", rf"{PFX}login failed: db=\S+ user=\S+"),
    ("B3", "<*> no such user: <*>", rf"{PFX}no such user: \S+"),
    ("B4", "<*> password authentication failed", rf"{PFX}password authentication failed"),
    ("B5", "<*> new connection to server (from <*>)", rf"{PFX}new connection to server \(from [\d.]+:\d+\)"),
    ("B6", "<*> taking connection from reserve_pool", rf"{PFX}taking connection from reserve_pool"),
    # src/stats.c, src/main.c, src/pooler.c, src/admin.c
    ("G1", "stats: <*> xacts/s, <*> queries/s, in <*> B/s, out <*> B/s, xact <*> us, query <*> us, wait <*> us",
     r"stats: \d+ xacts/s, \d+ queries/s, in \d+ B/s, out \d+ B/s, xact \d+ us, query \d+ us, wait \d+ us"),
    ("G2", "kernel file descriptor limit: <*> (hard: <*>); max_client_conn: <*>, max expected fd use: <*>",
     r"kernel file descriptor limit: \d+ \(hard: \d+\); max_client_conn: \d+, max expected fd use: \d+"),
    ("G3", "listening on <*>:<*>", r"listening on [\d.]+:\d+"),
    ("G4", "listening on unix:<*>", r"listening on unix:\S+"),
    ("G5", "process up: <*>, libevent <*> (<*>), adns: <*>, tls: <*>", r"process up: PgBouncer [\d.]+, libevent \S+ \(\w+\), adns: .*, tls: .*"),
    ("G6", "got SIGHUP, re-reading config", r"got SIGHUP, re-reading config"),
    ("G7", "got SIGTERM, fast exit", r"got SIGTERM, fast exit"),
    ("G8", "got SIGINT, shutting down", r"got SIGINT, shutting down"),
    ("G9", "RELOAD command issued", r"RELOAD command issued"),
    ("G10", "RESUME command issued", r"RESUME command issued"),
    ("G11", "RESUME '<*>' command issued", r"RESUME '\S+' command issued"),
    ("G12", "PAUSE '<*>' command issued", r"PAUSE '\S+' command issued"),
    ("G13", "PAUSE command issued", r"PAUSE command issued"),
    ("G14", "DISABLE '<*>' command issued", r"DISABLE '\S+' command issued"),
    ("G15", "ENABLE '<*>' command issued", r"ENABLE '\S+' command issued"),
    ("G16", "KILL '<*>' command issued", r"KILL '\S+' command issued"),
    ("G17", "RECONNECT '<*>' command issued", r"RECONNECT '\S+' command issued"),
    ("G18", "RECONNECT command issued", r"RECONNECT command issued"),
    ("G19", "SUSPEND command issued", r"SUSPEND command issued"),
    ("G20", "server_login_retry", r"server_login_retry"),
]
CALLS += [(f"R{i}", f"<*> closing because: {t} (age=<*>s)", rf"{PFX}closing because: {r} \(age=\d+s\)") for i, (t, r) in enumerate(REASONS, 1)]
CALLS += [(f"E{i}", f"<*> pooler error: {t}", rf"{PFX}pooler error: {r}") for i, (t, r) in enumerate(REASONS, 1)]
# admin_error(): the admin console's error, logged alone at level ERROR
CALLS += [(f"A{i}", t, r) for i, (t, r) in enumerate(REASONS, 1) if t in ("pooler is not paused/suspended", "admin access needed", "database <*> is not paused",
                                                                   "cannot suspend with paused databases")]

if __name__ == "__main__":
    label.generate(HERE, HEADER, CALLS, workload, readable=True)
