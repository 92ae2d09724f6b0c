"""Makes bench/data/dovecot: the log file of a real Dovecot 2.3 IMAP and POP3 server (Debian's
`dovecot-imapd` and `dovecot-pop3d`), `log_path` in Dovecot's own format (`Dec 07 14:50:44
imap(alice)<10996><N5+1WQxiGKF/AAAB>: Info: Disconnected: Logged out in=99 out=957 ...`: the time,
the process's prefix (service, user, pid, session), the level, the message), with `auth_verbose`
and the `mail_log` and `quota` plugins, from a private configuration on 127.0.0.1:10143 (IMAP)
and 10110 (POP3). A seeded workload drives it: IMAP and POP3 clients (Python's `imaplib` and
`poplib`, and raw sockets) that log in with right and wrong passwords, as unknown or disabled users,
from networks a user may not log in from, with unsupported mechanisms and bad base64; that
select, create, rename and delete mailboxes, append, copy, flag, expunge and fetch messages, read
and delete mail over POP3, or go over the quota; clients that send garbage, never log in, hang up
in the middle or open more connections than allowed; mail delivered with `dovecot-lda` to users,
unknown users and full mailboxes; the configuration changed (`disable_plaintext_auth` on or off;
Dovecot counts 127.0.0.1 as secure, so it refuses no login for it) and reloaded; users kicked with `doveadm kick`; restarts (`doveadm stop`, SIGKILL).

Run as root from anywhere: python3 bench/data/dovecot/generate.py   (needs apt-get install
dovecot-imapd dovecot-pop3d; Dovecot runs from a private folder, the mail belongs to `nobody`; the
raw log is kept in the temporary folder as oats-dovecot-raw.log until it is labelled, and
`generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per log call of Dovecot 2.3.19.1 (`e_info`/`i_info`/
`e_error`... in `src/`), written from the messages of the run and checked in the source. The time
and the process's prefix up to the level (`imap-login: Info: `, `imap(alice)<pid><session>: Info: `,
`auth: Info: `) are the header, not part of the event (as a program name in `syslog`). Values computed
at run time are variables: the `login_log_format_elements` after a login process's message (`user=<...>,
method=..., rip=..., ...`, present or not as the client got that far), the logout statistics of
`imap_logout_format`/`pop3_logout_format`, the mail_log fields. Constants passed into a shared
format are an event each: the reason a login process gives before `Disconnected` and the extra
reason it adds (`(auth failed, %u attempts in %u secs)`, `(no auth attempts in %u secs)`, ...), the
`mail_log` event names (`save`, `copy`, `expunge`, `flag_change`, ...), the passdb's result
(`unknown user`, `Password mismatch`).
"""
import imaplib
import os
import poplib
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
IMAP, POP3 = 10143, 10110
rnd = random.Random(44)
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]


def config(work, plaintext=True):
    with open(f"{work}/users", "w") as f:
        for u in USERS:
            extra = {"frank": "nologin=y reason=Account moved", "grace": "allow_nets=10.0.0.0/8"}.get(u, "")
            f.write(f"{u}:{{PLAIN}}pw-{u}::::::{extra}\n")
    with open(f"{work}/dovecot.conf", "w") as f:
        f.write(f"""base_dir = {work}/run
state_dir = {work}/run
log_path = {work}/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = {"no" if plaintext else "yes"}
auth_verbose = yes
auth_failure_delay = 0
auth_mechanisms = plain login
mail_location = maildir:{work}/mail/%u
mail_max_userip_connections = 3
first_valid_uid = 100
default_internal_user = dovecot
default_login_user = dovenull
mail_plugins = notify mail_log quota
plugin {{
  mail_log_events = delete undelete expunge copy mailbox_delete mailbox_rename mailbox_create save flag_change
  mail_log_fields = uid box msgid size
  quota = count:User quota
  quota_rule = *:messages={rnd.choice([12, 15, 20])}
  quota_vsizes = yes
}}
passdb {{
  driver = passwd-file
  args = {work}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={work}/mail/%u
}}
service imap-login {{
  service_count = 0
  inet_listener imap {{
    port = {IMAP}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  service_count = 0
  inet_listener pop3 {{
    port = {POP3}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
""")


