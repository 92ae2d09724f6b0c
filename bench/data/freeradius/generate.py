"""Makes bench/data/freeradius: the log of a real FreeRADIUS 3.2.1 server (Debian's `freeradius`), its
`radius.log` (`-l FILE`, `Tue Dec  8 02:39:05 2026 : Auth: (8) Login incorrect (pap: Cleartext password
does not match "known good" password): [bob] (from client localhost port 0)`: the time, the kind, the
message; a request's messages start with its number) with `auth = yes`, from a private copy of Debian's
configuration on 127.0.0.1: users in the `files` module with passwords, a rejected account, an expired one,
one limited to a login time, reply messages; two clients (localhost and a NAS network) and strangers; a
realm proxied to a home server that never answers. A seeded workload drives it with Debian's `radclient`
(freeradius-utils) and raw UDP packets: PAP, CHAP and MS-CHAP logins that succeed or fail, unknown users,
realms, wrong shared secrets with and without Message-Authenticator, retransmissions, accounting starts,
updates and stops, Status-Server, packets from unknown clients, truncated and malformed packets, SIGHUP
reloads and restarts.

Run as root from anywhere: python3 bench/data/freeradius/generate.py   (needs apt-get install freeradius
freeradius-utils; the server runs as root from a private folder; the raw log is kept in the temporary
folder as oats-freeradius-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log
again without running anything).

Ground truth: labelled by hand, a regex per logging call of FreeRADIUS 3.2.1 (`radlog`/`ERROR`/`WARN`/
`INFO`/`RERROR`... in `src/main/*.c` and `src/modules/*/*.c` of Debian's source package), written from the
messages of the run and checked in the source; the request number `(%d) ` is a variable of the event;
`rad_authlog`'s `Login OK`/`Login incorrect`/`Invalid user` are events of their own (constants passed into
one format), and the module's message in its parentheses (`pap: ...`, `mschap: ...`) is part of the event
(the module's own format); the prefix `Auth: `, `Info: `, `Error: ` is the header.
"""
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
AUTH, ACCT, DEAD = 18120, 18121, 18999
rnd = random.Random(1012)
SECRET, NAS_SECRET = "oats-radius-1", "oats-nas-2"
USERS = """alice\tCleartext-Password := "alice-pw"
\tReply-Message := "Hello, %{User-Name}"
bob\tCleartext-Password := "bob-pw"
\tService-Type = Framed-User, Framed-IP-Address = 10.0.0.2
carol\tAuth-Type := Reject
\tReply-Message := "Account disabled"
dave\tCleartext-Password := "dave-pw", Expiration := "Jan 01 2020 00:00"
erin\tCleartext-Password := "erin-pw", Login-Time := "Wk0100-0101"
frank\tNT-Password := 0x8846F7EAEE8FB117AD06BDD830B7586C
"""
PASSWORDS = {"alice": "alice-pw", "bob": "bob-pw", "carol": "x", "dave": "dave-pw", "erin": "erin-pw",
             "frank": "password", "nobody": "x", "mallory": "letmein"}


