"""Makes bench/data/mariadb: the error log of a real MariaDB 10.11 server (Debian's mariadb-server),
`--log-error` at `--log-warnings=4` (`YYYY-MM-DD HH:MM:SS <thread id> [Note|Warning|ERROR]
message`), from a private data directory on 127.0.0.1:13306. A seeded workload drives it: clients
that log in with a wrong password, no password or as an unknown user; bytes that are not the MySQL
protocol sent to its port (HTTP, a TLS hello, nothing at all); queries killed by `KILL`, clients
that vanish mid-query and idle sessions closed by `wait_timeout`; scheduled events that fail
(missing tables, duplicate keys, a missing procedure) and the event scheduler switched off and
on; the InnoDB buffer pool resized, dumped and loaded; plugins installed and uninstalled; and
restarts: `SHUTDOWN` from a client, SIGTERM, and SIGKILL (crash recovery at the next start).

Run as root from anywhere: python3 bench/data/mariadb/generate.py   (needs apt-get install
mariadb-server mariadb-client; the server runs as the `mysql` user from a private folder; the raw
log is kept in the temporary folder as oats-mariadb-raw.log until it is labelled, and
`generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per logging call of MariaDB 10.11 (`sql_print_information`,
`sql_print_warning`, `sql_print_error`, `ib::info()`/`ib::warn()`/`ib::error()` streams and
`my_printf_error` with `ME_ERROR_LOG`; sql/*.cc, storage/innobase/*), written from the messages of the
run and checked in the source (the 10.11 branch of MariaDB's server repository). The header (time,
thread id, level) is not part of the event. Values computed at run time are variables: an error's
text in `Event Scheduler: [%s][%s] %s` and the reason of `Aborted connection %lld to db: '%s' user:
'%s' host: '%s' (%s)` (the text of the connection's last error). Constants passed into a shared
format are an event each: `YES` and `NO` of `Access denied for user '%s'@'%s' (using password:
%s)`. The start-up banner line `Version: '%s'  socket: '%s'  port: %d  %s` is printed without a
header and is one event.
"""
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
PORT = 13306
rnd = random.Random(18)
PLUGINS = ["ha_blackhole", "ha_archive", "metadata_lock_info", "query_response_time", "disks", "locales"]


