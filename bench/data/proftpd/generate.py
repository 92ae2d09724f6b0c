"""Makes bench/data/proftpd: the log of a real ProFTPD 1.3.8 FTP server (Debian's `proftpd-core`) in
the foreground (`proftpd -n`), as a container shows it: its system log in ProFTPD's own format on standard
error (`2026-12-07 23:50:01,123 vm proftpd[1234] 127.0.0.1 (127.0.1.5[127.0.1.5]): USER alice: Login
successful.`: the time with milliseconds, the host, the process, the server's address, the client's name
and address, then the message; the daemon's own messages name no client), at its default level, and its
`TransferLog` (the xferlog(5) format: `Mon Dec 07 23:53:22 2026 0 127.0.1.146 1665 /srv/.../up-16.bin b
_ i r deploy ftp 0 * c`) appended to the same file, from a private configuration on 127.0.0.1: virtual
users in an `AuthUserFile` (`ftpasswd`), chrooted to their homes, an anonymous area (downloads only, an
`incoming` folder for uploads), `MaxLoginAttempts`, `MaxClientsPerHost`, an idle timeout, `<Limit>`s
that refuse writes to a folder and `SITE CHMOD` to one user, mod_ban (a client address banned after
failed logins, the ban expiring). A seeded workload drives it with Python's `ftplib` and raw sockets
from many loopback addresses: logins with the right or a wrong password, unknown users and root,
anonymous logins with an e-mail address, listings, downloads and uploads that succeed or are refused,
folders made and removed, renames, deletes, `PORT` to a foreign address, too many clients from one
host, clients idle past the timeout, HTTP, TLS and garbage on the FTP port, SIGHUP (the configuration
reread) and restarts.

Run as root from anywhere: python3 bench/data/proftpd/generate.py   (needs apt-get install proftpd-core;
ProFTPD switches to `nobody` for the sessions; the raw log is kept in the temporary folder as
oats-proftpd-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again without
running anything).

Ground truth: labelled by hand, a regex per `pr_log_pri()`/`pr_log_auth()` call of ProFTPD 1.3.8
(`src/*.c`, `modules/*.c`, `contrib/mod_ban.c`), written from the messages of the run and checked
against the format strings in the binaries (`strings /usr/sbin/proftpd /usr/lib/proftpd/mod_ban.so`).
The header is the time, the host and `proftpd[pid]`; the server's address and the client's
`name[address]`, which ProFTPD prints before every message of a session, are variables of the event;
a constant a caller passes into a shared format is an event of its own (mod_auth's `%s %s: Login
successful.` with `USER` or `ANON`; `USER %s (Login failed): %s` with `Incorrect password`); the
session's protocol in `%s session opened.` is looked up, a variable. Every TransferLog line is one
event (one format; the transfer type, direction, access mode and status are values).
"""
import ftplib
import io
import os
import random
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 38021
rnd = random.Random(73)
USERS = {"alice": "ftp-a1", "bob": "ftp-b2", "carol": "ftp-c3", "deploy": "ftp-d4"}


def config(work, variant=0):
    return f"""ServerName "ftp.test"
ServerType standalone
DefaultServer on
Port {PORT}
DefaultAddress 127.0.0.1
SocketBindTight on
UseIPv6 off
User nobody
Group nogroup
Umask 022
PidFile {work}/proftpd.pid
ScoreboardFile {work}/proftpd.scoreboard
DelayTable {work}/proftpd.delay
SystemLog {work}/proftpd.log
WtmpLog off
UseReverseDNS off
UseFtpUsers off
RequireValidShell off
AuthOrder mod_auth_file.c mod_auth_unix.c
DelayEngine off
TransferLog {work}/proftpd.out
AuthUserFile {work}/ftpd.passwd
AuthGroupFile {work}/ftpd.group
DefaultRoot ~
MaxInstances 20
MaxLoginAttempts 2
MaxClientsPerHost {6 + variant}
TimeoutIdle 4
TimeoutNoTransfer 8
TimeoutLogin 5
PassivePorts 38100 38199
AllowOverwrite {"on" if variant % 2 == 0 else "off"}
ListOptions "-l"
LoadModule mod_ctrls_admin.c
LoadModule mod_ban.c
ControlsEngine on
ControlsSocket {work}/proftpd.sock
ControlsACLs all allow user root
<IfModule mod_ban.c>
  BanEngine on
  BanTable {work}/ban.tab
  BanOnEvent MaxLoginAttempts 3/00:00:20 00:00:{8 + variant}
  BanMessage "Host %a has been banned"
</IfModule>
<Directory />
  <Limit SITE_CHMOD>
    DenyUser carol
  </Limit>
</Directory>
<Directory ~/readonly>
  <Limit WRITE>
    DenyAll
  </Limit>
</Directory>
<Anonymous {work}/anon>
  User nobody
  Group nogroup
  UserAlias anonymous nobody
  RequireValidShell off
  MaxClients 5
  <Limit WRITE>
    DenyAll
  </Limit>
  <Directory incoming>
    <Limit STOR MKD>
      AllowAll
    </Limit>
  </Directory>
</Anonymous>
"""