def setup(work):
    raddb = f"{work}/raddb"
    subprocess.run(["cp", "-a", "/etc/freeradius/3.0", raddb], check=True)
    conf = open(f"{raddb}/radiusd.conf").read()
    conf = re.sub(r"(?m)^(\s*)(user|group) = freerad", r"\1#\2 = freerad", conf)
    conf = re.sub(r"(?m)^logdir = .*", f"logdir = {work}", conf)
    conf = re.sub(r"(?m)^run_dir = .*", f"run_dir = {work}", conf)
    conf = re.sub(r"(?m)^raddbdir = .*", f"raddbdir = {raddb}", conf)
    conf = re.sub(r"(?m)^(\s*)auth = no", r"\1auth = yes", conf)
    conf = re.sub(r"(?m)^(\s*)reject_delay = 1", r"\1reject_delay = 0.2", conf)
    open(f"{raddb}/radiusd.conf", "w").write(conf)
    site = open(f"{raddb}/sites-enabled/default").read()
    site = site.replace("\tipaddr = *\n", "\tipaddr = 127.0.0.1\n").replace("\tipv6addr = ::\t", "\tipv6addr = ::1\t")
    site = site.replace("\tipv6addr = ::\n", "\tipv6addr = ::1\n")
    for port in (AUTH, ACCT, AUTH + 2, ACCT + 2):
        site = site.replace("\tport = 0\n", f"\tport = {port}\n", 1)
    open(f"{raddb}/sites-enabled/default", "w").write(site)
    inner = open(f"{raddb}/sites-enabled/inner-tunnel").read().replace("port = 18120", "port = 18124")
    open(f"{raddb}/sites-enabled/inner-tunnel", "w").write(inner)
    clients = open(f"{raddb}/clients.conf").read().replace("secret = testing123", f"secret = {SECRET}", 1)
    open(f"{raddb}/clients.conf", "w").write(clients)
    with open(f"{raddb}/clients.conf", "a") as f:
        f.write(f"\nclient nas-net {{\n\tipaddr = 127.0.1.0/24\n\tsecret = {NAS_SECRET}\n\tshortname = nas-net\n}}\n")
    with open(f"{raddb}/proxy.conf", "a") as f:
        f.write(f"\nhome_server dead-home {{\n\ttype = auth\n\tipaddr = 127.0.0.1\n\tport = {DEAD}\n\tsecret = x-{SECRET}\n"
                "\tresponse_window = 3\n\tzombie_period = 6\n\trevive_interval = 20\n\tstatus_check = none\n}\n"
                "home_server_pool dead-pool {\n\ttype = fail-over\n\thome_server = dead-home\n}\n"
                "realm remote.test {\n\tauth_pool = dead-pool\n}\nrealm example.test {\n}\n")
    users = f"{raddb}/mods-config/files/authorize"
    rest = open(users).read()
    os.remove(users)
    open(users, "w").write(USERS + rest)


def start(work):
    proc = subprocess.Popen(["/usr/sbin/freeradius", "-f", "-d", f"{work}/raddb", "-l", f"{work}/radius.log"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    return proc


def radclient(requests, kind="auth", secret=SECRET, port=AUTH, retries=1, timeout=2):
    text = "\n\n".join(requests) + "\n"
    subprocess.run(["radclient", "-q", "-f", "/dev/stdin", "-p", "20", "-t", str(timeout), "-r", str(retries),
                    f"127.0.0.1:{port}", kind, secret], input=text.encode(), capture_output=True, timeout=60)


def login():
    user = rnd.choice(list(PASSWORDS))
    pw = PASSWORDS[user] if rnd.random() < 0.7 else rnd.choice(["wrong", "123456", ""])
    name = user + rnd.choices(["", "@example.test", "@remote.test", "@unknown.test"], [80, 6, 4, 4])[0]
    how = rnd.choices(["pap", "chap", "mschap"], [70, 20, 10])[0]
    if how == "pap":
        attrs = f'User-Name = "{name}", User-Password = "{pw}"'
    elif how == "chap":
        attrs = f'User-Name = "{name}", CHAP-Password = "{pw}"'
    else:
        attrs = f'User-Name = "{name}", MS-CHAP-Password = "{pw}"'
    attrs += f", NAS-IP-Address = 127.0.0.1, NAS-Port = {rnd.randint(0, 48)}"
    if rnd.random() < 0.3:
        attrs += f', Calling-Station-Id = "02-00-00-00-{rnd.randint(10, 99)}-{rnd.randint(10, 99)}"'
    return attrs


def accounting():
    user = rnd.choice(["alice", "bob", "frank"])
    status = rnd.choice(["Start", "Interim-Update", "Stop", "Accounting-On"])
    return (f'Acct-Status-Type = {status}, User-Name = "{user}", Acct-Session-Id = "{rnd.randint(1000, 9999):x}", '
            f"NAS-IP-Address = 127.0.0.1, NAS-Port = {rnd.randint(0, 48)}, Acct-Session-Time = {rnd.randint(0, 9000)}")


def raw_packet(source, code=1, length=None, payload=b""):
    auth = bytes(rnd.getrandbits(8) for _ in range(16))
    body = payload
    n = length if length is not None else 20 + len(body)
    pkt = bytes([code, rnd.randint(0, 255)]) + n.to_bytes(2, "big") + auth + body
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((source, 0))
        s.sendto(pkt, ("127.0.0.1", AUTH))
        s.close()
    except OSError:
        pass


def junk():
    what = rnd.choice(["stranger", "stranger", "short", "length", "code", "attr", "nas"])
    if what == "stranger":
        raw_packet(f"127.0.2.{rnd.randint(2, 60)}", payload=b"\x01\x07alice")
    elif what == "short":
        raw_packet("127.0.0.1", length=12)
    elif what == "length":
        raw_packet("127.0.0.1", length=4000, payload=b"\x01\x07alice")
    elif what == "code":
        raw_packet("127.0.0.1", code=rnd.choice([2, 3, 11, 99]), payload=b"\x01\x07alice")
    elif what == "attr":
        raw_packet("127.0.0.1", payload=b"\x01\x00alice" + b"\x02\x40xx")
    else:
        raw_packet(f"127.0.1.{rnd.randint(2, 60)}", payload=b"\x01\x05bob\x04\x06\x7f\x00\x01\x05")


def batch():
    kind = rnd.choices(["auth", "acct", "secret", "retrans", "status", "junk"], [55, 12, 8, 8, 5, 12])[0]
    if kind == "auth":
        radclient([login() for _ in range(rnd.randint(3, 15))])
    elif kind == "acct":
        radclient([accounting() for _ in range(rnd.randint(1, 4))], "acct", port=ACCT)
    elif kind == "secret":
        req = login() + (", Message-Authenticator = 0x00" if rnd.random() < 0.5 else "")
        radclient([req], secret="not-the-secret")
    elif kind == "retrans":
        radclient([login()], retries=3, timeout=0.4)
    elif kind == "status":
        radclient(["Message-Authenticator = 0x00"], "status", port=rnd.choice([AUTH, ACCT]))
    else:
        junk()


def workload(work):
    setup(work)
    log = f"{work}/radius.log"
    proc = start(work)
    for n in daemon.rounds(log, 2500, rnd, (4, 10), batch):
        if n % 7 == 0:
            proc.send_signal(signal.SIGHUP)
            time.sleep(1)
        if n % 23 == 0:
            daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGINT]))
            proc = start(work)
    daemon.stop(proc)
    return log


