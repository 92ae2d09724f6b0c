"""Makes bench/data/bind: the log of two real BIND 9.18 name servers (Debian's bind9), a primary and
its secondary on 127.0.0.1 (ports 5301 and 5302; the clients on other loopback addresses), appending to one file through a logging channel with
`print-time yes; print-category yes; print-severity yes;` (`dd-Mon-yyyy HH:MM:SS.mmm category:
severity: message`), query logging on. A seeded workload drives them: queries from allowed and
refused clients over UDP and TCP (answers, NXDOMAIN, queries refused by an ACL, recursion through
forwarders that refuse or do not answer), zone transfers asked for by strangers, dynamic updates
with the right key, a wrong key and none, zone edits that the primary reloads and notifies and the
secondary transfers, a zone file broken and fixed, rndc commands (reload, reconfig, flush, freeze,
thaw, querylog, stats), a secondary zone whose primary never answers, and restarts of either
server.

Run as root from anywhere: python3 bench/data/bind/generate.py   (needs apt-get install bind9
bind9-dnsutils; the raw log is kept in the temporary folder as oats-bind-raw.log until it is
labelled, and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per isc_log_write call (format string) of BIND 9.18.49
(`bin/named/*.c`, `lib/ns/*.c`, `lib/dns/*.c`, `lib/isc/*.c`, `lib/isccfg/*.c`), written from the
messages of the run and checked in the source (tag v9.18.49 of BIND's repository). The header (time, category,
severity) is not part of the event. Prefixes that a shared helper puts before a message are
variables of the event: the client's `client @0x... <addr>#<port> (<name>): ` (ns_client_log),
a zone's `zone <name>/<class>: ` (dns_zone_log), a transfer's `transfer of '<zone>' from
<addr>#<port>: ` (xfrin_log) and `client ... : transfer of '<zone>': ` (xfrout). Constants passed
into a shared format are an event each, as in the other sources here: the operation that
ns_client_aclmsg puts before `denied` (`query`, `query (cache)`, `zone transfer`, `update`), the
transfer kind of xfrout's `%s started` and `%s ended` (`AXFR`, `IXFR`, `AXFR-style IXFR`), `on` and
`off` of `query logging is now %s`. Values computed at run time are variables: a result's text
(`query failed (%s)`, `Transfer status: %s`, `%s%s%s resolving '%s/%s/%s': %s`, which prints
`REFUSED unexpected RCODE` or `connection refused`), the query log's flags, a command's text.
"""
import base64
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
HOST = "127.0.0.1"
PORTS = {"p": 5301, "s": 5302}
PRIMARY, SECONDARY, DEAD = 5301, 5302, 5309
RNDC_PORTS = {5301: 9531, 5302: 9532}
rnd = random.Random(15)
SECRET = base64.b64encode(bytes(rnd.randrange(256) for _ in range(32))).decode()
WRONG = base64.b64encode(bytes(rnd.randrange(256) for _ in range(32))).decode()
RNDC_SECRET = base64.b64encode(bytes(rnd.randrange(256) for _ in range(32))).decode()


def options(work, name, port, extra):
    return f"""options {{
  directory "{work}/{name}";
  pid-file "{work}/{name}/named.pid";
  session-keyfile "{work}/{name}/session.key";
  managed-keys-directory "{work}/{name}";
  statistics-file "{work}/{name}/named.stats";
  listen-on port {port} {{ {HOST}; }};
  listen-on-v6 {{ none; }};
  dnssec-validation no;
  querylog yes;
{extra}
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{RNDC_SECRET}"; }};
controls {{ inet {HOST} port {RNDC_PORTS[port]} allow {{ 127.0.0.0/8; }} keys {{ "rndc-key"; }}; }};
key "ddns-key" {{ algorithm hmac-sha256; secret "{SECRET}"; }};
logging {{
  channel all {{ file "{work}/named.log"; print-time yes; print-category yes; print-severity yes; severity info; }};
  category default {{ all; }};
  category queries {{ all; }};
  category lame-servers {{ all; }};
  category xfer-in {{ all; }};
  category xfer-out {{ all; }};
  category notify {{ all; }};
  category update {{ all; }};
  category security {{ all; }};
}};
"""


