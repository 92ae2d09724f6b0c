"""Makes bench/data/fail2ban: the log of a real fail2ban 1.0.2 (Debian's fail2ban, a Python daemon
logging through the `logging` module in its own format, `%(asctime)s %(name)-24s[%(process)d]:
%(levelname)-7s %(message)s`, where the jail's name in brackets starts most messages). fail2ban runs
unprivileged in the foreground from a private copy of /etc/fail2ban, with five jails (sshd,
nginx-http-auth, apache-auth, postfix with Debian's filters, and recidive, which reads fail2ban's
own log) and the `dummy` ban action (it only writes to a file: no firewall is touched). A seeded
workload appends failed logins to the four service logs it watches (OpenSSH, nginx basic auth,
Apache basic auth, Postfix relay attempts, from addresses in the documentation ranges, a few of them
ignored), so that fail2ban finds, bans, unbans and re-bans them, and drives fail2ban-client every
five seconds: manual bans and unbans, ignore lists, reloading one jail and all, stopping a jail,
changing ban times, adding and removing a log path, flushing its log, and restarting the server.

Run from anywhere: python3 bench/data/fail2ban/generate.py   (needs apt-get install fail2ban; no
root; the raw log is kept in the temporary folder until it is labelled, and
`generate.py --raw FILE` labels such a log again without running anything). The first 2,000
lines are kept.

Ground truth: one event per logging call of fail2ban 1.0.2 (/usr/lib/python3/dist-packages/fail2ban,
file:line below), its conversions (%s, %r, %d, %i) written as <*>; the date, logger name, pid and
level are the header. As in the other sources (bench/data/README.md), a literal constant the code
passes into a format makes an event of its own: `[%s] %sBan %s` with '' or 'Restore ' is two
events, and `"Reload " + ("jail %s" or "all jails")` (server.py:306) two; `Reload jail %r`
(server.py:249) prints the name quoted, so it is an event apart from server.py:306's.
"""
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "fail2ban"
LINES = 2000

EVENTS = [
    # (id, call site, regex on the message, template)
    ("E1", "filter.py:715", r"\[[^\]]+\] Found \S+ - \S+ \S+", "[<*>] Found <*> - <*>"),
    ("E2", "actions.py:506", r"\[[^\]]+\] Ban \S+", "[<*>] Ban <*>"),
    ("E41", "actions.py:506", r"\[[^\]]+\] Restore Ban \S+", "[<*>] Restore Ban <*>"),
    ("E3", "actions.py:707", r"\[[^\]]+\] Unban \S+", "[<*>] Unban <*>"),
    ("E4", "actions.py:540", r"\[[^\]]+\] \S+ already banned", "[<*>] <*> already banned"),
    ("E5", "actions.py:656", r"\[[^\]]+\] Flush ticket\(s\) with .*", "[<*>] Flush ticket(s) with <*>"),
    ("E6", "actions.py:526", r"\[[^\]]+\] Ignore \S+, expired bantime", "[<*>] Ignore <*>, expired bantime"),
    ("E7", "filter.py:539", r"\[[^\]]+\] Ignore \S+ by \S+", "[<*>] Ignore <*> by <*>"),
    ("E8", "observer.py:497", r"\[[^\]]+\] Increase Ban .*", "[<*>] Increase Ban <*> (<*> # <*> -> <*>)"),
    ("E9", "observer.py:402", r"\[[^\]]+\] Found \S+, bad - .*", "[<*>] Found <*>, bad - <*>, <*> # -> <*><*>"),
    ("E10", "actions.py:204", r"  banTime: \S+", "  banTime: <*>"),
    ("E11", "filter.py:287", r"  findtime: \S+", "  findtime: <*>"),
    ("E12", "filter.py:359", r"  maxRetry: \S+", "  maxRetry: <*>"),
    ("E13", "filter.py:378", r"  maxLines: \S+", "  maxLines: <*>"),
    ("E14", "filter.py:398", r"  encoding: \S+", "  encoding: <*>"),
    ("E15", "filter.py:1013", r"Added logfile: .* \(pos = \d+, hash = \S*\)", "Added logfile: <*> (pos = <*>, hash = <*>)"),
    ("E16", "filter.py:1033", r"Removed logfile: .*", "Removed logfile: <*>"),
    ("E17", "jail.py:83", r"Creating new jail '[^']+'", "Creating new jail '<*>'"),
    ("E18", "jail.py:114", r"Initiated '[^']+' backend", "Initiated <*> backend"),
    ("E19", "jail.py:131", r"Jail '[^']+' uses poller .*", "Jail '<*>' uses poller <*>"),
    ("E20", "jail.py:327", r"Jail '[^']+' started", "Jail <*> started"),
    ("E21", "jail.py:346", r"Jail '[^']+' stopped", "Jail <*> stopped"),
    ("E22", "observer.py:183", r"Observer start\.\.\.", "Observer start..."),
    ("E23", "server.py:145", r"Starting Fail2ban v\S+", "Starting Fail2ban v<*>"),
    ("E24", "server.py:148", r"Daemon started", "Daemon started"),
    ("E25", "server.py:199", r"Shutdown in progress\.\.\.", "Shutdown in progress..."),
    ("E26", "server.py:239", r"Exiting Fail2ban", "Exiting Fail2ban"),
    ("E27", "server.py:249", r"Reload jail '[^']+'", "Reload jail <*>"),
    ("E28", "server.py:277", r"Jail '[^']+' reloaded", "Jail <*> reloaded"),
    ("E29", "server.py:287", r"Stopping all jails", "Stopping all jails"),
    ("E30", "server.py:306", r"Reload jail [^' ]+", "Reload jail <*>"),
    ("E31", "server.py:306", r"Reload all jails", "Reload all jails"),
    ("E32", "server.py:354", r"Reload finished\.", "Reload finished."),
    ("E33", "server.py:144", r"-{50}", "--------------------------------------------------"),
    ("E34", "server.py:807", r"flush performed on .*", "flush performed on <*>"),
    ("E35", "database.py:245", r"New database created\. Version '\d+'", "New database created. Version '<*>'"),
    ("E37", "observer.py:270", r"Observer stop \.\.\. try to end queue \S+ seconds", "Observer stop ... try to end queue <*> seconds"),
    ("E38", "observer.py:241", r"Observer stopped, \d+ events remaining\.", "Observer stopped, <*> events remaining."),
    ("E39", "database.py:289", r"Connection to database closed\.", "Connection to database closed."),
    ("E40", "server.py:804", r"rollover performed on .*", "rollover performed on <*>"),
    ("E36", "database.py:217", r"Connected to fail2ban persistent database '.*'", "Connected to fail2ban persistent database '<*>'"),
]
LINE = re.compile(r"^(\S+ \S+) (\S+)\s*\[(\d+)\]: (\S+)\s(.*)$")