# rad_authlog's "%s: [%s%s%s] (%s)%s" after the request's number: the user, and auth_name's "from client %s
# port %u%s%s%s" (" cli " and the Calling-Station-Id only when the request has one).
WHO = r": \[.*\] \(from client \S+ port \d+(?: cli \S+)?(?: via TLS tunnel| via proxy to virtual server)?\)"
WHO_T = ": [<*>] (from client <*> port <*>)"
# The messages rad_authlog is called with: constants, and "Login incorrect (%s)" / "Invalid user (%s)" with the
# Module-Failure-Message that a module or the proxy code set, each message's own format an event.
AUTH = [
    ("A1", "Login OK", r"Login OK"),
    ("A2", "Login incorrect", r"Login incorrect"),
    ("A3", "Invalid user", r"Invalid user"),
    ("A4", "Rejected in post-auth", r"Rejected in post-auth"),
    ("A5", "Login incorrect (Home Server says so)", r"Login incorrect \(Home Server says so\)"),
    ("A6", "Login incorrect (Home Server failed to respond)", r"Login incorrect \(Home Server failed to respond\)"),
    ("A7", 'Login incorrect (pap: Cleartext password does not match "known good" password)',
     r'Login incorrect \(pap: Cleartext password does not match "known good" password\)'),
    ("A8", 'Login incorrect (pap: NT digest does not match "known good" digest)',
     r'Login incorrect \(pap: NT digest does not match "known good" digest\)'),
    ("A9", "Login incorrect (chap: &control:Cleartext-Password is required for authentication)",
     r"Login incorrect \(chap: &control:Cleartext-Password is required for authentication\)"),
    ("A10", "Login incorrect (chap: Password comparison failed: password is incorrect)",
     r"Login incorrect \(chap: Password comparison failed: password is incorrect\)"),
    ("A11", "Login incorrect (mschap: FAILED: No NT-Password.  Cannot perform authentication)",
     r"Login incorrect \(mschap: FAILED: No NT-Password.  Cannot perform authentication\)"),
    ("A12", "Login incorrect (mschap: MS-CHAP<*>-Response is incorrect)", r"Login incorrect \(mschap: MS-CHAP\d?-Response is incorrect\)"),
    ("A13", "Login incorrect (expiration: Account expired at '<*>')", r"Login incorrect \(expiration: Account expired at '.*'\)"),
    ("A14", "Invalid user (expiration: Account expired at '<*>')", r"Invalid user \(expiration: Account expired at '.*'\)"),
    ("A15", "Login incorrect (No Auth-Type found: rejecting the user via Post-Auth-Type = Reject)",
     r"Login incorrect \(No Auth-Type found: rejecting the user via Post-Auth-Type = Reject\)"),
    ("A16", "Login incorrect (Failed to find live home server: Cancelling proxy)",
     r"Login incorrect \(Failed to find live home server: Cancelling proxy\)"),
    ("A17", 'Login incorrect (Failing proxied request for user "<*>", due to lack of any response from home server <*> port <*>)',
     r'Login incorrect \(Failing proxied request for user ".*", due to lack of any response from home server \S+ port \d+\)'),
]

