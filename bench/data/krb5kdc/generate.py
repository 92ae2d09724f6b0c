"""Makes bench/data/krb5kdc: the log of a real MIT Kerberos 5 KDC, krb5kdc 1.20 (Debian's `krb5-kdc`),
written by its `[logging] kdc = FILE:` in its own syslog-like format (`Dec 07 21:02:11 vm
krb5kdc[4242](info): AS_REQ (4 etypes {aes256-cts-hmac-sha1-96(18), ...}) 127.0.0.1: NEEDED_PREAUTH:
alice@OATS.TEST for krbtgt/OATS.TEST@OATS.TEST, Additional pre-authentication required`: the time, the
host, the program and its pid, the level, then the message), for a private realm `OATS.TEST` whose
database, stash and configuration the script makes (kdb5_util, kadmin.local), on 127.0.0.1:28888
over UDP and TCP. Users need pre-authentication; some are under a lockout policy (three failures).
A seeded workload drives it with Debian's `kinit`, `kvno` and `kadmin.local`: logins with the right
password, a wrong one, unknown users, users disabled, expired or whose password expired, users locked
out after failures and unlocked; service tickets for known services, unknown ones and services
refused as servers; tickets asked for with a keytab, for a service directly (`kinit -S`), renewable
and renewed (or not renewable and renewal refused); clients whose configuration allows other
encryption types (AES only, AES-SHA2 only, RC4 only, which the KDC refuses); bytes that are not
Kerberos on the KDC's ports; principals added, changed and deleted while it runs; the KDC restarted.

Run as root or not, from anywhere: python3 bench/data/krb5kdc/generate.py   (needs apt-get install
krb5-kdc krb5-admin-server krb5-user; the KDC runs from a private folder through KRB5_CONFIG and
KRB5_KDC_PROFILE, nothing in /etc is used; the raw log is kept in the temporary folder as
oats-krb5kdc-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again without
running anything).

Ground truth: labelled by hand, a regex per `krb5_klog_syslog()`/`com_err()` call of krb5 1.20
(`src/kdc/*.c`, `src/lib/kadm5/logger.c`), written from the messages of the run and checked against
the format strings in the binary (`strings /usr/sbin/krb5kdc`). The time, host, program, pid and
level are the header. A request's line (`log_as_req()`, `log_tgs_req()` in `kdc_log.c`) is an event
per request kind (`AS_REQ`, `TGS_REQ`) and status: the status is a constant the KDC's code chooses
(`ISSUE`, `NEEDED_PREAUTH`, `PREAUTH_FAILED`, `CLIENT_NOT_FOUND`, `LOCKED_OUT`, ...), an event each; the
encryption types asked for, the address, the principals, the times and the error message that goes
with the status (the text of a krb5 error code) are variables.
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
PORT = 28888
REALM = "OATS.TEST"
rnd = random.Random(53)
USERS = {u: f"{u}-pw-{i}" for i, u in enumerate(["alice", "bob", "carol", "dave", "erin", "frank", "grace", "oncall"])}
LOCKABLE = ["frank", "grace"]
SERVICES = ["HTTP/web.oats.test", "host/db.oats.test", "postgres/db.oats.test", "nfs/files.oats.test", "ldap/dir.oats.test"]
UNKNOWN = ["HTTP/old.oats.test", "host/printer.oats.test", "imap/mail.oats.test", "HTTP/web"]
ENCTYPES = {
    "default": None,
    "aes": "aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96",
    "sha2": "aes256-cts-hmac-sha384-192 aes128-cts-hmac-sha256-128",
    "rc4": "arcfour-hmac",
    "camellia": "camellia256-cts-cmac",
}


def krb5_conf(work, name, enctypes):
    extra = f" default_tkt_enctypes = {enctypes}\n default_tgs_enctypes = {enctypes}\n permitted_enctypes = {enctypes}\n" \
        if enctypes else ""
    weak = " allow_weak_crypto = true\n allow_rc4 = true\n" if enctypes == ENCTYPES["rc4"] else ""
    tcp = " udp_preference_limit = 1\n" if name == "aes" else ""
    with open(f"{work}/krb5-{name}.conf", "w") as f:
        f.write(f"[libdefaults]\n default_realm = {REALM}\n dns_lookup_kdc = false\n dns_lookup_realm = false\n"
                f" rdns = false\n{extra}{weak}{tcp}[realms]\n {REALM} = {{\n  kdc = 127.0.0.1:{PORT}\n }}\n")


def setup(work):
    for name, enctypes in ENCTYPES.items():
        krb5_conf(work, name, enctypes)
    with open(f"{work}/kdc.conf", "w") as f:
        f.write(f"""[kdcdefaults]
 kdc_ports = {PORT}
 kdc_tcp_ports = {PORT}
