"""Makes bench/data/exim: the main log of a real Exim 4.96 mail server (Debian's `exim4-daemon-light`),
`mainlog` in Exim's default format (`2026-12-07 20:51:02 1tK3xB-000Ab1-2C <= alice@oats.test
H=localhost [127.0.0.1] P=esmtp S=612 T="weekly report"`: the time, then the message's id, if any, and
the message), the daemon listening on 127.0.0.1:25250 from a private configuration and spool with a
queue runner every 10 s, `log_selector` adding connections, protocol and syntax errors, sessions
without MAIL, queue runs, subjects and the received recipients. Local users get their mail in files
(`appendfile`), aliases redirect, `relay.test` is sent on to a seeded SMTP server of the script that
accepts, defers (4xx) or rejects (5xx) recipients and sometimes drops the connection, `dead.test` to
a port where nothing listens (deferred, retried, given up on by the retry rule). A seeded workload
drives it: SMTP sessions from the script (mail to users, aliases, unknown users, relay domains and
domains refused as relaying; senders the ACL refuses; messages over the size limit; bad commands,
commands sent before the greeting, sessions that stop, time out or never send MAIL; too many
connections at once), messages submitted on the command line (`exim4 -odq`, `-odi`, a bounce to a
sender that cannot be reached, frozen), the queue handled by `exim4 -M`, `-Mf`, `-Mt`, `-Mg`, `-Mrm`
and `-qff`, the daemon sent SIGHUP and restarted.

Run as root from anywhere: python3 bench/data/exim/generate.py   (needs apt-get install
exim4-daemon-light; Exim's own daemon is not started, deliveries run as Debian-exim; the script lists its
configuration in /etc/exim4/trusted_configs for the run and takes it out again; the raw log is
kept in the temporary folder as oats-exim-raw.log until it is labelled, and `generate.py --raw FILE`
labels such a log again without running anything).

Ground truth: labelled by hand, a regex per `log_write()` format string of Exim 4.96 (`src/*.c`:
`receive.c`, `deliver.c`, `smtp_in.c`, `acl.c`, `daemon.c`, `queue.c`, `retry.c`, `transports/smtp.c`),
written from the messages of the run and checked against the format strings in the binary (`strings
/usr/sbin/exim4`). The time is the header; a message's id is a variable of the event. A delivery line
is an event per flag (`<=`, `=>`, `->`, `**`, `==`, `*>`), whatever fields follow (host, protocol,
size, router, transport, subject: Exim adds them by `log_selector`, run-time values) and whatever the
error text of a failure or deferral; `Completed` one event; an ACL's refusal (`%s%srejected %s%s`) is
an event per ACL (`MAIL`, `RCPT`, `after DATA`), its message (the configuration's text or a
verification's result) a variable; `SMTP %s error in "%s" %s %s` an event per kind and per constant
message its caller passes, a parser's message a variable; an SMTP error's text from the remote server
is a variable.
"""
import os
import random
import re
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT, RELAY, DEAD = 25250, 25251, 25252
TRUSTED = "/etc/exim4/trusted_configs"  # Debian's TRUSTED_CONFIG_LIST
rnd = random.Random(41)
USERS = ["alice", "bob", "carol", "dave", "erin", "oncall", "billing"]
ALIASES = {"postmaster": "alice", "sre": "bob, carol", "alerts": "oncall, erin", "ops": "dave"}
SUBJECTS = ["weekly report", "disk usage on node-3", "pod crashloop", "invoice 2291", "re: deploy window",
            "certificate expires in 7 days", "backup finished", "[alert] etcd leader changed", "hello", ""]