def setup(work):
    os.makedirs(f"{work}/anon/pub", exist_ok=True)
    os.makedirs(f"{work}/anon/incoming", exist_ok=True)
    for i in range(1, 6):
        with open(f"{work}/anon/pub/release-{i}.tar.gz", "wb") as f:
            f.write(os.urandom(2000 * i))
    for u, p in USERS.items():
        home = f"{work}/home/{u}"
        os.makedirs(f"{home}/readonly", exist_ok=True)
        for i in range(1, 4):
            with open(f"{home}/data-{i}.csv", "w") as f:
                f.write("a,b\n" * 50 * i)
        subprocess.run(["ftpasswd", "--passwd", f"--file={work}/ftpd.passwd", f"--name={u}", "--uid=65534", "--gid=65534",
                        f"--home={home}", "--shell=/bin/false", "--stdin"], input=p.encode(), check=True, capture_output=True)
    subprocess.run(["ftpasswd", "--group", f"--file={work}/ftpd.group", "--name=ftpusers", "--gid=65534"] +
                   [f"--member={u}" for u in USERS], check=True, capture_output=True)
    os.chmod(f"{work}/ftpd.passwd", 0o600)
    subprocess.run(["chown", "-R", "nobody:nogroup", f"{work}/home", f"{work}/anon/incoming"], check=True)
    write_config(work)


def write_config(work, variant=0):
    with open(f"{work}/proftpd.conf", "w") as f:
        f.write(config(work, variant))


