"""Makes bench/data/slapd: the debug output of a real OpenLDAP 2.5 directory server (Debian's `slapd`)
at `loglevel stats` (`slapd -d stats`: `6b16c6ef.2cb8a95a 0x7f7401ffe6c0 conn=1000 op=0 BIND
dn="" method=128`: the time in hex seconds and nanoseconds, the thread, then the message), from a
private `slapd.conf` and MDB database on 127.0.0.1:13389 and a private `ldapi://` socket. A seeded
workload drives it through Debian's `ldap-utils` and raw sockets: simple binds with right and wrong
passwords, as unknown entries and anonymously; SASL EXTERNAL binds over `ldapi://`; searches
(subtree, one level, base; filters on indexed and unindexed attributes; bases that do not exist;
more entries than the size limit; paged results; a critical sort control the server does not
support; attributes asked for by name), adds, modifies, renames and deletes that succeed or fail
(entries that exist or do not, schema violations, unknown attributes, bad DNs, no access, values
that must be unique), compares, password changes, Who am I?, cancel and unknown extended
operations, StartTLS on a server without TLS, proxied authorization, clients that drop the
connection, send bytes that are not LDAP or stay idle past `idletimeout`; restarts with SIGTERM and
SIGKILL, some of them with anonymous binds disallowed.

Run as root from anywhere: python3 bench/data/slapd/generate.py   (needs apt-get install slapd
ldap-utils; slapd runs as `openldap` from a private folder; the raw log is kept in the temporary
folder as oats-slapd-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log
again without running anything).

Ground truth: labelled by hand, a regex per `Debug()`/`Statslog` call of OpenLDAP 2.5.13
(`servers/slapd/*.c`, `back-mdb/*.c`, `overlays/*.c`), written from the messages of the run and
checked in the source. The header (time, thread) is not part of the event. The operation's prefix
(`conn=%lu op=%lu`, `op->o_log_prefix`) is variables of the event; so are the result's tag, code and
text (`RESULT tag=97 err=49 qtime=... etime=... text=`: the text is the operation's run-time
`sr_text`). The reasons that callers pass into `conn=%lu fd=%ld closed (%s)` (`connection lost`,
`idletimeout`, `slapd shutdown`, ...) are constants of their call sites: an event each. The
banner is printed on two lines, the second without a header: an event each.
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
PORT = 13389
URI = f"ldap://127.0.0.1:{PORT}"
BASE = "dc=example,dc=test"
ADMIN = f"cn=admin,{BASE}"
ADMIN_PW = "Oats-admin-2026"
rnd = random.Random(33)
USERS = [f"user{i:02d}" for i in range(30)]


def config(work, no_anon=False):
    hashed = subprocess.run(["slappasswd", "-s", ADMIN_PW], capture_output=True, text=True, check=True).stdout.strip()
    extra = "disallow bind_anon\n" if no_anon else ""
    with open(f"{work}/slapd.conf", "w") as f:
        f.write(f"""include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {work}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload unique