def config(work, variant=0):
    """Exim's configuration; variant changes the size limit and the connection limit (a reload)."""
    size = ["40K", "60K", "30K"][variant % 3]
    return f"""
primary_hostname = mail.oats.test
domainlist local_domains = oats.test : corp.test
domainlist relay_to_domains = relay.test : dead.test
hostlist relay_from_hosts = 127.0.0.1
daemon_smtp_ports = {PORT}
local_interfaces = 127.0.0.1
spool_directory = {work}/spool
log_file_path = {work}/%slog
exim_user = Debian-exim
exim_group = Debian-exim
never_users = root
trusted_users = root
message_size_limit = {size}
smtp_accept_max = {[6, 8, 5][variant % 3]}
smtp_receive_timeout = 4s
smtp_banner = $smtp_active_hostname ESMTP Exim $version_number $tod_full
host_lookup =
keep_environment =
tls_advertise_hosts =
rfc1413_hosts =
ignore_bounce_errors_after = 30s
timeout_frozen_after = 45s
acl_smtp_rcpt = acl_check_rcpt
acl_smtp_mail = acl_check_mail
acl_smtp_data = acl_check_data
log_selector = +smtp_connection +smtp_protocol_error +smtp_syntax_error +smtp_no_mail +subject \\
  +received_recipients +delivery_size

begin acl
acl_check_mail:
  deny    senders = *@spam.test : *@phish.test
          message = sender refused by policy
  accept

acl_check_rcpt:
  deny    local_parts = ^.*[@%!/|]
          message = restricted characters in address
  deny    domains = +local_domains
          local_parts = ^abuse-test
          message = mailbox disabled
  accept  domains = +local_domains
          endpass
          verify = recipient
  accept  domains = +relay_to_domains
  deny    message = relay not permitted

acl_check_data:
  deny    condition = ${{if match{{$h_subject:}}{{(?i)lottery}}}}
          message = message content rejected
  accept

begin routers
dead_domains:
  driver = manualroute
  domains = dead.test
  route_list = * 127.0.0.1::{DEAD}
  self = send
  transport = remote_smtp
relay_domains:
  driver = manualroute
  domains = relay.test
  route_list = * 127.0.0.1::{RELAY}
  self = send
  transport = remote_smtp
system_aliases:
  driver = redirect
  domains = +local_domains
  allow_fail
  data = ${{lookup{{$local_part}}lsearch{{{work}/aliases}}}}
localuser:
  driver = accept
  domains = +local_domains
  local_parts = {" : ".join(USERS)}
  transport = local_delivery

begin transports
remote_smtp:
  driver = smtp
  allow_localhost
  connect_timeout = 3s
  command_timeout = 5s
local_delivery:
  driver = appendfile
  file = {work}/mail/$local_part_data
  user = Debian-exim
  group = Debian-exim
  mode = 0600
  quota = 200K
  quota_warn_threshold = 80%

begin retry
dead.test  *  F,40s,10s
*          *  F,1m,15s
"""