[realms]
 {REALM} = {{
  database_name = {work}/principal
  key_stash_file = {work}/stash
  acl_file = {work}/kadm5.acl
  max_life = 1h
  max_renewable_life = 4h
  default_principal_flags = +preauth
  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal aes256-cts-hmac-sha384-192:normal aes128-cts-hmac-sha256-128:normal camellia256-cts-cmac:normal
 }}
[logging]
 kdc = FILE:{work}/kdc.log
""")
    env = environ(work)
    subprocess.run(["kdb5_util", "create", "-s", "-r", REALM, "-P", "oats-master-key"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    admin(work, "addpol -maxfailure 3 -failurecountinterval 60s -lockoutduration 20s lockout")
    for user, password in USERS.items():
        admin(work, f"addprinc -pw {password}{' -policy lockout' if user in LOCKABLE else ''} {user}")
    for service in SERVICES + ["svc-backup"]:
        admin(work, f"addprinc -randkey {service}")
    admin(work, f"ktadd -k {work}/backup.keytab svc-backup")


def environ(work, client="default"):
    return dict(os.environ, KRB5_CONFIG=f"{work}/krb5-{client}.conf", KRB5_KDC_PROFILE=f"{work}/kdc.conf",
                KRB5CCNAME=f"FILE:{work}/cc-{client}")


def admin(work, query):
    subprocess.run(["kadmin.local", "-q", query], env=environ(work), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def tool(work, args, client="default", password=None):
    try:
        subprocess.run(args, env=environ(work, client), input=(password + "\n").encode() if password is not None else None,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20)
    except subprocess.TimeoutExpired:
        pass


def start(work, log_path):
    proc = subprocess.Popen(["krb5kdc", "-n", "-P", f"{work}/kdc.pid"], env=environ(work),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if "commencing operation" in open(log_path, errors="replace").read()[-20000:] if os.path.exists(log_path) else False:
            break
        time.sleep(0.1)
    daemon.wait_port(PORT, timeout=30)
    return proc


def login(work, client):
    user = rnd.choice(list(USERS))
    r = rnd.random()
    if r < 0.55:
        password = USERS[user]
    elif r < 0.85:
        password = rnd.choice(["hunter2", "Password1", USERS[user].upper(), ""])
    else:
        user = rnd.choice(["mallory", "admin", "root", "test", "svc-ci", "alice/admin"])
        password = "x"
    args = ["kinit"]
    if rnd.random() < 0.25:
        args += ["-r", rnd.choice(["2h", "3h"])]
    if rnd.random() < 0.15:
        args += ["-l", rnd.choice(["5m", "30m", "2h"])]
    if rnd.random() < 0.1:
        args += ["-S", rnd.choice(SERVICES + UNKNOWN)]
    tool(work, args + [user], client, password)
    return user


def tickets(work, client):
    for _ in range(rnd.randint(1, 4)):
        r = rnd.random()
        if r < 0.65:
            tool(work, ["kvno", rnd.choice(SERVICES)], client)
        elif r < 0.85:
            tool(work, ["kvno", rnd.choice(UNKNOWN)], client)
        elif r < 0.95:
            tool(work, ["kinit", "-R"], client)
        else:
            tool(work, ["kvno", f"krbtgt/{REALM}"], client)


def change(work):
    user = rnd.choice([u for u in USERS if u not in ("alice", "bob")])
    r = rnd.random()
    if r < 0.2:
        admin(work, f"modprinc -allow_tix {user}")
    elif r < 0.35:
        admin(work, f"modprinc +allow_tix -expire never -pwexpire never {user}")
    elif r < 0.45:
        admin(work, f"modprinc -expire 2020-01-01 {user}")
    elif r < 0.55:
        admin(work, f"modprinc -pwexpire 2020-01-01 {user}")
    elif r < 0.65:
        admin(work, f"modprinc -allow_svr {rnd.choice(SERVICES)}")
    elif r < 0.75:
        admin(work, f"modprinc +allow_svr {rnd.choice(SERVICES)}")
    elif r < 0.85:
        admin(work, f"modprinc -unlock {rnd.choice(LOCKABLE)}")
    elif r < 0.92:
        admin(work, f"modprinc -requires_preauth {user}")
    else:
        admin(work, f"modprinc +requires_preauth {user}")


def garbage():
    data = rnd.choice([b"GET / HTTP/1.0\r\n\r\n", b"\x00\x00\x00\x05hello", b"\x6a\x03\x02\x01\x05", os.urandom(40)])
    if rnd.random() < 0.5:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(data, ("127.0.0.1", PORT))
        except OSError:
            pass
    else:
        daemon.send(PORT, data, linger=0.3)


def workload(work):
    setup(work)
    log_path = f"{work}/kdc.log"
    proc = start(work, log_path)
    try:
        while daemon.lines_in(log_path) < 2300:
            r = rnd.random()
            client = rnd.choice(["default", "default", "default", "aes", "sha2", "rc4", "camellia"])
            if r < 0.55:
                login(work, client)
                if rnd.random() < 0.6:
                    tickets(work, client)
            elif r < 0.65:
                user = rnd.choice(LOCKABLE)  # a few wrong passwords in a row
                for _ in range(rnd.randint(2, 5)):
                    tool(work, ["kinit", user], client, "guess")
            elif r < 0.73:
                tool(work, ["kinit", "-k", "-t", f"{work}/backup.keytab", "svc-backup"], client)
                if rnd.random() < 0.5:
                    tool(work, ["kvno", rnd.choice(SERVICES)], client)
            elif r < 0.85:
                change(work)
            elif r < 0.92:
                garbage()
            elif r < 0.96:
                admin(work, rnd.choice([f"addprinc -randkey HTTP/app{rnd.randint(1, 9)}.oats.test",
                                        f"delprinc -force HTTP/app{rnd.randint(1, 9)}.oats.test",
                                        f"cpw -pw {USERS['carol']} carol"]))
            elif r < 0.98:
                proc.send_signal(signal.SIGHUP)
                time.sleep(0.3)
            else:
                daemon.stop(proc, rnd.choice([signal.SIGTERM, signal.SIGINT]))
                time.sleep(rnd.uniform(0.3, 1.0))
                proc = start(work, log_path)
            time.sleep(rnd.uniform(0.02, 0.2))
    finally:
        daemon.stop(proc)
    return log_path


HEADER = re.compile(r"^\w{3} \d\d \d\d:\d\d:\d\d \S+ krb5kdc\[\d+\]\(\w+\): (.*)$")
# The status constants of krb5 1.20's KDC (`src/kdc/*.c`; `strings /usr/sbin/krb5kdc` lists them) and of
# the db2 module's lockout check (`LOCKED_OUT`, in `plugins/kdb/db2/lockout.c`): a request's line is an
# event per kind and status.
STATUSES = [
    "UNKNOWN_REASON", "FINDING_SERVER_KEY", "KDC_RETURN_PADATA", "HANDLE_AUTHDATA", "CANT_FIND_CLIENT_KEY",
    "KDC_RETURN_ENC_PADATA", "PREAUTH_FAILED", "SERVER_NOT_FOUND", "NULL_SERVER", "VALIDATE_MESSAGE_TYPE", "FIND_FAST",
    "NULL_CLIENT", "CLIENT_NOT_FOUND", "LOOKING_UP_CLIENT", "LOOKING_UP_SERVER", "REFERRAL", "GET_LOCAL_TGT",
    "BAD_ENCRYPTION_TYPE", "VALIDATE_ANONYMOUS_PRINCIPAL", "DECRYPT_CLIENT_KEY", "READ_COOKIE",
    "HIGHER_AUTHENTICATION_REQUIRED", "BAD_ETYPE_IN_2ND_TKT", "PROCESS_TGS", "UNKNOWN_SERVER", "GET_AUTH_INDICATORS",
    "VALIDATE_TRANSIT_TYPE", "ADD_TO_TRANSITED_LIST", "BAD_TRANSIT", "REQUIRED PWCHANGE", "CLIENT KEY EXPIRED",
    "INVALID AS OPTIONS", "CLIENT EXPIRED", "SERVICE EXPIRED", "POSTDATE NOT ALLOWED", "CLIENT LOCKED OUT",
    "SERVICE LOCKED OUT", "SERVICE NOT ALLOWED", "ANONYMOUS NOT ALLOWED", "NEEDED_PREAUTH", "NEEDED_HW_PREAUTH",
    "NO PREAUTH", "NO HW PREAUTH", "SERVER LOCKED OUT", "SERVER NOT ALLOWED", "TGT BASED NOT ALLOWED",
    "TICKET NOT VALID", "NOT_YET_VALID", "BAD TGS SERVER INSTANCE", "BAD TGS SERVER NAME", "TKT_EXPIRED", "HOT_LIST",
    "NOT_ALLOWED_TO_DELEGATE", "DUP_SKEY DISALLOWED", "TGT NOT FORWARDABLE", "TGT NOT PROXIABLE",
    "TGT NOT POSTDATABLE", "VALIDATE VALID TICKET", "TICKET NOT RENEWABLE", "LOCKED_OUT", "ISSUE"]
AS_STATUSES = [s for s in STATUSES if s != "ISSUE"]  # the issue has a format of its own
TGS_STATUSES = STATUSES
KT = r"\d+ etypes \{[^}]*\}"        # ktypes2str(): the encryption types asked for
REP = r"etypes \{[^}]*\}"           # rep_etypes2str(): those of the reply
PR = r"\S+"                         # a principal
A = r"[\d.:a-f]+"                   # an address
EVENTS = ([
    # main.c, net-server.c: start-up, sockets, shut-down
    ("K1", "preauth <*> failed to initialize: <*>", r"preauth \w+ failed to initialize: .*"),
    ("K2", "setting up network...", r"setting up network\.\.\."),
    ("K3", "setsockopt(<*>,IPV6_V6ONLY,1) worked", r"setsockopt\(\d+,IPV6_V6ONLY,1\) worked"),
    ("K4", "set up <*> sockets", r"set up \d+ sockets"),
    ("K5", "commencing operation", r"commencing operation"),
    ("K6", "shutting down", r"shutting down"),
    ("K7", "closing down fd <*>", r"closing down fd \d+"),
    ("K8", "TCP client <*> wants <*> bytes, cap is <*>", rf"TCP client {A}\.\d+ wants \d+ bytes, cap is \d+"),
    ("K9", "<*> - while dispatching (<*>)", r".+ - while dispatching \((?:udp|tcp)\)"),
    ("K10", "DISPATCH: repeated (retransmitted?) request from <*>, resending previous response",
     rf"DISPATCH: repeated \(retransmitted\?\) request from {A}, resending previous response"),
    ("K11", "preauth (<*>) verify failure: <*>", r"preauth \(\w+\) verify failure: .*"),
    # kdc_log.c's log_as_req(): the format, and the failure's with its status
    ("AS", "AS_REQ (<*>) <*>: ISSUE: authtime <*>, <*>, <*> for <*>",
     rf"AS_REQ \({KT}\) {A}: ISSUE: authtime \d+, {REP}, {PR} for {PR}"),
] + [(f"AS{i}", f"AS_REQ (<*>) <*>: {status}: <*> for <*>, <*>",
      rf"AS_REQ \({KT}\) {A}: {status}: {PR} for {PR}(?:, .*)?") for i, status in enumerate(AS_STATUSES, 1)]
  # log_tgs_req(): one format, the status a constant (`ISSUE` too)
  + [(f"TGS{i}", f"TGS_REQ (<*>) <*>: {status}: authtime <*>, <*> <*> for <*>, <*>",
      rf"TGS_REQ \({KT}\) {A}: {status}: authtime \d+, (?:{REP})?,? {PR} for {PR}(?:, .*)?")
     for i, status in enumerate(TGS_STATUSES, 1)])

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