def configs(work):
    p = options(work, "p", PRIMARY, f"""  recursion yes;
  allow-recursion {{ 127.0.1.0/28; }};
  forwarders {{ {HOST} port {SECONDARY}; {HOST} port {DEAD}; }};
  forward only;
  notify explicit;
  also-notify {{ {HOST} port {SECONDARY}; }};
  allow-transfer {{ {HOST}; }};""") + """
zone "example.test" { type primary; file "example.test.db"; allow-update { key ddns-key; }; };
zone "internal.test" { type primary; file "internal.test.db"; allow-query { 127.0.1.0/28; }; };
zone "10.0.10.in-addr.arpa" { type primary; file "rev.db"; };
zone "broken.test" { type primary; file "broken.test.db"; };
"""
    s = options(work, "s", SECONDARY, f"""  recursion no;
  allow-transfer {{ none; }};
  min-refresh-time 30; max-refresh-time 60; min-retry-time 10; max-retry-time 20;""") + f"""
zone "example.test" {{ type secondary; file "example.test.bak"; primaries {{ {HOST} port {PRIMARY}; }}; }};
zone "internal.test" {{ type secondary; file "internal.test.bak"; primaries {{ {HOST} port {PRIMARY}; }}; }};
zone "lost.test" {{ type secondary; file "lost.test.bak"; primaries {{ {HOST} port {DEAD}; }}; }};
"""
    for name, text in (("p", p), ("s", s)):
        os.makedirs(f"{work}/{name}", exist_ok=True)
        with open(f"{work}/{name}.conf", "w") as f:
            f.write(text)


HOSTS = ["www", "mail", "api", "db", "cache", "vpn", "git", "ci", "grafana", "ldap"]


def zone(origin, serial, hosts, broken=False):
    out = f"""$TTL 300
@ IN SOA ns1.{origin}. hostmaster.{origin}. {serial} 60 20 86400 60
@ IN NS ns1.{origin}.
ns1 IN A 127.0.0.1
@ IN MX 10 mail.{origin}.
"""
    for i, h in enumerate(hosts):
        out += f"{h} IN A 10.0.10.{10 + i}\n"
    out += f'@ IN TXT "v=spf1 mx -all"\n'
    if broken:
        out += rnd.choice(["bad IN AAA 10.0.0.1\n", "bad IN A 10.0.0.300\n", "$INCLUDE missing.db\n",
                           "bad IN CNAME www\nbad IN A 10.0.0.2\n"])
    return out


def write_zones(work, serials, broken):
    d = f"{work}/p"
    with open(f"{d}/example.test.db", "w") as f:
        f.write(zone("example.test", serials["example.test"], HOSTS[:6]))
    with open(f"{d}/internal.test.db", "w") as f:
        f.write(zone("internal.test", serials["internal.test"], HOSTS[4:]))
    with open(f"{d}/broken.test.db", "w") as f:
        f.write(zone("broken.test", serials["broken.test"], HOSTS[:3], broken))
    with open(f"{d}/rev.db", "w") as f:
        f.write(f"$TTL 300\n@ IN SOA ns1.example.test. hostmaster.example.test. 1 60 20 86400 60\n@ IN NS ns1.example.test.\n"
                + "".join(f"{10 + i} IN PTR {h}.example.test.\n" for i, h in enumerate(HOSTS[:6])))


def start(work, name):
    proc = subprocess.Popen(["named", "-f", "-n", "1", "-c", f"{work}/{name}.conf"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    return proc


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def rndc(server, *args):
    subprocess.run(["rndc", "-s", HOST, "-p", str(RNDC_PORTS[server]), "-y", "rndc-key", "-c", RNDC_CONF] + list(args),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20)


RNDC_CONF = ""


def packet(name, qtype, edns):
    qid = rnd.randrange(65536)
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 1 if edns else 0)
    for part in name.rstrip(".").split("."):
        q += bytes([len(part)]) + part.encode()
    q += b"\0" + struct.pack(">HH", qtype, 1)
    if edns:
        q += b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)
    return q