loglevel stats
idletimeout 5
sizelimit 15
{extra}authz-policy to
authz-regexp "gidNumber=0\\\\+uidNumber=0,cn=peercred,cn=external,cn=auth" "{ADMIN}"
database mdb
suffix "{BASE}"
rootdn "{ADMIN}"
rootpw {hashed}
directory {work}/db
maxsize 33554432
index objectClass eq
index uid,mail eq
access to attrs=userPassword by self write by anonymous auth by * none
access to attrs=authzTo by dn.exact="{ADMIN}" write by * read
access to dn.subtree="ou=people,{BASE}" by self write by users read by anonymous read
access to * by users read by anonymous read
overlay unique
unique_uri ldap:///ou=people,{BASE}?mail?sub
""")


def start(work):
    sock = f"{work}/ldapi".replace("/", "%2F")
    proc = subprocess.Popen(["slapd", "-d", "stats", "-u", "openldap", "-g", "openldap", "-f", f"{work}/slapd.conf",
                             "-h", f"{URI}/ ldapi://{sock}"],
                            stdout=subprocess.DEVNULL, stderr=open(f"{work}/slapd.log", "a"))
    daemon.wait_port(PORT, timeout=60)
    time.sleep(0.3)
    return proc


def ldap(tool, *args, user=None, password=None, data=None):
    """Runs an ldap-utils tool against the server, bound as user (a uid, 'admin', or None)."""
    cmd = [tool, "-x", "-H", URI]
    if user == "admin":
        cmd += ["-D", ADMIN, "-w", ADMIN_PW]
    elif user:
        cmd += ["-D", f"uid={user},ou=people,{BASE}", "-w", password or f"pw-{user}"]
    try:
        subprocess.run(cmd + list(args), input=data, capture_output=True, text=True, timeout=15)
    except subprocess.TimeoutExpired:
        pass


def ldapi(work, tool, *args, data=None):
    sock = f"{work}/ldapi".replace("/", "%2F")
    try:
        subprocess.run([tool, "-Q", "-Y", "EXTERNAL", "-H", f"ldapi://{sock}"] + list(args), input=data,
                       capture_output=True, text=True, timeout=15)
    except subprocess.TimeoutExpired:
        pass


def person(uid, mail=None, extra=""):
    mail = mail or f"{uid}@example.test"
    return (f"dn: uid={uid},ou=people,{BASE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid.title()}\n"
            f"sn: {uid.title()}\nmail: {mail}\nuserPassword: pw-{uid}\n{extra}\n")


def populate():
    ldif = f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n"
    for ou in ("people", "groups", "services"):
        ldif += f"dn: ou={ou},{BASE}\nobjectClass: organizationalUnit\nou: {ou}\n\n"
    ldif += "".join(person(u) for u in USERS)
    ldif += f"dn: cn=staff,ou=groups,{BASE}\nobjectClass: groupOfNames\ncn: staff\n" + \
        "".join(f"member: uid={u},ou=people,{BASE}\n" for u in USERS[:10]) + "\n"
    ldap("ldapadd", "-c", user="admin", data=ldif)


def user():
    return rnd.choice(USERS)


def bind_step():
    k = rnd.random()
    if k < 0.35:
        ldap("ldapwhoami", user=user())
    elif k < 0.55:
        ldap("ldapwhoami", user=user(), password=rnd.choice(["wrong", "123456", "pw-admin"]))
    elif k < 0.65:
        ldap("ldapwhoami", "-D", f"uid={rnd.choice(['ghost', 'root', 'test'])},ou=people,{BASE}", "-w", "x")
    elif k < 0.72:
        ldap("ldapwhoami", "-D", rnd.choice([f"cn=admin,{BASE}", f"cn=Manager,{BASE}"]), "-w", "guess")
    elif k < 0.80:
        ldap("ldapwhoami", "-D", rnd.choice(["uid=bad,,dc=x", "not a dn", "uid=x+"]), "-w", "x")
    else:
        ldap("ldapwhoami")


def search_step():
    base = rnd.choice([BASE, f"ou=people,{BASE}", f"ou=groups,{BASE}", f"ou=missing,{BASE}", f"uid={user()},ou=people,{BASE}",
                       "dc=other,dc=test"])
    scope = rnd.choice(["sub", "sub", "one", "base"])
    filt = rnd.choice([f"(uid={user()})", f"(mail={user()}@example.test)", "(objectClass=*)", f"(cn={user().title()})",
                       "(&(objectClass=inetOrgPerson)(sn=User1*))", f"(member=uid={user()},ou=people,{BASE})",
                       "(|(uid=user0*)(mail=*@example.test))", "(description=*)", "(uid=nobody)", "(employeeNumber>=5)"])
    args = ["-b", base, "-s", scope, filt] + rnd.sample(["cn", "mail", "uid", "sn", "member", "userPassword", "+", "*"],
                                                       rnd.randrange(0, 4))
    k = rnd.random()
    if k < 0.10:
        args = ["-E", f"pr={rnd.choice([3, 5, 10])}/noprompt"] + args
    elif k < 0.13:
        args = ["-e", rnd.choice(["!abandon", "!cancel", "!ignore"])] + args
    elif k < 0.16:
        args = ["-E", "!sss=cn"] + args
    elif k < 0.20:
        args = ["-z", "3"] + args
    who = rnd.choice([None, None, user(), "admin"])
    ldap("ldapsearch", *args, user=who)


def write_step():
    uid = f"temp{rnd.randrange(40)}"
    dn = f"uid={uid},ou=people,{BASE}"
    k = rnd.random()
    if k < 0.25:
        mail = f"{user()}@example.test" if rnd.random() < 0.2 else None
        ldap("ldapadd", user="admin", data=person(uid, mail))
    elif k < 0.32:
        ldap("ldapadd", user="admin", data=f"dn: {dn}\nobjectClass: inetOrgPerson\nuid: {uid}\n\n")
    elif k < 0.37:
        ldap("ldapadd", user="admin", data=f"dn: {dn}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: x\nsn: x\nshoeSize: 42\n\n")
    elif k < 0.42:
        ldap("ldapadd", user=user(), data=person(uid))
    elif k < 0.47:
        ldap("ldapadd", user="admin", data=f"dn: uid={uid},ou=nowhere,{BASE}\nobjectClass: account\nuid: {uid}\n\n")
    elif k < 0.62:
        attr = rnd.choice(["description", "telephoneNumber", "title", "mail"])
        op = rnd.choice(["replace", "add", "delete"])
        target = rnd.choice([dn, f"uid={user()},ou=people,{BASE}"])
        lines = f"dn: {target}\nchangetype: modify\n{op}: {attr}\n"
        if op != "delete" or rnd.random() < 0.5:
            lines += f"{attr}: {rnd.choice(['on call', '+1 555 0100', 'engineer', user() + '@example.test'])}\n"
        if rnd.random() < 0.3:
            lines += f"-\nreplace: {rnd.choice(['sn', 'cn', 'givenName'])}\n{rnd.choice(['sn', 'cn', 'givenName'])}: New\n"
        ldap("ldapmodify", user=rnd.choice(["admin", "admin", user()]), data=lines + "\n")
    elif k < 0.70:
        ldap("ldapmodrdn", dn, f"uid={uid}x", user="admin")
        ldap("ldapmodrdn", f"uid={uid}x,ou=people,{BASE}", f"uid={uid}", user="admin")
    elif k < 0.82:
        ldap("ldapdelete", rnd.choice([dn, dn, f"ou=people,{BASE}", f"uid=ghost,ou=people,{BASE}"]), user=rnd.choice(["admin", "admin", None]))
    elif k < 0.90:
        u = user()
        ldap("ldapcompare", f"uid={u},ou=people,{BASE}",
             rnd.choice([f"mail:{u}@example.test", "mail:x@example.test", "title:boss", "shoeSize:3"]), user=rnd.choice([None, u]))
    else:
        u = user()
        ldap("ldappasswd", "-s", f"pw-{u}", *( [f"uid={u},ou=people,{BASE}"] if rnd.random() < 0.5 else []),
             user=rnd.choice([u, u, None, "admin"]))


def other_step(work):
    k = rnd.random()
    if k < 0.15:
        ldapi(work, "ldapwhoami")
    elif k < 0.25:
        ldapi(work, "ldapsearch", "-b", f"ou=groups,{BASE}", "(cn=staff)", "member")
    elif k < 0.35:
        ldap("ldapexop", *rnd.choice([["whoami"], ["1.3.6.1.4.1.99999.1"], ["cancel", str(rnd.randrange(1, 9))],
                                      ["refresh", f"uid={user()},ou=people,{BASE}"]]), user=rnd.choice([None, user()]))
    elif k < 0.42:
        ldap("ldapwhoami", "-ZZ", user=user())
    elif k < 0.52:
        u = user()
        ldap("ldapsearch", "-e", f"!authzid=dn:uid={rnd.choice([u, 'ghost'])},ou=people,{BASE}", "-b", BASE, f"(uid={user()})", "cn",
             user=rnd.choice(["admin", u]))
    elif k < 0.70:
        daemon.send(PORT, rnd.choice([b"GET / HTTP/1.1\r\nHost: ldap\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40),
                                      b"", b"\x30\x84\xff\xff\xff\xff", b"\x30\x05\x02\x01\x01\x42\x00" * 2, b"hello\n"]),
                    linger=rnd.uniform(0.1, 0.5))
    elif k < 0.85:
        threading.Thread(target=daemon.send, args=(PORT, b"\x30\x0c\x02\x01\x01\x60\x07\x02\x01\x03\x04\x00\x80\x00"),
                         kwargs={"linger": 7}).start()
    else:
        for _ in range(rnd.randrange(2, 6)):
            ldap("ldapsearch", "-b", f"ou=people,{BASE}", f"(uid={user()})", "cn", user=user())


def workload(work):
    os.makedirs(f"{work}/db")
    config(work)
    subprocess.run(["chown", "-R", "openldap:openldap", work], check=True)
    proc = start(work)
    populate()
    log = f"{work}/slapd.log"
    try:
        while daemon.lines_in(log) < 2300:
            k = rnd.random()
            if k < 0.15:
                bind_step()
            elif k < 0.45:
                search_step()
            elif k < 0.75:
                write_step()
            elif k < 0.97:
                other_step(work)
            else:
                daemon.stop(proc, signal.SIGKILL if rnd.random() < 0.3 else signal.SIGTERM)
                config(work, no_anon=rnd.random() < 0.35)
                time.sleep(rnd.uniform(0.2, 1))
                proc = start(work)
            time.sleep(rnd.uniform(0.02, 0.3))
    finally:
        daemon.stop(proc)
    return log


# (id, template, regex over the message), a Debug() call each of OpenLDAP 2.5.13 (servers/slapd).
OP = r"conn=\d+ op=\d+ "                  # op->o_log_prefix
Q = r'"[^"]*"'                             # a quoted DN, filter or name
ET = r"qtime=[\d.]+ etime=[\d.]+ "         # ETIME_LOGFMT
EVENTS = [
    # main.c, daemon.c, aclparse.c: start-up and shut-down; Versionstr is printed as it is, two lines
    ("S1", "@(#) $OpenLDAP: slapd <*> (<*>) $", r"@\(#\) \$OpenLDAP: slapd \S+ \(.*\) \$"),
    ("S2", "Debian OpenLDAP Maintainers <pkg-openldap-devel@lists.alioth.debian.org>",
     r"\tDebian OpenLDAP Maintainers <pkg-openldap-devel@lists\.alioth\.debian\.org>"),
    ("S3", "<*>: line <*>: rootdn is always granted unlimited privileges.", r"/\S+: line \d+: rootdn is always granted unlimited privileges\."),
    ("S4", "slapd starting", r"slapd starting"),
    ("S5", "daemon: shutdown requested and initiated.", r"daemon: shutdown requested and initiated\."),
    ("S6", "slapd shutdown: waiting for <*> operations/tasks to finish", r"slapd shutdown: waiting for \d+ operations/tasks to finish"),
    ("S7", "slapd stopped.", r"slapd stopped\."),
    # connection.c: connections; the reasons passed into `closed (%s)` an event each
    ("N1", "conn=<*> fd=<*> ACCEPT from <*> (<*>)", r"conn=\d+ fd=\d+ ACCEPT from (?:IP=[\d.]+:\d+|PATH=\S+) \((?:IP=[\d.]+:\d+|PATH=\S+)\)"),
    ("N2", "conn=<*> fd=<*> closed", r"conn=\d+ fd=\d+ closed"),
    ("N3", "conn=<*> fd=<*> closed (connection lost)", r"conn=\d+ fd=\d+ closed \(connection lost\)"),
    ("N4", "conn=<*> fd=<*> closed (idletimeout)", r"conn=\d+ fd=\d+ closed \(idletimeout\)"),
    ("N5", "conn=<*> fd=<*> closed (slapd shutdown)", r"conn=\d+ fd=\d+ closed \(slapd shutdown\)"),
    ("N6", "conn=<*> fd=<*> closed (connection lost on write)", r"conn=\d+ fd=\d+ closed \(connection lost on write\)"),
    ("N7", "connection_input: conn=<*> deferring operation: binding", r"connection_input: conn=\d+ deferring operation: binding"),
    ("N8", "connection_input: conn=<*> deferring operation: pending operations",
     r"connection_input: conn=\d+ deferring operation: pending operations"),
    ("N9", "connection_read(<*>): no connection!", r"connection_read\(\d+\): no connection!"),
    ("N10", "connection_write(<*>): no connection!", r"connection_write\(\d+\): no connection!"),
    # bind.c, sasl.c, connection.c, unbind.c
    ("B1", "conn=<*> op=<*> BIND dn=\"<*>\" method=<*>", rf"{OP}BIND dn={Q} method=\d+"),
    ("B2", "conn=<*> op=<*> BIND dn=\"<*>\" mech=<*> bind_ssf=0 ssf=<*>", rf"{OP}BIND dn={Q} mech=SIMPLE bind_ssf=0 ssf=\d+"),
    ("B3", "conn=<*> op=<*> BIND dn=\"<*>\" mech=<*> bind_ssf=<*> ssf=<*>", rf"{OP}BIND dn={Q} mech=(?!SIMPLE )\S+ bind_ssf=\d+ ssf=\d+"),
    ("B4", "conn=<*> op=<*> BIND authcid=\"<*>\" authzid=\"<*>\"", rf"{OP}BIND authcid={Q} authzid={Q}"),
    ("B5", "conn=<*> op=<*> BIND anonymous mech=implicit bind_ssf=0 ssf=<*>", rf"{OP}BIND anonymous mech=implicit bind_ssf=0 ssf=\d+"),
    ("B6", "conn=<*> op=<*> UNBIND", rf"{OP}UNBIND"),
    ("B7", "conn=<*> op=<*> do_bind: invalid dn (<*>)", rf"{OP}do_bind: invalid dn \(.*\)"),
    # search.c, add.c, modify.c, modrdn.c, delete.c, compare.c, abandon.c
    ("O1", "conn=<*> op=<*> SRCH base=\"<*>\" scope=<*> deref=<*> filter=\"<*>\"", rf"{OP}SRCH base={Q} scope=\d deref=\d filter=\".*\""),
    ("O2", "conn=<*> op=<*> SRCH attr=<*>", rf"{OP}SRCH attr=.+"),
    ("O3", "conn=<*> op=<*> do_search: get_ctrls failed", rf"{OP}do_search: get_ctrls failed"),
    ("O4", "conn=<*> op=<*> ADD dn=\"<*>\"", rf"{OP}ADD dn={Q}"),
    ("O5", "conn=<*> op=<*> MOD dn=\"<*>\"", rf"{OP}MOD dn={Q}"),
    ("O6", "conn=<*> op=<*> MOD attr=<*>", rf"{OP}MOD attr=.+"),
    ("O7", "conn=<*> op=<*> MODRDN dn=\"<*>\"", rf"{OP}MODRDN dn={Q}"),
    ("O8", "conn=<*> op=<*> DEL dn=\"<*>\"", rf"{OP}DEL dn={Q}"),
    ("O9", "conn=<*> op=<*> CMP dn=\"<*>\" attr=\"<*>\"", rf"{OP}CMP dn={Q} attr={Q}"),
    ("O10", "conn=<*> op=<*> ABANDON msg=<*>", rf"{OP}ABANDON msg=\d+"),
    ("O11", "conn=<*> op=<*> do_add: invalid dn (<*>)", rf"{OP}do_add: invalid dn \(.*\)"),
    ("O12", "conn=<*> op=<*> do_modify: invalid dn (<*>)", rf"{OP}do_modify: invalid dn \(.*\)"),
    ("O13", "conn=<*> op=<*> do_delete: invalid dn (<*>)", rf"{OP}do_delete: invalid dn \(.*\)"),
    # extended.c, passwd.c, cancel.c, controls.c
    ("X1", "conn=<*> op=<*> EXT oid=<*>", rf"{OP}EXT oid=[\d.]+"),
    ("X2", "conn=<*> op=<*> WHOAMI", rf"{OP}WHOAMI"),
    ("X3", "conn=<*> op=<*> do_extended: unsupported operation \"<*>\"", rf"{OP}do_extended: unsupported operation \"[\d.]+\""),
    ("X4", "conn=<*> op=<*> PASSMOD", rf"{OP}PASSMOD"),
    ("X5", "conn=<*> op=<*> PASSMOD id=\"<*>\"<*><*>", rf"{OP}PASSMOD id={Q}(?: old)?(?: new)?"),
    ("X6", "conn=<*> op=<*> PASSMOD<*><*>", rf"{OP}PASSMOD(?: old| new| old new)"),
    ("X7", "conn=<*> op=<*> CANCEL msg=<*>", rf"{OP}CANCEL msg=\d+"),
    ("X8", "conn=<*> op=<*> PROXYAUTHZ dn=\"<*>\"", rf"{OP}PROXYAUTHZ dn={Q}"),
    # result.c: the result of an operation; its tag, code and text are values
    ("R1", "conn=<*> op=<*> RESULT tag=<*> err=<*> qtime=<*> etime=<*> text=<*>", rf"{OP}RESULT tag=\d+ err=\d+ {ET}text=.*"),
    ("R2", "conn=<*> op=<*> SEARCH RESULT tag=<*> err=<*> qtime=<*> etime=<*> nentries=<*> text=<*>",
     rf"{OP}SEARCH RESULT tag=\d+ err=\d+ {ET}nentries=\d+ text=.*"),
    ("R3", "conn=<*> op=<*> RESULT oid=<*> err=<*> qtime=<*> etime=<*> text=<*>", rf"{OP}RESULT oid=[\d.]* err=\d+ {ET}text=.*"),
    ("R4", "conn=<*> op=<*> DISCONNECT tag=<*> err=<*> qtime=<*> etime=<*> text=<*>", rf"{OP}DISCONNECT tag=\d+ err=\d+ {ET}text=.*"),
    # schema_check.c: `Entry (%s): %s`, the message formatted by the check; an event per check
    ("E1", "Entry (<*>): object class '<*>' requires attribute '<*>'", r"Entry \(.*\): object class '\w+' requires attribute '\w+'"),
    ("E2", "Entry (<*>): attribute '<*>' not allowed", r"Entry \(.*\): attribute '\w+' not allowed"),
    ("E3", "Entry (<*>): no objectClass attribute", r"Entry \(.*\): no objectClass attribute"),
]

HEADER = re.compile(r"^[0-9a-f]{8}\.[0-9a-f]{8} 0x[0-9a-f]+ (.*)$")


if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload, readable=True)