EVENTS = [(eid, "(<*>) " + t + WHO_T, r"\(\d+\) " + rx + WHO) for eid, t, rx in AUTH] + [
    # src/main/process.c, proxy and home server state
    ("P1", "(<*>) ERROR: Failing proxied request for user \"<*>\", due to lack of any response from home server <*> port <*>",
     r'\(\d+\) ERROR: Failing proxied request for user ".*", due to lack of any response from home server \S+ port \d+'),
    ("P2", "Marking home server <*> port <*> as zombie (it has not responded in <*> seconds).",
     r"Marking home server \S+ port \d+ as zombie \(it has not responded in [\d.]+ seconds\)\."),
    ("P3", "Marking home server <*> port <*> as dead.", r"Marking home server \S+ port \d+ as dead\."),
    ("P4", "Marking home server <*> port <*> alive again... we have no idea if it really is alive or not.",
     r"Marking home server \S+ port \d+ alive again\.\.\. we have no idea if it really is alive or not\."),
    # src/main/listen.c (the listener as it prints itself is a variable), src/main/process.c with
    # src/lib/radius.c's error text: packets refused
    ("R1", "Ignoring request to <*> from unknown client <*> port <*> proto <*>",
     r"Ignoring request to .* from unknown client \S+ port \d+ proto \w+"),
    ("R2", "Dropping packet without response because of error: Received packet from <*> with invalid Message-Authenticator!  (Shared secret is incorrect.) (from client <*>)",
     r"Dropping packet without response because of error: Received packet from \S+ with invalid Message-Authenticator!  \(Shared secret is incorrect\.\) \(from client \S+\)"),
    # src/main/radiusd.c, mainconfig.c, modules.c, util.c: start, stop, HUP
    ("S1", "Starting - reading configuration files ...", r"Starting - reading configuration files \.\.\."),
    ("S2", "Debugger not attached", r"Debugger not attached"),
    ("S3", "systemd watchdog is disabled", r"systemd watchdog is disabled"),
    ("S4", "Loaded virtual server <*>", r"Loaded virtual server \S+"),
    ("S5", 'Ignoring "<*>" (see raddb/mods-available/README.rst)', r'Ignoring "\w+" \(see raddb/mods-available/README\.rst\)'),
    ("S6", " # Skipping contents of '<*>' as it is always '<*>' -- <*>:<*>", r" # Skipping contents of '\w+' as it is always '\w+' -- \S+:\d+"),
    ("S7", "Ready to process requests", r"Ready to process requests"),
    ("S8", 'Ignoring "<*> = <*>", forcing to "<*> = <*>"', r'Ignoring "\w+ = [\d.]+", forcing to "\w+ = [\d.]+"'),
    ("S9", "Received HUP signal", r"Received HUP signal"),
    ("S10", "HUP - No files changed.  Ignoring", r"HUP - No files changed\.  Ignoring"),
    ("S11", "Signalled to terminate", r"Signalled to terminate"),
    ("S12", "Exiting normally", r"Exiting normally"),
    ("S13", "HUP - Last HUP was too recent.  Ignoring", r"HUP - Last HUP was too recent\.  Ignoring"),
]

HEADER = re.compile(r"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} : (?:Auth|Info|Error|Warning|Proxy|Debug|ERROR|WARNING): (.*)")

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