def start(work):
    # a master killed with SIGKILL may stay a zombie (nothing reaps it here) and so look alive to
    # the next start: its pid file goes first
    if os.path.exists(f"{work}/run/master.pid"):
        os.unlink(f"{work}/run/master.pid")
    subprocess.run(["dovecot", "-c", f"{work}/dovecot.conf"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(IMAP, timeout=60)
    daemon.wait_port(POP3, timeout=60)
    time.sleep(0.3)


def doveadm(work, *args):
    subprocess.run(["doveadm", "-c", f"{work}/dovecot.conf"] + list(args), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=30)


def message(n=None):
    n = n if n is not None else rnd.randrange(10**6)
    return (f"From: sender{n % 7}@example.net\r\nTo: someone@example.test\r\nSubject: report {n}\r\n"
            f"Message-ID: <{n}.{rnd.randrange(10**6)}@example.net>\r\n\r\n" + "line of text\r\n" * rnd.randrange(1, 30)).encode()


def user():
    return rnd.choice(USERS[:5])


def imap_session():
    u = user()
    try:
        m = imaplib.IMAP4("127.0.0.1", IMAP, timeout=10)
        m.login(u, f"pw-{u}")
        for _ in range(rnd.randrange(1, 6)):
            k = rnd.random()
            if k < 0.25:
                m.append("INBOX", rnd.choice([None, "(\\Seen)"]), None, message())
            elif k < 0.40:
                m.create(rnd.choice(["Work", "Archive", "Lists", "Trash"]))
            elif k < 0.48:
                m.rename(rnd.choice(["Work", "Lists"]), rnd.choice(["Projects", "Old"]))
            elif k < 0.55:
                m.delete(rnd.choice(["Work", "Archive", "Projects", "Old", "Nope"]))
            else:
                m.select("INBOX")
                typ, data = m.search(None, "ALL")
                ids = data[0].split() if data and data[0] else []
                if ids:
                    some = b",".join(rnd.sample(ids, min(len(ids), rnd.randrange(1, 4)))).decode()
                    j = rnd.random()
                    if j < 0.3:
                        m.fetch(some, "(RFC822)")
                    elif j < 0.55:
                        m.copy(some, rnd.choice(["Archive", "Trash", "Missing"]))
                    elif j < 0.8:
                        m.store(some, rnd.choice(["+FLAGS", "-FLAGS"]), rnd.choice(["(\\Seen)", "(\\Flagged)", "(\\Deleted)"]))
                    else:
                        m.store(some, "+FLAGS", "(\\Deleted)")
                        m.expunge()
        if rnd.random() < 0.85:
            m.logout()
        else:
            m.shutdown()
    except (imaplib.IMAP4.error, OSError, EOFError):
        pass


def pop3_session():
    u = user()
    try:
        p = poplib.POP3("127.0.0.1", POP3, timeout=10)
        p.user(u)
        p.pass_(f"pw-{u}" if rnd.random() < 0.8 else "wrong")
        count = p.stat()[0]
        for i in rnd.sample(range(1, count + 1), min(count, rnd.randrange(0, 3))):
            p.retr(i)
            if rnd.random() < 0.4:
                p.dele(i)
        p.quit()
    except (poplib.error_proto, OSError, EOFError):
        pass


def bad_login():
    k = rnd.random()
    u = rnd.choice(USERS + ["root", "admin", "test"])
    try:
        if k < 0.5:
            m = imaplib.IMAP4("127.0.0.1", IMAP, timeout=10)
            try:
                m.login(u, rnd.choice(["wrong", "123456", f"pw-{u}"]))
            except imaplib.IMAP4.error:
                pass
            if rnd.random() < 0.7:
                m.logout()
            else:
                m.shutdown()
        elif k < 0.65:
            p = poplib.POP3("127.0.0.1", POP3, timeout=10)
            try:
                p.user(u)
                p.pass_(rnd.choice(["wrong", f"pw-{u}"]))
                p.quit()
            except poplib.error_proto:
                p.close()
        else:
            daemon.send(IMAP, rnd.choice([
                b"a AUTHENTICATE CRAM-MD5\r\n", b"a AUTHENTICATE PLAIN\r\n!!notbase64!!\r\n",
                b"a AUTHENTICATE PLAIN\r\n", b"GET / HTTP/1.1\r\nHost: mail\r\n\r\n",
                b"a LOGIN\r\nb FOO\r\nc BAR\r\nd BAZ\r\ne QUX\r\nf X\r\ng Y\r\nh Z\r\ni W\r\nj V\r\nk U\r\n",
                b"", b"a CAPABILITY\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40)]),
                read_first=True, linger=rnd.uniform(0.1, 1.5))
    except (OSError, EOFError):
        pass


def deliver(work):
    u = rnd.choice(USERS[:5] + ["nosuchuser"])
    args = ["/usr/lib/dovecot/dovecot-lda", "-c", f"{work}/dovecot.conf", "-d", u, "-f", f"sender{rnd.randrange(9)}@example.net"]
    if rnd.random() < 0.3:
        args += ["-m", rnd.choice(["Lists", "Archive", "Missing"])]
    subprocess.run(args, input=message(), capture_output=True, timeout=30)


def crowd():
    """More IMAP sessions of one user at once than mail_max_userip_connections allows."""
    u = user()

    def hold():
        try:
            m = imaplib.IMAP4("127.0.0.1", IMAP, timeout=10)
            m.login(u, f"pw-{u}")
            time.sleep(1)
            m.logout()
        except (imaplib.IMAP4.error, OSError, EOFError):
            pass
    ts = [threading.Thread(target=hold) for _ in range(5)]
    for t in ts:
        t.start()
        time.sleep(0.05)
    for t in ts:
        t.join()


def kicked(work):
    u = user()

    def idle():
        try:
            m = imaplib.IMAP4("127.0.0.1", IMAP, timeout=10)
            m.login(u, f"pw-{u}")
            m.select("INBOX")
            time.sleep(2)
            m.logout()
        except (imaplib.IMAP4.error, OSError, EOFError):
            pass
    t = threading.Thread(target=idle)
    t.start()
    time.sleep(1)
    doveadm(work, "kick", u)
    t.join()


def workload(work):
    os.makedirs(f"{work}/mail")
    os.makedirs(f"{work}/run")
    subprocess.run(["chown", "nobody:nogroup", f"{work}/mail"], check=True)
    config(work)
    start(work)
    log = f"{work}/dovecot.log"
    try:
        while daemon.lines_in(log) < 2300:
            k = rnd.random()
            if k < 0.30:
                imap_session()
            elif k < 0.42:
                pop3_session()
            elif k < 0.65:
                bad_login()
            elif k < 0.82:
                deliver(work)
            elif k < 0.85:
                crowd()
            elif k < 0.88:
                kicked(work)
            elif k < 0.94:
                config(work, plaintext=rnd.random() < 0.7)
                doveadm(work, "reload")
                time.sleep(0.5)
            else:
                if rnd.random() < 0.7:
                    doveadm(work, "stop")
                else:
                    with open(f"{work}/run/master.pid") as f:
                        os.kill(int(f.read().strip()), signal.SIGKILL)
                time.sleep(1)
                config(work)
                start(work)
            time.sleep(rnd.uniform(0.02, 0.2))
    finally:
        doveadm(work, "stop")
    return log


# (id, template, regex over the message), from Dovecot 2.3.19.1's log calls (src/).
SUF = r"(?:: user=<[^>]*>.*)?"          # login_log_format_elements after a login process's message
IMAP_STATS = r" in=\d+ out=\d+ deleted=\d+ expunged=\d+ trashed=\d+ hdr_count=\d+ hdr_bytes=\d+ body_count=\d+ body_bytes=\d+"
POP3_STATS = r" top=\d+/\d+, retr=\d+/\d+, del=\d+/\d+, size=\d+"
FIELDS = r"box=[^,]*, uid=\d+, msgid=<[^>]*>, size=\d+"
TIMES = r"(?:\d+ attempts? in \d+ secs?)"
CLOSED = r"Connection closed: (?:(?! \()(?!: user=<)(?! in=\d)(?! top=\d).)+"   # an iostream's error text

# login-common: client_disconnect's "Disconnected: %s" with the reason its caller passes (an
# iostream's "Connection closed" or "Connection closed: %s", a constant) and, before a login, the
# extra reason of client_get_extra_disconnect_reason (a format each): an event per pair
LOGIN_REASONS = [
    ("Aborted login by logging out", r"Aborted login by logging out"),
    ("Connection closed", r"Connection closed"),
    ("Connection closed: <*>", CLOSED),
    ("Too many invalid commands", r"Too many invalid commands\.?"),
    ("Maximum number of connections from user+IP exceeded (mail_max_userip_connections=<*>)",
     r"Maximum number of connections from user\+IP exceeded \(mail_max_userip_connections=\d+\)"),
    ("Login disabled for this user", r"Login disabled for this user"),
    ("Plaintext authentication disallowed on non-secure (SSL/TLS) connections.",
     r"Plaintext authentication disallowed on non-secure \(SSL/TLS\) connections\."),
    ("Disconnected for inactivity.", r"Disconnected for inactivity\."),
    ("Server shutting down.", r"Server shutting down\."),
    ("Internal login failure (pid=<*> id=<*>)", r"Internal login failure \(pid=\d+ id=\d+\)"),
]
LOGIN_EXTRAS = [
    ("", ""),
    (" (auth failed, <*> attempts in <*> secs)", rf" \(auth failed, {TIMES}\)"),
    (" (no auth attempts in <*> secs)", r" \(no auth attempts in \d+ secs\)"),
    (" (disconnected before auth was ready, waited <*> secs)", r" \(disconnected before auth was ready, waited \d+ secs\)"),
    (" (client didn't finish SASL auth, waited <*> secs)", r" \(client didn't finish SASL auth, waited \d+ secs\)"),
    (" (disconnected while authenticating, waited <*> secs)", r" \(disconnected while authenticating, waited \d+ secs\)"),
    (" (disconnected while finishing login, waited <*> secs)", r" \(disconnected while finishing login, waited \d+ secs\)"),
    (" (aborted authentication)", r" \(aborted authentication\)"),
    (" (internal failure, <*> successful auths)", r" \(internal failure, \d+ successful auths\)"),
    (" (user disabled)", r" \(user disabled\)"),
    (" (sent invalid base64 in response)", r" \(sent invalid base64 in response\)"),
    (" (login disabled)", r" \(login disabled\)"),
    (" (tried to use unsupported auth mechanism)", r" \(tried to use unsupported auth mechanism\)"),
    (" (tried to use disallowed plaintext auth)", r" \(tried to use disallowed plaintext auth\)"),
    (" (authorization failed, <*> attempts in <*> secs)", rf" \(authorization failed, {TIMES}\)"),
]
# imap/pop3: "Disconnected: %s %s", the reason (a constant, or an iostream's) and the statistics
# of imap_logout_format/pop3_logout_format; IMAP adds the last command's status to a reason that
# is not a logout (" (No commands sent)" or " (%s finished %d.%03d secs ago)")
MAIL_REASONS = [
    ("Logged out", r"Logged out"),
    ("Server shutting down.", r"Server shutting down\."),
    ("Connection closed", r"Connection closed"),
    ("Connection closed: <*>", CLOSED),
    ("Disconnected for inactivity.", r"Disconnected for inactivity\."),
    ("Kicked by admin", r"Kicked by admin\.?"),
]
IMAP_STATUS = [("", ""), (" (No commands sent)", r" \(No commands sent\)"),
               (" (<*> finished <*> secs ago)", r" \(\w+ finished [\d.]+ secs ago(?: - .*)?\)")]


def disconnects():
    out = []
    for i, (rt, rx) in enumerate(LOGIN_REASONS):
        for j, (et, ex) in enumerate(LOGIN_EXTRAS):
            out.append((f"L{i + 1}.{j}", f"Disconnected: {rt}{et}: user=<<*>>, <*>", rf"Disconnected: {rx}{ex}{SUF}"))
    for i, (rt, rx) in enumerate(MAIL_REASONS):
        for j, (st, sx) in enumerate(IMAP_STATUS):
            out.append((f"I{i + 1}.{j}", f"Disconnected: {rt}{st} in=<*> out=<*> deleted=<*> expunged=<*> trashed=<*> "
                        "hdr_count=<*> hdr_bytes=<*> body_count=<*> body_bytes=<*>", rf"Disconnected: {rx}{sx}{IMAP_STATS}"))
        out.append((f"P{i + 1}", f"Disconnected: {rt} top=<*>/<*>, retr=<*>/<*>, del=<*>/<*>, size=<*>",
                    rf"Disconnected: {rx}{POP3_STATS}"))
    return out


EVENTS = ([
    # master/main.c, lib-master/master-service.c
    ("M1", "Dovecot v<*> (<*>) starting up for <*> (core dumps disabled)",
     r"Dovecot v[\d.]+ \(\w+\) starting up for [\w, ]+ \(core dumps disabled\)"),
    ("M2", "SIGHUP received - reloading configuration", r"SIGHUP received - reloading configuration"),
    ("M3", "Killed with signal <*> (by pid=<*> uid=<*> code=<*>)", r"Killed with signal \d+ \(by pid=\d+ uid=\d+ code=\w+\)"),
    ("M4", "Dovecot is already running with PID <*> (read from <*>)", r"Dovecot is already running with PID \d+ \(read from \S+\)"),
    # login-common/client-common-auth.c, sasl-server.c
    ("A1", "Login: user=<<*>>, <*>", rf"Login{SUF}"),
    ("A2", "Authenticate <*> failed: Invalid base64 in response: user=<<*>>, <*>",
     rf"Authenticate \S+ failed: Invalid base64 in response{SUF}"),
    ("A3", "Authenticate <*> failed: Unsupported authentication mechanism.: user=<<*>>, <*>",
     rf"Authenticate \S+ failed: Unsupported authentication mechanism\.{SUF}"),
    # auth/auth-request.c: the passdb's prefix (driver(user,ip,<session>): ) is variables
    ("U1", "passwd-file(<*>): unknown user", r"passwd-file\([^)]*\): unknown user"),
    ("U2", "passwd-file(<*>): Password mismatch", r"passwd-file\([^)]*\): Password mismatch"),
    ("U4", "auth client <*> disconnected with <*> pending requests: <*>",
     r"auth client \d+ disconnected with \d+ pending requests: .+"),
    ("U5", "auth-master: login: Auth server restarted (pid <*> -> <*>), aborting auth",
     r"auth-master: login: Auth server restarted \(pid \d+ -> \d+\), aborting auth"),
    ("U3", "passwd-file(<*>): allow_nets check failed: IP <*> not in allowed networks",
     r"passwd-file\([^)]*\): allow_nets check failed: IP [\d.]+ not in allowed networks"),
    # plugins/mail-log/mail-log-plugin.c: an event name (a constant) and the fields
    ("G1", "save: box=<*>, uid=<*>, msgid=<<*>>, size=<*>", rf"save: {FIELDS}"),
    ("G2", "copy from <*>: box=<*>, uid=<*>, msgid=<<*>>, size=<*>", rf"copy from \S+: {FIELDS}"),
    ("G3", "expunge: box=<*>, uid=<*>, msgid=<<*>>, size=<*>", rf"expunge: {FIELDS}"),
    ("G4", "delete: box=<*>, uid=<*>, msgid=<<*>>, size=<*>", rf"delete: {FIELDS}"),
    ("G5", "undelete: box=<*>, uid=<*>, msgid=<<*>>, size=<*>", rf"undelete: {FIELDS}"),
    ("G6", "flag_change: box=<*>, uid=<*>, msgid=<<*>>, size=<*>", rf"flag_change: {FIELDS}"),
    ("G7", "Mailbox created: <*>", r"Mailbox created: \S+"),
    ("G8", "Mailbox deleted: <*>", r"Mailbox deleted: \S+"),
    ("G9", "Mailbox renamed: <*> -> <*>", r"Mailbox renamed: \S+ -> \S+"),
    # lib-lda/mail-deliver.c, through deliver_log_format "msgid=%m: %$"
    ("D1", "msgid=<<*>>: saved mail to <*>", r"msgid=<[^>]*>: saved mail to \S+"),
    ("D2", "msgid=<<*>>: save failed to open mailbox <*>: <*>", r"msgid=<[^>]*>: save failed to open mailbox \S+: .+"),
    ("D4", "msgid=<<*>>: rejected: <*>", r"msgid=<[^>]*>: rejected: .+"),
    ("D3", "msgid=<<*>>: save failed to <*>: <*>", r"msgid=<[^>]*>: save failed to (?!open mailbox )\S+: .+"),
] + disconnects())

HEADER = re.compile(r"^\w{3} \d\d [\d:]{8} [\w-]+(?:\([^)]*\))?(?:<[^>]*>)*: (?:Info|Warning|Error|Fatal|Panic|Debug): (.*)$")


if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload, readable=True)