def message(line, n):
    m = LINE.match(line)
    if not m:
        sys.exit(f"line {n}: no header: {line!r}")
    level = m.group(4)
    # %(levelname)-7s then a space: a message may itself start with spaces.
    start = m.start(4) + max(len(level), 7) + 1
    return line[start:]


def label(raw):
    with open(raw) as f:
        lines = [line.rstrip("\n") for line in f][:LINES]
    if len(lines) < LINES:
        sys.exit(f"only {len(lines)} lines in {raw}")
    rows = []
    for n, line in enumerate(lines, 1):
        content = message(line, n)
        found = [e for e in EVENTS if re.fullmatch(e[2], content)]
        if len(found) != 1:
            sys.exit(f"line {n}: {len(found)} events: {content!r}")
        rows.append((n, content, found[0][0], found[0][3]))
    base = os.path.join(HERE, f"{NAME}_2k.log")
    with open(base, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(base + "_structured.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["LineId", "Content", "EventId", "EventTemplate"])
        w.writerows(rows)
    used = {r[2] for r in rows}
    with open(base + "_templates.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["EventId", "EventTemplate"])
        w.writerows([e[0], e[3]] for e in EVENTS if e[0] in used)
    print(f"{base}: {len(rows)} lines, {len(used)} events")


JAILS = """[DEFAULT]
backend = polling
banaction = dummy
action = dummy[target={run}/dummy]
bantime = 6
findtime = 120
maxretry = 3
ignoreip = 127.0.0.1/8 198.51.100.77
[sshd]
enabled = true
backend = polling
logpath = {logs}/auth.log
[nginx-http-auth]
enabled = true
logpath = {logs}/nginx_error.log
[apache-auth]
enabled = true
logpath = {logs}/apache_error.log
[postfix]
enabled = true
logpath = {logs}/mail.log
[recidive]
enabled = true
logpath = {log}
bantime = 20
findtime = 300
maxretry = 4
"""

SERVER = """[Definition]
loglevel = INFO
logtarget = {log}
socket = {run}/fail2ban.sock
pidfile = {run}/fail2ban.pid
dbfile = {run}/fail2ban.sqlite3
"""

OPS = [
    "set sshd banip 192.0.2.10",
    "set sshd unbanip 192.0.2.10",
    "reload sshd",
    "set postfix addignoreip 203.0.113.5",
    "set postfix delignoreip 203.0.113.5",
    "stop apache-auth",
    "reload",
    "set sshd bantime 8",
    "set nginx-http-auth banip 192.0.2.11 192.0.2.12",
    "unban --all",
    "set sshd maxretry 4",
    "set recidive banip 192.0.2.13",
    "reload --restart postfix",
    "set sshd addlogpath {logs}/auth2.log",
    "set sshd dellogpath {logs}/auth2.log",
    "restart",
    "set sshd unbanip 192.0.2.99",
    "set nginx-http-auth findtime 100",
    "flushlogs",
]


def workload(logs, stop, rnd):
    ips = [f"203.0.113.{i}" for i in range(2, 40)]
    ips += [f"2001:db8::{i:x}" for i in range(1, 6)] + ["198.51.100.77"]
    users = ["admin", "root", "test", "oracle", "ubuntu", "deploy", "git", "postgres"]
    files = {k: open(f"{logs}/{k}.log", "a", buffering=1)
             for k in ["auth", "nginx_error", "apache_error", "mail"]}
    pid = 4000
    while not stop.is_set():
        now = time.localtime()
        ip, user = rnd.choice(ips), rnd.choice(users)
        pid += 1
        port = rnd.randint(1024, 65000)
        k = rnd.random()
        syslog = time.strftime("%b %e %H:%M:%S", now)
        if k < 0.45:
            text = rnd.choice([
                f"Failed password for invalid user {user} from {ip} port {port} ssh2",
                f"Failed password for {user} from {ip} port {port} ssh2",
                f"Invalid user {user} from {ip} port {port}",
                f"Accepted publickey for deploy from 198.51.100.77 port {port} ssh2"])
            files["auth"].write(f"{syslog} bastion sshd[{pid}]: {text}\n")
        elif k < 0.65:
            files["nginx_error"].write(
                time.strftime("%Y/%m/%d %H:%M:%S", now)
                + f' [error] 812#812: *{pid} user "{user}": password mismatch, client: {ip},'
                + ' server: shop.example, request: "GET /admin HTTP/1.1", host: "shop.example"\n')
        elif k < 0.8:
            micros = f"{rnd.randint(0, 999999):06d}"
            files["apache_error"].write(
                time.strftime("[%a %b %d %H:%M:%S.", now) + micros + time.strftime(" %Y]", now)
                + f" [auth_basic:error] [pid {pid}] [client {ip}:{port}] AH01618: user {user}"
                + " not found: /private\n")
        else:
            files["mail"].write(
                f"{syslog} mx1 postfix/smtpd[{pid}]: NOQUEUE: reject: RCPT from unknown[{ip}]:"
                + f" 554 5.7.1 <{user}@shop.example>: Relay access denied; from=<spam@bulk.test>"
                + f" to=<{user}@shop.example> proto=ESMTP helo=<bulk.test>\n")
        time.sleep(rnd.expovariate(12))


def run():
    rnd = random.Random(15)
    tmp = tempfile.mkdtemp(prefix="oats-fail2ban-")
    etc, run_dir, logs = f"{tmp}/etc", f"{tmp}/run", f"{tmp}/logs"
    log = f"{tmp}/oats-fail2ban-raw.log"
    shutil.copytree("/etc/fail2ban", etc)
    for f in os.listdir(f"{etc}/jail.d"):
        os.remove(f"{etc}/jail.d/{f}")
    os.makedirs(run_dir)
    os.makedirs(logs)
    for f in ["auth", "auth2", "nginx_error", "apache_error", "mail"]:
        open(f"{logs}/{f}.log", "a").close()
    open(log, "a").close()
    with open(f"{etc}/fail2ban.local", "w") as f:
        f.write(SERVER.format(log=log, run=run_dir))
    with open(f"{etc}/jail.local", "w") as f:
        f.write(JAILS.format(log=log, run=run_dir, logs=logs))
    server = subprocess.Popen(["fail2ban-server", "-f", "-x", "-c", etc],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = ["fail2ban-client", "-c", etc]
    stop = threading.Event()
    feeder = threading.Thread(target=workload, args=(logs, stop, rnd))
    try:
        time.sleep(4)
        feeder.start()
        for op in OPS:
            time.sleep(5)
            subprocess.run(client + op.format(logs=logs).split(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while sum(1 for _ in open(log)) < LINES + 100:
            time.sleep(2)
    finally:
        stop.set()
        if feeder.is_alive():
            feeder.join()
        subprocess.run(client + ["stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    label(log)
    print(f"raw log kept in {log}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--raw":
        label(sys.argv[2])
    else:
        run()