def start(work):
    # In the foreground (-n) ProFTPD writes its log to its standard error, as a container shows it: proftpd.out
    with open(f"{work}/proftpd.out", "a") as out:
        proc = subprocess.Popen(["/usr/sbin/proftpd", "-n", "-c", f"{work}/proftpd.conf"],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    daemon.wait_port(PORT)
    return proc


def ftp(bad=False):
    """A client from an address of its own (mod_ban bans by address): 127.0.1.x, or 127.0.2.x for the
    clients that guess passwords."""
    f = ftplib.FTP()
    f.connect("127.0.0.1", PORT, timeout=6, source_address=(f"127.0.{2 if bad else 1}.{rnd.randint(2, 40 if bad else 250)}", 0))
    return f


def session():
    r = rnd.random()
    try:
        if r < 0.35:
            u = rnd.choice(list(USERS))
            f = ftp()
            f.login(u, USERS[u])
            for _ in range(rnd.randint(1, 5)):
                k = rnd.random()
                try:
                    if k < 0.2:
                        f.retrlines("LIST", lambda _l: None)
                    elif k < 0.4:
                        f.retrbinary(f"RETR data-{rnd.randint(1, 5)}.csv", lambda _b: None)
                    elif k < 0.55:
                        folder = rnd.choice(["", "readonly/"])
                        f.storbinary(f"STOR {folder}up-{rnd.randint(1, 30)}.bin", io.BytesIO(os.urandom(rnd.randint(10, 3000))))
                    elif k < 0.65:
                        d = f"dir{rnd.randint(1, 9)}"
                        f.mkd(d) if rnd.random() < 0.6 else f.rmd(d)
                    elif k < 0.72:
                        f.rename(f"up-{rnd.randint(1, 30)}.bin", f"moved-{rnd.randint(1, 30)}.bin")
                    elif k < 0.8:
                        f.delete(f"up-{rnd.randint(1, 30)}.bin")
                    elif k < 0.86:
                        f.sendcmd(f"SITE CHMOD 600 data-{rnd.randint(1, 3)}.csv")
                    elif k < 0.9:
                        f.cwd(rnd.choice(["/readonly", "/nope", "/../../etc"]))
                    elif k < 0.95:
                        f.sendcmd(rnd.choice(["SITE HELP", "SIZE data-1.csv", "MDTM data-2.csv", "FEAT", "STAT"]))
                    else:
                        f.sendcmd(rnd.choice(["XYZZY", "SITE EXEC /bin/sh", "PORT 1,2,3,4,5,6"]))
                except ftplib.all_errors:
                    pass
            if rnd.random() < 0.05:
                time.sleep(5)
            f.quit() if rnd.random() < 0.8 else f.close()
        elif r < 0.55:
            f = ftp(bad=True)
            try:
                f.login(rnd.choice(list(USERS) + ["root", "admin", "test", "oracle"]), "wrong" + str(rnd.randint(1, 99)))
            except ftplib.error_perm:
                pass
            if rnd.random() < 0.5:
                try:
                    f.login(rnd.choice(["admin", "alice"]), "nope")
                except ftplib.error_perm:
                    pass
            f.close()
        elif r < 0.72:
            f = ftp()
            f.login("anonymous", rnd.choice(["guest@example.test", "ops@corp.test", "", "mozilla@"]))
            try:
                f.retrlines("LIST pub", lambda _l: None)
                f.retrbinary(f"RETR pub/release-{rnd.randint(1, 7)}.tar.gz", lambda _b: None)
                if rnd.random() < 0.4:
                    f.storbinary(f"STOR {rnd.choice(['incoming/', 'pub/'])}drop-{rnd.randint(1, 50)}.txt", io.BytesIO(b"hi\n"))
            except ftplib.all_errors:
                pass
            f.quit()
        elif r < 0.8:
            conns, source = [], f"127.0.1.{rnd.randint(2, 250)}"
            for _ in range(rnd.randint(6, 10)):
                try:
                    c = ftplib.FTP()
                    c.connect("127.0.0.1", PORT, timeout=6, source_address=(source, 0))
                    conns.append(c)
                except ftplib.all_errors:
                    pass
            for c in conns:
                c.close()
        elif r < 0.83:
            f = ftp()
            if rnd.random() < 0.5:
                f.login(rnd.choice(list(USERS)), USERS["alice"])
            time.sleep(rnd.choice([2, 6]))
            f.close()
        else:
            k = rnd.randrange(4)
            if k == 0:
                daemon.send(PORT, b"GET / HTTP/1.1\r\nHost: ftp.test\r\n\r\n", read_first=True, linger=0.5, source=f"127.0.3.{rnd.randint(2, 250)}")
            elif k == 1:
                daemon.send(PORT, b"\x16\x03\x01\x00\x05hello\r\n", read_first=True, linger=0.5, source=f"127.0.3.{rnd.randint(2, 250)}")
            elif k == 2:
                daemon.send(PORT, b"USER alice\r\nPASS " + USERS["alice"].encode() + b"\r\nRETR ../../etc/shadow\r\nQUIT\r\n",
                            read_first=True, linger=0.5, source=f"127.0.3.{rnd.randint(2, 250)}")
            else:
                daemon.send(PORT, b"AUTH TLS\r\nUSER x\r\n", read_first=True, linger=0.5, source=f"127.0.3.{rnd.randint(2, 250)}")
    except ftplib.all_errors:
        pass


def workload(work):
    setup(work)
    log = f"{work}/proftpd.out"
    proc = start(work)
    for turn in daemon.rounds(log, 2600, rnd, (10, 25), session):
        ev = rnd.random()
        if ev < 0.2:
            write_config(work, turn % 3)
            os.kill(proc.pid, signal.SIGHUP)
            time.sleep(1)
        elif ev < 0.3:
            daemon.stop(proc, signal.SIGTERM)
            time.sleep(1)
            proc = start(work)
        daemon.wait_port(PORT)
    daemon.stop(proc)
    return log


HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \S+ proftpd\[\d+\] (.*)$")

IP = r"\d+\.\d+\.\d+\.\d+"
# pr_log_pri() puts the server's address, and for a session the client's name and address, before
# the message: variables of every event
SESSION = rf"{IP} \(\S+\[{IP}\]\): "
CALLS = [
    # src/main.c, src/session.c, modules/mod_core.c, modules/mod_auth.c, contrib/mod_ban.c
    ("F1", "<*> (<*>[<*>]): <*> session opened.", rf"{SESSION}\w+ session opened\."),
    ("F2", "<*> (<*>[<*>]): <*> session closed.", rf"{SESSION}\w+ session closed\."),
    ("F3", "<*> (<*>[<*>]): USER <*>: Login successful.", rf"{SESSION}USER \S+: Login successful\."),
    ("F4", "<*> (<*>[<*>]): ANON <*>: Login successful.", rf"{SESSION}ANON \S+: Login successful\."),
    ("F5", "<*> (<*>[<*>]): USER <*> (Login failed): Incorrect password", rf"{SESSION}USER \S+ \(Login failed\): Incorrect password"),
    ("F6", "<*> (<*>[<*>]): USER <*>: no such user found from <*> [<*>] to <*>:<*>",
     rf"{SESSION}USER \S+: no such user found from \S+ \[{IP}\] to {IP}:\d+"),
    ("F7", "<*> (<*>[<*>]): Maximum login attempts (<*>) exceeded, connection refused",
     rf"{SESSION}Maximum login attempts \(\d+\) exceeded, connection refused"),
    ("F8", "<*> (<*>[<*>]): client sent HTTP command '<*>', disconnecting", rf"{SESSION}client sent HTTP command '\S+', disconnecting"),
    ("F9", "<*> (<*>[<*>]): SECURITY VIOLATION: Root login attempted", rf"{SESSION}SECURITY VIOLATION: Root login attempted"),
    ("F10", "<*> (<*>[<*>]): Client session idle timeout, disconnected", rf"{SESSION}Client session idle timeout, disconnected"),
    ("F11", "<*> (<*>[<*>]): Refused PORT <*> (address mismatch)", rf"{SESSION}Refused PORT \S+ \(address mismatch\)"),
    ("F12", "<*> (<*>[<*>]): mod_ban/0.8: Login denied: host '<*>' banned", rf"{SESSION}mod_ban/0\.8: Login denied: host '{IP}' banned"),
    ("F13", "<*> (<*>[<*>]): mod_ban.c: error initializing session: <*>", rf"{SESSION}mod_ban\.c: error initializing session: .*"),
    ("F14", "<*>: SocketBindTight in effect, ignoring DefaultServer", rf"{IP}: SocketBindTight in effect, ignoring DefaultServer"),
    ("F15", "<*>: ProFTPD <*> (built <*>) standalone mode STARTUP", rf"{IP}: ProFTPD .* \(built .*\) standalone mode STARTUP"),
    ("F16", "<*>: ProFTPD killed (signal <*>)", rf"{IP}: ProFTPD killed \(signal \d+\)"),
    ("F17", "<*>: ProFTPD 1.3.8 standalone mode SHUTDOWN", rf"{IP}: ProFTPD 1\.3\.8 standalone mode SHUTDOWN"),
    ("F18", "<*>: received SIGHUP -- master server reparsing configuration file",
     rf"{IP}: received SIGHUP -- master server reparsing configuration file"),
    # modules/mod_xfer.c's TransferLog (xferlog(5)): one format for every transfer; the transfer type,
    # direction, access mode and completion status are values
    ("X1", "<*> <*> <*> <*> <*> <*> <*> <*> <*> _ <*> <*> <*> ftp 0 * <*>",
     rf"\w{{3}} \w{{3}} \d\d \d\d:\d\d:\d\d \d{{4}} \d+ {IP} \d+ \S+ [ab] _ [oid] [ar] \S* ftp 0 \* [ci]"),
]

if __name__ == "__main__":
    label.generate(HERE, HEADER, CALLS, workload, readable=True)