class Relay(threading.Thread):
    """The SMTP server of relay.test: accepts, defers or refuses a recipient by its local part
    (`ok*`, `busy*`, `gone*`), drops the connection after DATA for `drop*`, answers slowly for
    `slow*`."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.create_server(("127.0.0.1", RELAY))

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.session, args=(conn,), daemon=True).start()

    def session(self, conn):
        f = conn.makefile("rb")
        out = lambda s: conn.sendall(s.encode() + b"\r\n")  # noqa: E731
        try:
            out("220 mx.relay.test ESMTP")
            drop = False
            while True:
                line = f.readline().decode(errors="replace").strip()
                if not line:
                    return
                verb = line.split(" ")[0].upper()
                if verb in ("EHLO", "HELO"):
                    out("250-mx.relay.test\r\n250-SIZE 100000\r\n250 PIPELINING")
                elif verb == "MAIL":
                    out("250 2.1.0 sender ok")
                elif verb == "RCPT":
                    local = line.split("<", 1)[1].split("@")[0]
                    if local.startswith("busy"):
                        out("451 4.7.1 greylisted, try again later")
                    elif local.startswith("gone"):
                        out("550 5.1.1 no such user here")
                    elif local.startswith("full"):
                        out("452 4.2.2 mailbox full")
                    else:
                        drop = drop or local.startswith("drop")
                        if local.startswith("slow"):
                            time.sleep(6)
                        out("250 2.1.5 recipient ok")
                elif verb == "DATA":
                    out("354 go ahead")
                    while f.readline() not in (b".\r\n", b""):
                        pass
                    if drop:
                        return
                    out("250 2.0.0 queued as %X" % rnd.getrandbits(40))
                elif verb == "QUIT":
                    out("221 bye")
                    return
                else:
                    out("250 ok")
        except OSError:
            pass
        finally:
            conn.close()


def exim(work, *args, data=None):
    return subprocess.run(["exim4", "-C", f"{work}/exim.conf", *args], input=data, capture_output=True, timeout=60)


def write_config(work, variant=0):
    with open(f"{work}/exim.conf", "w") as f:
        f.write(config(work, variant))


def start(work):
    proc = subprocess.Popen(["exim4", "-C", f"{work}/exim.conf", "-bdf", "-q10s"])
    daemon.wait_port(PORT, timeout=30)
    return proc


def address():
    r = rnd.random()
    if r < 0.35:
        return f"{rnd.choice(USERS)}@{rnd.choice(['oats.test', 'oats.test', 'corp.test'])}"
    if r < 0.50:
        return f"{rnd.choice(list(ALIASES) + ['former'])}@oats.test"
    if r < 0.58:
        return f"{rnd.choice(['nobody', 'jdoe', 'admin', 'abuse-test'])}@oats.test"
    if r < 0.82:
        return f"{rnd.choice(['ok', 'ok', 'ok', 'ok', 'busy', 'gone', 'full', 'drop', 'slow'])}{rnd.randint(1, 30)}@relay.test"
    if r < 0.90:
        return f"user{rnd.randint(1, 9)}@dead.test"
    return f"{rnd.choice(['x', 'info', 'sales'])}@{rnd.choice(['example.org', 'gmail.test', 'other.test'])}"


def sender():
    r = rnd.random()
    if r < 0.08:
        return f"promo@{rnd.choice(['spam.test', 'phish.test'])}"
    if r < 0.12:
        return ""
    return f"{rnd.choice(USERS + ['monitor', 'cron', 'jenkins'])}@{rnd.choice(['oats.test', 'ci.oats.test', 'corp.test'])}"


def body(subject, size=None):
    text = "".join(f"line {i} of the message about {subject or 'nothing'}\r\n" for i in range(size or rnd.randint(2, 60)))
    return f"Subject: {subject}\r\nFrom: someone\r\n\r\n{text}"


def smtp_session():
    try:
        s = smtplib.SMTP("127.0.0.1", PORT, timeout=10)
        s.ehlo(rnd.choice(["client.oats.test", "ci-runner-3", "laptop.corp.test", "[127.0.0.1]"]))
        for _ in range(rnd.choice([1, 1, 1, 2, 3])):
            frm = sender()
            code, _ = s.mail(frm)
            if code >= 400:
                s.rset()
                continue
            ok = 0
            for rc in {address() for _ in range(rnd.choice([1, 1, 1, 2, 3]))}:
                code, _ = s.rcpt(rc)
                ok += code < 300
            if not ok:
                s.rset()
                continue
            subject = rnd.choice(SUBJECTS + ["you won the lottery"])
            try:
                s.data(body(subject, 1500 if rnd.random() < 0.06 else None))
            except smtplib.SMTPException:
                s.rset()
        s.quit()
    except (OSError, smtplib.SMTPException):
        pass


def raw_session():
    """A session that goes wrong: bad commands, pipelining before the greeting, a client that stops
    or never sends MAIL, HTTP on the port."""
    r = rnd.random()
    if r < 0.2:
        daemon.send(PORT, b"EHLO early.test\r\nMAIL FROM:<a@b.test>\r\n", linger=0.5)
    elif r < 0.4:
        daemon.send(PORT, rnd.choice([b"HELO x\r\nFOO bar\r\nXYZZY\r\nQUIT\r\n", b"EHLO x\r\nRCPT TO:<a@oats.test>\r\nQUIT\r\n",
                                      b"EHLO x\r\nMAIL FROM:<bad address>\r\nQUIT\r\n", b"HELO\r\nQUIT\r\n",
                                      b"EHLO x\r\nMAIL FROM:<a@b.test>\r\nDATA\r\nQUIT\r\n"]), read_first=True, linger=0.6)
    elif r < 0.55:
        daemon.send(PORT, b"GET / HTTP/1.1\r\nHost: mail\r\n\r\n", read_first=True, linger=0.5)
    elif r < 0.7:
        daemon.send(PORT, b"EHLO quiet.test\r\n", read_first=True, linger=0.3)
    elif r < 0.85:
        threading.Thread(target=daemon.send, args=(PORT, b"EHLO slow.test\r\n"),
                         kwargs={"read_first": True, "linger": 5.5, "timeout": 10}, daemon=True).start()
    else:
        daemon.send(PORT, b"EHLO x\r\nQUIT\r\n", read_first=True, linger=0.3)


def crowd():
    """More clients at once than smtp_accept_max."""
    socks = []
    for _ in range(10):
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=3)
            socks.append(s)
        except OSError:
            pass
    time.sleep(0.5)
    for s in socks:
        s.close()


def queue_ids(work):
    return re.findall(r"\b\w{6}-\w{6}-\w{2}\b", exim(work, "-bp").stdout.decode())


def local_submit(work):
    rcpts = [address() for _ in range(rnd.choice([1, 1, 2]))]
    args = [rnd.choice(["-odq", "-odi", "-odb"])]
    if rnd.random() < 0.3:
        args += ["-f", rnd.choice(["cron@oats.test", "", "nobody@dead.test"])]
    exim(work, *args, "--", *rcpts, data=body(rnd.choice(SUBJECTS)).replace("\r\n", "\n").encode())


def queue_command(work):
    ids = queue_ids(work)
    if not ids:
        return
    mid = rnd.choice(ids)
    op = rnd.choice(["-M", "-M", "-Mf", "-Mt", "-Mg", "-Mrm", "-qff", "-Mar", "-Mmd"])
    if op == "-qff":
        exim(work, "-qff")
    elif op in ("-Mar", "-Mmd"):
        exim(work, op, mid, f"{rnd.choice(USERS)}@oats.test")
    else:
        exim(work, op, mid)


def workload(work):
    for d in ("spool", "mail"):
        os.makedirs(f"{work}/{d}")
    with open(f"{work}/aliases", "w") as f:
        for k, v in ALIASES.items():
            f.write(f"{k}: {v}\n")
        f.write("former: :fail: left the company\n")
    subprocess.run(["chown", "-R", "Debian-exim:Debian-exim", work], check=True)
    os.chmod(work, 0o755)
    write_config(work)
    with open(TRUSTED, "a") as f:  # Exim keeps root for a -C file listed here (it re-execs itself to deliver)
        f.write(f"{work}/exim.conf\n")
    Relay().start()
    log = f"{work}/mainlog"
    proc = None
    try:
        proc = start(work)
        while daemon.lines_in(log) < 2400:
            r = rnd.random()
            if r < 0.55:
                smtp_session()
            elif r < 0.72:
                raw_session()
            elif r < 0.82:
                local_submit(work)
            elif r < 0.92:
                queue_command(work)
            elif r < 0.94:
                crowd()
            elif r < 0.975:
                write_config(work, rnd.randint(0, 2))
                proc.send_signal(signal.SIGHUP)
                time.sleep(1)
            else:
                daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGKILL]))
                time.sleep(rnd.uniform(0.5, 2))
                proc = start(work)
            box = f"{work}/mail/{rnd.choice(USERS)}"
            if rnd.random() < 0.03 and os.path.exists(box):
                with open(box, "a") as f:  # a mailbox near its quota
                    f.write("x" * 190000)
            time.sleep(rnd.uniform(0.05, 0.4))
    finally:
        if proc:
            daemon.stop(proc)
        settle(work)
        untrust(work)
    return log


def settle(work, timeout=30):
    """Waits for the deliveries the daemon started (they outlive it) to end."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        busy = False
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    busy = busy or f"{work}/exim.conf".encode() in f.read()
            except OSError:
                pass
        if not busy:
            return
        time.sleep(0.5)