def start(work):
    proc = subprocess.Popen(
        ["mariadbd", "--no-defaults", "--user=mysql", f"--datadir={work}/data", f"--socket={work}/run/mysqld.sock",
         f"--pid-file={work}/run/mysqld.pid", f"--port={PORT}", "--bind-address=127.0.0.1",
         f"--log-error={work}/log/error.log", "--log-warnings=4", "--innodb-buffer-pool-size=32M",
         "--event-scheduler=ON", "--max-connections=40"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT, timeout=120)
    time.sleep(0.5)
    return proc


def sql(stmt, user="root", password=None, timeout=20):
    cmd = ["mariadb", "-h127.0.0.1", f"-P{PORT}", f"-u{user}", "--connect-timeout=5"]
    if password is not None:
        cmd.append(f"-p{password}")
    try:
        return subprocess.run(cmd + ["-N", "-e", stmt], capture_output=True, text=True, timeout=timeout).stdout
    except subprocess.TimeoutExpired:
        return ""


def held(stmts, pause, user="root"):
    """A client that sends stmts, waits pause seconds and then vanishes without QUIT."""
    p = subprocess.Popen(["mariadb", "-h127.0.0.1", f"-P{PORT}", f"-u{user}", "-N"], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    try:
        p.stdin.write(stmts + "\n")
        p.stdin.flush()
    except OSError:
        pass
    time.sleep(pause)
    p.kill()
    p.wait()


def killed_query():
    t = threading.Thread(target=sql, args=(f"SELECT SLEEP({rnd.randrange(5, 9)})",))
    t.start()
    time.sleep(0.7)
    ids = sql("SELECT id FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP%'").split()
    if ids:
        sql(f"KILL {rnd.choice(['', 'QUERY '])}{ids[0]}")
    t.join()


def failing_event():
    name = f"ev{rnd.randrange(100)}"
    body = rnd.choice([
        "INSERT INTO shop.audit_missing VALUES (NOW())",
        "INSERT INTO shop.orders (id, sku) VALUES (1, 'dup')",
        "CALL shop.rollup_daily()",
        "UPDATE shop.orders SET qty = qty + 1 WHERE nosuchcol = 1",
        "INSERT INTO shop.orders (id, sku) VALUES (NULL, NULL)",
    ])
    runs = rnd.randrange(1, 4)
    sql(f"CREATE OR REPLACE EVENT shop.{name} ON SCHEDULE EVERY 1 SECOND "
        f"ENDS CURRENT_TIMESTAMP + INTERVAL {runs} SECOND ON COMPLETION NOT PRESERVE DO {body}")


def client_step():
    k = rnd.random()
    if k < 0.30:
        user, pw = rnd.choice([("app", "wrong"), ("app", ""), ("report", "Report-2025"), ("admin", "admin"),
                               ("root", "toor"), ("backup", None), ("app", None), (rnd.choice(["guest", "test", "wp"]), None)])
        sql("SELECT 1", user=user, password=pw if pw else None)
    elif k < 0.45:
        daemon.send(PORT, rnd.choice([b"GET / HTTP/1.1\r\nHost: db\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(60),
                                      b"", b"PING\r\n", b"\x00" * 64]), read_first=rnd.random() < 0.7)
    elif k < 0.55:
        killed_query()
    elif k < 0.65:
        threading.Thread(target=held, args=(f"SET SESSION wait_timeout={rnd.randrange(1, 3)}; SELECT 1;", 4.5)).start()
    elif k < 0.72:
        held(f"SELECT SLEEP({rnd.randrange(3, 6)});", rnd.uniform(0.5, 1.5))
    elif k < 0.85:
        failing_event()
    else:
        for _ in range(rnd.randrange(1, 6)):
            sql(f"INSERT INTO shop.orders (sku, qty) VALUES ('sku-{rnd.randrange(999)}', {rnd.randrange(1, 9)})",
                user="app", password="App-2025")


def admin_step(work, proc):
    k = rnd.random()
    if k < 0.15:
        sql("SET GLOBAL event_scheduler=OFF")
        time.sleep(0.5)
        sql("SET GLOBAL event_scheduler=ON")
    elif k < 0.30:
        sql(f"SET GLOBAL innodb_buffer_pool_size={rnd.choice([24, 32, 48, 64])}*1024*1024")
        time.sleep(1)
    elif k < 0.40:
        sql(f"SET GLOBAL innodb_buffer_pool_{rnd.choice(['dump', 'load'])}_now=ON")
    elif k < 0.60:
        p = rnd.choice(PLUGINS)
        sql(f"INSTALL SONAME '{p}'")
        time.sleep(0.3)
        sql(f"UNINSTALL SONAME '{p}'")
    elif k < 0.72:
        sql("SHUTDOWN")
        proc.wait(timeout=120)
        return start(work)
    elif k < 0.86:
        daemon.stop(proc)
        return start(work)
    else:
        daemon.stop(proc, signal.SIGKILL)
        time.sleep(0.5)
        return start(work)
    return proc


def workload(work):
    for d in ("data", "run", "log"):
        os.makedirs(f"{work}/{d}", exist_ok=True)
    subprocess.run(["chown", "-R", "mysql:mysql", work], check=True)
    subprocess.run(["mariadb-install-db", "--user=mysql", f"--datadir={work}/data", "--auth-root-authentication-method=normal"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=300)
    proc = start(work)
    sql("DROP USER IF EXISTS ''@'localhost'; DROP USER IF EXISTS ''@'%s';" % os.uname().nodename)
    sql("CREATE DATABASE shop; CREATE TABLE shop.orders (id INT AUTO_INCREMENT PRIMARY KEY, sku VARCHAR(20) NOT NULL, "
        "qty INT) ENGINE=InnoDB; INSERT INTO shop.orders VALUES (1, 'seed', 1); "
        "CREATE USER 'app'@'%' IDENTIFIED BY 'App-2025'; GRANT ALL ON shop.* TO 'app'@'%'; "
        "CREATE USER 'report'@'%' IDENTIFIED BY 'Report-2026'; GRANT SELECT ON shop.* TO 'report'@'%';")
    log = f"{work}/log/error.log"
    try:
        while daemon.lines_in(log) < 2300:
            if rnd.random() < 0.9:
                client_step()
                time.sleep(rnd.uniform(0.05, 0.4))
            else:
                proc = admin_step(work, proc)
    finally:
        daemon.stop(proc)
    return log


# (id, template, regex over the message), from MariaDB 10.11's logging calls; P a path.
P = r"/[\w./-]+"
Q = r"'[^']*'"
EVENTS = [
    # sql/mysqld.cc, sql/sql_plugin.cc, sql/rpl_mi.cc: start-up and shut-down
    ("M1", "Starting MariaDB <*> source revision <*> server_uid <*> as process <*>",
     r"Starting MariaDB \S+ source revision [0-9a-f]+ server_uid \S+ as process \d+"),
    ("M2", "Using PAUSE multiplier <*>", r"Using PAUSE multiplier \d+"),
    ("M3", "Plugin '<*>' is disabled.", r"Plugin '\w+' is disabled\."),
    ("M4", "Server socket created on IP: '<*>', port: '<*>'.", r"Server socket created on IP: '[\d.]+', port: '\d+'\."),
    ("M5", "Reading of all Master_info entries succeeded", r"Reading of all Master_info entries succeeded"),
    ("M6", "Added new Master_info '<*>' to hash table", r"Added new Master_info '\w*' to hash table"),
    ("M7", "<*>: ready for connections.", r"\w+: ready for connections\."),
    ("M8", "Version: '<*>' socket: '<*>' port: <*> <*>", rf"Version: '\S+'  socket: '{P}'  port: \d+  .+"),
    ("M9", "<*> (initiated by: <*>): Normal shutdown", r"\w+ \(initiated by: (?:unknown|\w+\[\w+\] @ \w+ \[[\d.]+\])\): Normal shutdown"),
    ("M10", "<*>: Shutdown complete", r"\w+: Shutdown complete"),
    ("M11", "Loaded '<*>' with offset <*>", r"Loaded '[\w.]+' with offset 0x[0-9a-f]+"),
    # storage/maria/ma_init.c, ma_recovery.c: the progress line is printed in pieces by several
    # fprintf calls; a line is one event
    ("M12", "<*>: Aria engine: starting recovery", r"\w+: Aria engine: starting recovery"),
    ("M13", "recovered pages: <*> (<*> seconds); tables to flush: <*>",
     r"recovered pages: (?:\d+% )+\([\d.]+ seconds\); tables to flush: (?:\d+ ?)+"),
    ("M14", "(<*> seconds);", r" \([\d.]+ seconds\); "),
    ("M15", "<*>: Aria engine: recovery done", r"\w+: Aria engine: recovery done"),
    # storage/innobase: ib::info() streams and sql_print_information("InnoDB: ...")
    ("I1", "InnoDB: Compressed tables use zlib <*>", r"InnoDB: Compressed tables use zlib [\d.]+"),
    ("I2", "InnoDB: Using transactional memory", r"InnoDB: Using transactional memory"),
    ("I3", "InnoDB: Number of transaction pools: <*>", r"InnoDB: Number of transaction pools: \d+"),
    ("I4", "InnoDB: Using AVX512 instructions", r"InnoDB: Using AVX512 instructions"),
    ("I5", "InnoDB: Using io_uring", r"InnoDB: Using io_uring"),
    ("I6", "InnoDB: innodb_buffer_pool_size_max=<*>m, innodb_buffer_pool_size=<*>m",
     r"InnoDB: innodb_buffer_pool_size_max=\d+m, innodb_buffer_pool_size=\d+m"),
    ("I7", "InnoDB: Completed initialization of buffer pool", r"InnoDB: Completed initialization of buffer pool"),
    ("I8", "InnoDB: File system buffers for log disabled (block size=<*> bytes)",
     r"InnoDB: File system buffers for log disabled \(block size=\d+ bytes\)"),
    ("I9", "InnoDB: End of log at LSN=<*>", r"InnoDB: End of log at LSN=\d+"),
    ("I10", "InnoDB: <*> rollback segments are active.", r"InnoDB: \d+ rollback segments are active\."),
    ("I11", "InnoDB: Setting file '<*>' size to <*>. Physically writing the file full; Please wait ...",
     r"InnoDB: Setting file '[\w./]+' size to [\d.]+MiB\. Physically writing the file full; Please wait \.\.\."),
    ("I12", "InnoDB: File '<*>' size is now <*>.", r"InnoDB: File '[\w./]+' size is now [\d.]+MiB\."),
    ("I13", "InnoDB: log sequence number <*>; transaction id <*>", r"InnoDB: log sequence number \d+; transaction id \d+"),
    ("I14", "InnoDB: Loading buffer pool(s) from <*>", rf"InnoDB: Loading buffer pool\(s\) from {P}"),
    ("I15", "InnoDB: Buffer pool(s) load completed at <*>", r"InnoDB: Buffer pool\(s\) load completed at \d{6} [\d:]+"),
    ("I16", "InnoDB: Dumping buffer pool(s) to <*>", rf"InnoDB: Dumping buffer pool\(s\) to {P}"),
    ("I17", "InnoDB: Buffer pool(s) dump completed at <*>", r"InnoDB: Buffer pool\(s\) dump completed at \d{6} [\d:]+"),
    ("I18", "InnoDB: FTS optimize thread exiting.", r"InnoDB: FTS optimize thread exiting\."),
    ("I19", "InnoDB: Starting shutdown...", r"InnoDB: Starting shutdown\.\.\."),
    ("I20", "InnoDB: Removed temporary tablespace data file: \"<*>\"", r'InnoDB: Removed temporary tablespace data file: "[\w./]+"'),
    ("I21", "Shutdown completed; log sequence number <*>; transaction id <*>",
     r"Shutdown completed; log sequence number \d+; transaction id \d+"),
    ("I22", "InnoDB: Starting crash recovery from checkpoint LSN=<*>", r"InnoDB: Starting crash recovery from checkpoint LSN=\d+"),
    ("I23", "InnoDB: To recover: <*> pages", r"InnoDB: To recover: \d+ pages"),
    ("I24", "InnoDB: innodb_buffer_pool_size=<*>m (<*> pages) resized from <*>m (<*> pages)",
     r"InnoDB: innodb_buffer_pool_size=\d+m \(\d+ pages\) resized from \d+m \(\d+ pages\)"),
    ("I25", "InnoDB: Trying to shrink innodb_buffer_pool_size=<*>m (<*> pages) from <*>m (<*> pages, to withdraw <*>)",
     r"InnoDB: Trying to shrink innodb_buffer_pool_size=\d+m \(\d+ pages\) from \d+m \(\d+ pages, to withdraw \d+\)"),
    ("I26", "InnoDB: Resizing hash tables", r"InnoDB: Resizing hash tables"),
    # sql/event_scheduler.cc, sql/event_queue.cc; print_warnings puts `[definer][db.event] ` before
    # each message of the statement's diagnostics area: an event per message (error catalogue)
    ("E1", "Event Scheduler: scheduler thread started with id <*>", r"Event Scheduler: scheduler thread started with id \d+"),
    ("E2", "Event Scheduler: Killing the scheduler thread, thread id <*>", r"Event Scheduler: Killing the scheduler thread, thread id \d+"),
    ("E3", "Event Scheduler: Waiting for the scheduler thread to reply", r"Event Scheduler: Waiting for the scheduler thread to reply"),
    ("E4", "Event Scheduler: Stopped", r"Event Scheduler: Stopped"),
    ("E5", "Event Scheduler: Purging the queue. <*> events", r"Event Scheduler: Purging the queue\. \d+ events"),
    ("E6", "Event Scheduler: Last execution of <*>.<*>. Dropping.", r"Event Scheduler: Last execution of \w+\.\w+\. Dropping\."),
    ("E7", "Event Scheduler: Dropping <*>.<*>", r"Event Scheduler: Dropping \w+\.\w+"),
    ("E8", "Event Scheduler: [<*>].[<*>.<*>] event execution failed.", r"Event Scheduler: \[\w+@\w+\]\.\[\w+\.\w+\] event execution failed\."),
    ("E9", "Event Scheduler: [<*>][<*>.<*>] At line <*> in <*>.<*>", r"Event Scheduler: \[\w+@\w+\]\[\w+\.\w+\] At line \d+ in \w+\.\w+"),
    ("E10", "Event Scheduler: [<*>][<*>.<*>] Table '<*>' doesn't exist", r"Event Scheduler: \[\w+@\w+\]\[\w+\.\w+\] Table '[\w.]+' doesn't exist"),
    ("E11", "Event Scheduler: [<*>][<*>.<*>] PROCEDURE <*> does not exist", r"Event Scheduler: \[\w+@\w+\]\[\w+\.\w+\] PROCEDURE [\w.]+ does not exist"),
    ("E12", "Event Scheduler: [<*>][<*>.<*>] Unknown column '<*>' in '<*>'", r"Event Scheduler: \[\w+@\w+\]\[\w+\.\w+\] Unknown column '\w+' in '\w+'"),
    ("E13", "Event Scheduler: [<*>][<*>.<*>] Duplicate entry '<*>' for key '<*>'", r"Event Scheduler: \[\w+@\w+\]\[\w+\.\w+\] Duplicate entry '\w+' for key '\w+'"),
    ("E14", "Event Scheduler: [<*>][<*>.<*>] Column '<*>' cannot be null", r"Event Scheduler: \[\w+@\w+\]\[\w+\.\w+\] Column '\w+' cannot be null"),
    ("E15", "Event Scheduler: [<*>][<*>.<*>] Unknown error", r"Event Scheduler: \[\w+@\w+\]\[\w+\.\w+\] Unknown error"),
    # sql/sql_connect.cc, sql/sql_acl.cc, sql/net_serv.cc; the reason of an aborted connection
    # and the errors of my_message_sql (`%s: %s`, the program and the message) are constants of
    # the error catalogue: an event each
    ("C1", "Access denied for user '<*>'@'<*>' (using password: YES)", r"Access denied for user '\w*'@'\w+' \(using password: YES\)"),
    ("C2", "Access denied for user '<*>'@'<*>' (using password: NO)", r"Access denied for user '\w*'@'\w+' \(using password: NO\)"),
    ("C3", "Aborted connection <*> to db: '<*>' user: '<*>' host: '<*>' (This connection closed normally without authentication)",
     r"Aborted connection \d+ to db: '\w+' user: '\w+' host: '\w+' \(This connection closed normally without authentication\)"),
    ("C4", "Aborted connection <*> to db: '<*>' user: '<*>' host: '<*>' (KILLED)",
     r"Aborted connection \d+ to db: '\w+' user: '\w+' host: '\w+' \(KILLED\)"),
    ("C5", "Aborted connection <*> to db: '<*>' user: '<*>' host: '<*>' (Got timeout reading communication packets)",
     r"Aborted connection \d+ to db: '\w+' user: '\w+' host: '\w+' \(Got timeout reading communication packets\)"),
    ("C6", "Aborted connection <*> to db: '<*>' user: '<*>' host: '<*>' (Got an error reading communication packets)",
     r"Aborted connection \d+ to db: '\w+' user: '\w+' host: '\w+' \(Got an error reading communication packets\)"),
    ("C7", "Could not read packet: fd: <*> state: <*> read_length: <*> errno: <*> vio_errno: <*> length: <*>",
     r"Could not read packet: fd: \d+  state: \d+  read_length: \d+  errno: \d+  vio_errno: \d+  length: -?\d+"),
    ("C8", "Could not write packet: fd: <*> state: <*> errno: <*> vio_errno: <*> length: <*>",
     r"Could not write packet: fd: \d+  state: \d+  errno: \d+  vio_errno: \d+  length: -?\d+"),
    ("C9", "<*>: Got packets out of order", r"\w+: Got packets out of order"),
    ("C10", "<*>: Connection was killed", r"\w+: Connection was killed"),
    ("C11", "<*>: Got an error writing communication packets", r"\w+: Got an error writing communication packets"),
]

HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+ \[(?:Note|Warning|ERROR)\] (.*)$")


if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload, readable=True)