TYPES = {"A": 1, "NS": 2, "MX": 15, "TXT": 16, "AAAA": 28, "SOA": 6, "PTR": 12, "ANY": 255, "AXFR": 252, "IXFR": 251}


def query(src, server, name, qtype, tcp=False, edns=True):
    data = packet(name, TYPES[qtype], edns)
    try:
        if tcp:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(3)
            s.bind((src, 0))
            s.connect((HOST, server))
            s.sendall(struct.pack(">H", len(data)) + data)
            s.recv(65535)
        else:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(3)
            s.bind((src, 0))
            s.sendto(data, (HOST, server))
            s.recv(65535)
        s.close()
    except OSError:
        pass


def nsupdate(src, key, commands):
    script = f"server {HOST} {PRIMARY}\nlocal {src}\nzone example.test\n" + "".join(c + "\n" for c in commands) + "send\n"
    args = ["nsupdate", "-t", "4"]
    if key:
        args += ["-y", f"hmac-sha256:ddns-key:{key}"]
    subprocess.run(args, input=script.encode(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20)


def client(allowed=True):
    return f"127.0.1.{rnd.randrange(3, 15)}" if allowed else f"127.0.2.{rnd.randrange(1, 60)}"


def queries():
    k = rnd.random()
    src = client(rnd.random() < 0.8)
    if k < 0.35:
        query(src, PRIMARY, f"{rnd.choice(HOSTS[:6])}.example.test", rnd.choice(["A", "A", "AAAA", "MX", "TXT"]), tcp=rnd.random() < 0.1, edns=rnd.random() < 0.7)
    elif k < 0.45:
        query(src, PRIMARY, f"{rnd.choice(['nosuch', 'old', 'test', 'www2'])}{rnd.randrange(99)}.example.test", "A")
    elif k < 0.55:
        query(src, PRIMARY, f"{rnd.choice(HOSTS[4:])}.internal.test", "A")
    elif k < 0.62:
        query(src, PRIMARY, f"{10 + rnd.randrange(8)}.10.0.10.in-addr.arpa", "PTR")
    elif k < 0.72:
        query(src, PRIMARY, f"{rnd.choice(['www', 'api', 'cdn'])}.{rnd.choice(['example.com', 'debian.org', 'kubernetes.io', 'github.com'])}", rnd.choice(["A", "AAAA"]))
    elif k < 0.78:
        query(src, SECONDARY, f"{rnd.choice(HOSTS[:6])}.example.test", "A")
    elif k < 0.81:
        query(src, SECONDARY, f"www.{rnd.choice(['example.com', 'lost.test'])}", "A")
    elif k < 0.85:
        query(src, rnd.choice([PRIMARY, SECONDARY]), rnd.choice(["example.test", "internal.test"]), "AXFR", tcp=True)
    elif k < 0.88:
        query(src, PRIMARY, "example.test", rnd.choice(["SOA", "NS", "ANY"]))
    else:
        query(src, PRIMARY, f"{rnd.choice(HOSTS)}.broken.test", "A")


def workload(work):
    global RNDC_CONF
    RNDC_CONF = f"{work}/rndc.conf"
    with open(RNDC_CONF, "w") as f:
        f.write(f'key "rndc-key" {{ algorithm hmac-sha256; secret "{RNDC_SECRET}"; }};\n')
    configs(work)
    serials = {"example.test": 2026120701, "internal.test": 2026120701, "broken.test": 2026120701}
    broken = False
    write_zones(work, serials, broken)
    primary = start(work, "p")
    secondary = start(work, "s")
    try:
        while daemon.lines_in(f"{work}/named.log") < 2500:
            k = rnd.random()
            if k < 0.70:
                for _ in range(rnd.randrange(1, 5)):
                    queries()
                time.sleep(rnd.uniform(0.02, 0.3))
            elif k < 0.76:
                h = f"dyn{rnd.randrange(50)}"
                if rnd.random() < 0.7:
                    nsupdate(client(), SECRET, [f"update add {h}.example.test 300 A 10.0.20.{rnd.randrange(1, 250)}"]
                             if rnd.random() < 0.7 else [f"update delete {h}.example.test A"])
                else:
                    nsupdate(client(rnd.random() < 0.5), rnd.choice([None, WRONG]), [f"update add {h}.example.test 300 A 10.0.20.9"])
            elif k < 0.80:
                # edit a zone: the primary reloads it and notifies, the secondary transfers it
                z = rnd.choice(["example.test", "internal.test"])
                serials[z] += 1
                if z == "example.test":
                    rndc(PRIMARY, "freeze", z)
                    write_zones(work, serials, broken)
                    rndc(PRIMARY, "thaw", z)
                else:
                    write_zones(work, serials, broken)
                    rndc(PRIMARY, "reload", z)
                time.sleep(1)
            elif k < 0.82:
                broken = not broken
                serials["broken.test"] += 1
                write_zones(work, serials, broken)
                rndc(PRIMARY, "reload", "broken.test")
            elif k < 0.86:
                rndc(rnd.choice([PRIMARY, SECONDARY]), *rnd.choice([["reload"], ["reconfig"], ["flush"], ["stats"], ["querylog", "off"],
                                                                   ["querylog", "on"], ["refresh", "example.test"], ["retransfer", "internal.test"],
                                                                   ["notify", "example.test"], ["status"], ["flushname", "www.example.com"]]))
            elif k < 0.875:
                stop(primary)
                time.sleep(rnd.uniform(0.5, 3))
                primary = start(work, "p")
            elif k < 0.885:
                stop(secondary)
                time.sleep(rnd.uniform(0.5, 3))
                secondary = start(work, "s")
            else:
                time.sleep(rnd.uniform(0.2, 1))
    finally:
        stop(secondary)
        stop(primary)
    return f"{work}/named.log"


# (id, template, regex over the message), from BIND 9.18.49's log calls; CL is ns_client_log's
# prefix (`client @<address> <addr>#<port>` then ` (<query name>)` or `/key <name>`), Z
# dns_zone_log's (`zone <name>/<class>: ` or `managed-keys-zone: `), X xfrin_log's.
A = r"\d+\.\d+\.\d+\.\d+#\d+"
CL = r"client @0x[0-9a-f]+ \d+\.\d+\.\d+\.\d+#\d+(?: \([^)]*\)|/key [\w.-]+)?: "
Z = r"(?:zone [\w.-]+/IN|managed-keys-zone): "
X = rf"transfer of '[\w.-]+/IN' from {A}: "
XO = rf"{CL}transfer of '[\w.-]+/IN': "
N = r"[\w.-]+"
EVENTS = [
    # lib/ns/query.c log_query, query_error (query-errors), query_getdb/query_checkcacheaccess (ns_client_aclmsg)
    ("E1", "<*>query: <*> IN <*> <*> (<*>)", rf"{CL}query: {N} IN [A-Z]+ [-+][A-Z(\d)]*(?:\(\d+\))?[A-Z]* \(\d+\.\d+\.\d+\.\d+\)"),
    ("E2", "<*>query failed (<*>) for <*> at query.c:<*>", rf"{CL}query failed \([^)]+\) for {N}/IN/[A-Z]+ at query\.c:\d+"),
    ("E3", "<*>query '<*>' denied", rf"{CL}query '{N}/[A-Z]+/IN' denied"),
    ("E4", "<*>query (cache) '<*>' denied (allow-query-cache did not match)", rf"{CL}query \(cache\) '{N}/[A-Z]+/IN' denied \(allow-query-cache did not match\)"),
    ("E5", "<*>zone transfer '<*>' denied", rf"{CL}zone transfer '{N}/[A-Z]+/IN' denied"),
    ("E6", "<*>update '<*>' denied", rf"{CL}update '{N}/IN' denied"),
    # lib/ns/update.c
    ("E7", "<*>signer \"<*>\" approved", rf"{CL}signer \"{N}\" approved"),
    ("E8", "<*>updating zone '<*>': adding an RR at '<*>' <*> <*>", rf"{CL}updating zone '{N}/IN': adding an RR at '{N}' [A-Z]+ .+"),
    ("E9", "<*>updating zone '<*>': deleting rrset at '<*>' <*>", rf"{CL}updating zone '{N}/IN': deleting rrset at '{N}' [A-Z]+"),
    # lib/ns/client.c
    ("E10", "<*>request has invalid signature: TSIG <*>: tsig verify failure (<*>)", rf"{CL}request has invalid signature: TSIG {N}: tsig verify failure \([A-Z]+\)"),
    # lib/ns/notify.c
    ("E11", "<*>received notify for zone '<*>'", rf"{CL}received notify for zone '{N}'"),
    ("E12", "<*>received notify for zone '<*>': not authoritative", rf"{CL}received notify for zone '{N}': not authoritative"),
    # lib/ns/xfrout.c: the mnemonic is one of three constants
    ("E13", "<*>AXFR started (serial <*>)", rf"{XO}AXFR started \(serial \d+\)"),
    ("E14", "<*>AXFR ended: <*> messages, <*> records, <*> bytes, <*> secs (<*> bytes/sec) (serial <*>)",
     rf"{XO}AXFR ended: \d+ messages, \d+ records, \d+ bytes, [\d.]+ secs \(\d+ bytes/sec\) \(serial \d+\)"),
    ("E15", "<*>IXFR started (serial <*> -> <*>)", rf"{XO}IXFR started \(serial \d+ -> \d+\)"),
    ("E16", "<*>IXFR ended: <*> messages, <*> records, <*> bytes, <*> secs (<*> bytes/sec) (serial <*>)",
     rf"{XO}IXFR ended: \d+ messages, \d+ records, \d+ bytes, [\d.]+ secs \(\d+ bytes/sec\) \(serial \d+\)"),
    ("E17", "<*>AXFR-style IXFR started (serial <*>)", rf"{XO}AXFR-style IXFR started \(serial \d+\)"),
    ("E18", "<*>AXFR-style IXFR ended: <*> messages, <*> records, <*> bytes, <*> secs (<*> bytes/sec) (serial <*>)",
     rf"{XO}AXFR-style IXFR ended: \d+ messages, \d+ records, \d+ bytes, [\d.]+ secs \(\d+ bytes/sec\) \(serial \d+\)"),
    ("E19", "<*>IXFR version not in journal, falling back to AXFR", rf"{XO}IXFR version not in journal, falling back to AXFR"),
    # lib/dns/xfrin.c, zone.c
    ("E20", "<*>connected using <*>", rf"{X}connected using {A}"),
    ("E21", "<*>Transfer status: <*>", rf"{X}Transfer status: .+"),
    ("E22", "<*>Transfer completed: <*> messages, <*> records, <*> bytes, <*> secs (<*> bytes/sec) (serial <*>)",
     rf"{X}Transfer completed: \d+ messages, \d+ records, \d+ bytes, [\d.]+ secs \(\d+ bytes/sec\) \(serial \d+\)"),
    ("E23", "<*>Transfer started.", rf"{Z}Transfer started\."),
    ("E24", "<*>transferred serial <*>", rf"{Z}transferred serial \d+"),
    ("E25", "<*>loaded serial <*>", rf"{Z}loaded serial \d+"),
    ("E26", "<*>sending notifies (serial <*>)", rf"{Z}sending notifies \(serial \d+\)"),
    ("E27", "<*>notify from <*>: zone is up to date", rf"{Z}notify from {A}: zone is up to date"),
    ("E28", "<*>notify from <*>: serial <*>", rf"{Z}notify from {A}: serial \d+"),
    ("E29", "<*>refresh: failure trying primary <*> (source <*>): <*>", rf"{Z}refresh: failure trying primary {A} \(source {A}\): .+"),
    ("E30", "<*>refresh: unexpected rcode (<*>) from primary <*> (source <*>)", rf"{Z}refresh: unexpected rcode \([A-Z]+\) from primary {A} \(source {A}\)"),
    ("E31", "<*><*>/MX '<*>' has no address records (A or AAAA)", rf"{Z}{N}/MX '{N}' has no address records \(A or AAAA\)"),
    ("E32", "<*>not loaded due to errors.", rf"{Z}not loaded due to errors\."),
    ("E33", "<*>loading from master file <*> failed: <*>", rf"{Z}loading from master file {N} failed: .+"),
    ("E34", "<*>zone serial (<*>) unchanged. zone may fail to transfer to secondaries.", rf"{Z}zone serial \(\d+\) unchanged\. zone may fail to transfer to secondaries\."),
    ("E35", "<*>zone serial (<*>/<*>) has gone backwards", rf"{Z}zone serial \(\d+/\d+\) has gone backwards"),
    ("E36", "<*>journal file is out of date: removing journal file", rf"{Z}journal file is out of date: removing journal file"),
    # lib/dns/master.c
    ("E37", "<*>:<*>: unknown RR type '<*>'", rf"{N}:\d+: unknown RR type '\w+'"),
    # lib/dns/resolver.c
    ("E38", "<*> resolving '<*>/<*>/<*>': <*>", rf"[\w ]+ resolving '{N}/[A-Z]+/IN': {A}"),
    # bin/named
    ("E39", "using default UDP/IPv4 port range: [<*>, <*>]", r"using default UDP/IPv4 port range: \[\d+, \d+\]"),
    ("E61", "using default UDP/IPv6 port range: [<*>, <*>]", r"using default UDP/IPv6 port range: \[\d+, \d+\]"),
    ("E40", "running", r"running"),
    ("E41", "all zones loaded", r"all zones loaded"),
    ("E42", "sizing zone task pool based on <*> zones", r"sizing zone task pool based on \d+ zones"),
    ("E43", "reloading configuration succeeded", r"reloading configuration succeeded"),
    ("E44", "reading built-in trust anchors from file '<*>'", r"reading built-in trust anchors from file '[^']+'"),
    ("E45", "looking for GeoIP2 databases in '<*>'", r"looking for GeoIP2 databases in '[^']+'"),
    ("E46", "the working directory is now '<*>'", r"the working directory is now '[^']+'"),
    ("E47", "loading configuration from '<*>'", r"loading configuration from '[^']+'"),
    ("E48", "<*>:<*>: 'max-cache-size <*>%' - setting to <*>MB (out of <*>MB)", r"\w+:\d+: 'max-cache-size \d+%' - setting to \d+MB \(out of \d+MB\)"),
    ("E49", "received control channel command '<*>'", r"received control channel command '[^']+'"),
    ("E50", "reloading zones succeeded", r"reloading zones succeeded"),
    ("E51", "freezing zone '<*>': success", rf"freezing zone '{N}/IN': success"),
    ("E52", "thawing zone '<*>': success", rf"thawing zone '{N}/IN': success"),
    ("E53", "no longer listening on <*>", rf"no longer listening on {A}"),
    ("E54", "stopping command channel on <*>", rf"stopping command channel on {A}"),
    ("E55", "exiting", r"exiting"),
    ("E56", "shutting down", r"shutting down"),
    ("E57", "scheduled loading new zones", r"scheduled loading new zones"),
    ("E58", "any newly configured zones are now loaded", r"any newly configured zones are now loaded"),
    ("E59", "flushing caches in all views succeeded", r"flushing caches in all views succeeded"),
    ("E60", "flushing name '<*>' in all cache views succeeded", rf"flushing name '{N}' in all cache views succeeded"),
    ("E62", "dumpstats complete", r"dumpstats complete"),
    ("E63", "query logging is now off", r"query logging is now off"),
    ("E64", "query logging is now on", r"query logging is now on"),
    # lib/dns/rdata.c and master.c: the function's name is a literal argument
    ("E65", "dns_rdata_fromtext: <*>:<*>: near '<*>': <*>", rf"dns_rdata_fromtext: {N}:\d+: near '[^']*': .+"),
    ("E66", "dns_master_load: <*>:<*>: <*>: <*>", rf"dns_master_load: {N}:\d+: {N}: .+"),
    # lib/ns/interfacemgr.c
    ("E67", "automatic interface scanning terminated: <*>", r"automatic interface scanning terminated: .+"),
]

HEADER = re.compile(r"^\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d\.\d{3} [\w-]+: (?:critical|error|warning|notice|info|debug \d+): (.*)$")


if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