def untrust(work):
    with open(TRUSTED) as f:
        rest = [line for line in f if line.strip() != f"{work}/exim.conf"]
    if rest:
        with open(TRUSTED, "w") as f:
            f.writelines(rest)
    else:
        os.remove(TRUSTED)


I = r"\w{6}-\w{6}-\w{2}"   # a message's id
H = r"(?:\(\S*\) )?\[[\d.]+\]"   # a client: the name it gave (HELO), its address
EVENTS = [
    # daemon.c, queue.c: the daemon and the queue runner
    ("D1", "exim <*> daemon started: pid=<*>, <*>, listening for SMTP on <*>",
     r"exim 4\.96 daemon started: pid=\d+, -q\w+, listening for SMTP on \S+"),
    ("D2", "pid <*>: SIGHUP received: re-exec daemon", r"pid \d+: SIGHUP received: re-exec daemon"),
    ("D3", "Start queue run: <*>", r"Start queue run: pid=\d+(?: -q\w+)?"),
    ("D4", "End queue run: <*>", r"End queue run: pid=\d+(?: -q\w+)?"),
    ("D5", "Connection from <*> refused: too many connections", rf"Connection from {H} refused: too many connections"),
    ("D6", "SMTP connection from <*> (TCP/IP connection count = <*>)", rf"SMTP connection from {H} \(TCP/IP connection count = \d+\)"),
    # smtp_in.c: an SMTP session
    ("S1", "<*> closed by QUIT", rf"SMTP connection from {H} closed by QUIT"),
    ("S2", "SMTP connection from <*> lost <*> D=<*>", rf"SMTP connection from {H} lost(?: \(error: [^)]*\))? D=\w+"),
    ("S3", "no MAIL in SMTP connection from <*> D=<*> <*>", rf"no MAIL in SMTP connection from {H} D=\w+(?: C=[A-Z,]+)?"),
    ("S4", "SMTP syntax error in \"<*>\" <*> unrecognized command", rf'SMTP syntax error in ".*" H={H} unrecognized command'),
    ("S5", "SMTP syntax error in \"<*>\" <*> <*>", rf'SMTP syntax error in ".*" H={H} (?!unrecognized command\Z).*'),
    ("S6", "SMTP protocol error in \"<*>\" <*> valid RCPT command must precede DATA",
     rf'SMTP protocol error in ".*" H={H} valid RCPT command must precede DATA'),
    ("S7", "SMTP protocol error in \"<*>\" <*> sender not yet given", rf'SMTP protocol error in ".*" H={H} sender not yet given'),
    ("S8", "unexpected disconnection while reading SMTP command from <*> <*> D=<*>",  # `%s%s%s`: the read error or nothing
     rf"unexpected disconnection while reading SMTP command from {H}(?: \(error: [^)]*\))? D=\w+"),
    ("S9", "SMTP command timeout on connection from <*>", rf"SMTP command timeout on connection from {H}"),
    ("S10", "rejected <*> from <*>: syntactically invalid argument(s): <*>",
     rf"rejected [EH]+LO from {H}: syntactically invalid argument\(s\): .*"),
    ("S11", "<*> rejected from <<*>> <*>: message too big: read=<*> max=<*>",
     rf"{I} rejected from <[^>]*> (?:H={H}|U=\S+): message too big: read=\d+ max=\d+"),
    ("S13", "<*> Error while reading message with no usable sender address <*>: message too big (limit set to <*>)",
     rf"{I} Error while reading message with no usable sender address(?: \(R={I}\))?: message too big \(limit set to \d+\)"),
    ("M17", "<*> Process failed (<*>) when writing error message to <*>",
     rf"{I} Process failed \(\d+\) when writing error message to \S+"),
    ("S12", "SMTP connection from <*> lost while reading message data", rf"(?:{I} )?SMTP connection from {H} lost while reading message data.*"),
    # acl.c: a refusal, `%s%srejected %s%s`, the ACL's `where` an event each, the message a variable
    ("A1", "H=<*> rejected MAIL <<*>>: <*>", rf"H={H} rejected MAIL <[^>]*>: .*"),
    ("A2", "H=<*> F=<<*>> rejected RCPT <<*>>: <*>", rf"H={H} F=<[^>]*> rejected RCPT <[^>]*>: .*"),
    ("A3", "<*> H=<*> F=<<*>> rejected after DATA: <*>", rf"{I} H={H} F=<[^>]*> rejected after DATA: .*"),
    # receive.c, deliver.c: a message's arrival and its deliveries, an event per flag
    ("M1", "<*> <= <*>", rf"{I} <= .*"),
    ("M2", "<*> => <*>", rf"{I} => .*"),
    ("M3", "<*> -> <*>", rf"{I} -> .*"),
    ("M4", "<*> ** <*>", rf"{I} \*\* .*"),
    ("M5", "<*> == <*>", rf"{I} == .*"),
    ("M6", "<*> *> <*>", rf"{I} \*> .*"),
    ("M7", "<*> Completed", rf"{I} Completed"),
    ("M8", "<*> Message is frozen", rf"{I} Message is frozen"),
    ("M9", "<*> Frozen (delivery error message)", rf"{I} Frozen \(delivery error message\)"),
    ("M10", "<*> Unfrozen by errmsg timer", rf"{I} Unfrozen by errmsg timer"),
    ("M11", "<*> Spool file for <*> is locked (another process is handling this message)",
     rf"{I} Spool file for {I} is locked \(another process is handling this message\)"),
    ("M12", "<*> <*>: error ignored", rf"{I} \S+(?: <[^>]*>)?: error ignored"),
    ("M13", "<*> cancelled by timeout_frozen_after", rf"{I} cancelled by timeout_frozen_after"),
    ("M14", "<*> Unfrozen by forced delivery", rf"{I} Unfrozen by forced delivery"),
    ("M15", "<*> Spool file <*>-D not found", rf"{I} Spool file {I}-D not found"),
    ("M16", "<*> Frozen", rf"{I} Frozen"),
    # transports/smtp.c's write_logs(): a host's error, with a text (`: %s`) or an errno's (` %s`)
    ("T1", "<*> H=<*> [<*>]: <*>", rf"{I} H=\S+ \[[\d.]+\](?::\d+)?: .*"),
    ("T2", "<*> H=<*> [<*>] <*>", rf"{I} H=\S+ \[[\d.]+\](?::\d+)? (?!F=).*"),
    # queue.c: the administrator's commands (exim -Mf, -Mt, -Mrm, -Mg, -Mar, -Mmd)
    ("Q1", "<*> frozen by <*>", rf"{I} frozen by \w+"),
    ("Q2", "<*> unfrozen by <*>", rf"{I} unfrozen by \w+"),
    ("Q3", "<*> removed by <*>", rf"{I} removed by \w+"),
    ("Q4", "<*> recipient <<*>> added by <*>", rf"{I} recipient <[^>]*> added by \w+"),
    ("Q5", "<*> address <<*>> marked delivered by <*>", rf"{I} address <[^>]*> marked delivered by \w+"),
    ("Q6", "<*> cancelled by <*>", rf"{I} cancelled by (?!timeout_frozen_after\Z)\w+"),
]
HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (.*)$")


if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload, readable=True)
