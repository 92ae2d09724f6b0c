"""Makes bench/data/knot: the log of two real Knot DNS 3.2.6 servers (Debian's `knot`), a primary and its
secondary on 127.0.0.1, appending to one file through a `log` target at level info (`2026-12-08T02:51:07+0000
info: [example.test.] zone file parsed, serial 2026120803`: the time, the level, the message; a zone's
messages start with the zone's name in brackets), from private configurations: plain zones, a zone
signed automatically (DNSSEC keys made and rolled by Knot), a zone whose file breaks, zones transferred to
the secondary with NOTIFY and IXFR/AXFR, a secondary zone whose primary never answers, dynamic updates
allowed to one key and address. A seeded workload drives them with Debian's `knotc`, `dig` and
`nsupdate`: zone edits reloaded and transferred, broken zone files, freezes and thaws, flushes, signing
and key rollovers, refreshes and retransfers, updates allowed and refused, transfers asked for by
strangers, configuration reloads, restarts of either server.

Run as root from anywhere: python3 bench/data/knot/generate.py   (needs apt-get install knot dnsutils;
both servers run as root from a private folder; the raw log is kept in the temporary folder as
oats-knot-raw.log until it is labelled, and `generate.py --raw FILE` labels such a log again without
running anything).

Ground truth: labelled by hand, a regex per logging call of Knot DNS 3.2.6 (`log_*`, `log_zone_*`
and the transfer/refresh/DDNS/NOTIFY macros that print `[zone] `, an operation and a remote before
the message, in `src/knot/` of Debian's source package), written from the messages of the run and
checked in the source; the zone's name, the remote's address and port, serials, key tags and counts are
values; an error's text (`knot_strerror`) a value; constants passed into a shared format (the
operation, `incoming`/`outgoing`, `started`/`finished`...) an event each.
"""
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
PRIMARY, SECONDARY, DEAD = 18530, 18531, 18599
rnd = random.Random(1014)
TSIG = "hmac-sha256:oats-update:" + "b2F0cy11cGRhdGUta2V5LW1hZGUtZm9yLXRoZS1ydW4="
ZONES = ["example.test", "shop.test", "signed.test", "broken.test"]


def config(work, role, variant=0):
    me, port = ("p", PRIMARY) if role == "primary" else ("s", SECONDARY)
    key = TSIG.split(":")
    text = f"""server:
    rundir: "{work}/{me}"
    listen: 127.0.0.1@{port}
    identity: knot-{role}
log:
  - target: {work}/knot.log
    any: info
database:
    storage: "{work}/{me}"
key:
  - id: {key[1]}
    algorithm: {key[0]}
    secret: {key[2]}
remote:
  - id: primary
    address: 127.0.0.1@{PRIMARY}
  - id: secondary
    address: 127.0.0.1@{SECONDARY}
  - id: nowhere
    address: 127.0.0.1@{DEAD}
acl:
  - id: to-secondary
    address: 127.0.0.0/24
    action: [transfer, notify]
  - id: updaters
    address: 127.0.0.1
    key: {key[1]}
    action: update
policy:
  - id: fast
    algorithm: ecdsap256sha256
    zsk-lifetime: {600 + 60 * variant}
    ksk-lifetime: 0
    propagation-delay: 2
    dnskey-ttl: 60
    zone-max-ttl: 300
template:
  - id: default
    storage: "{work}/{me}"
    file: "%s.zone"
    semantic-checks: on
    zonefile-sync: -1
    journal-content: changes
zone:
"""
    if role == "primary":
        for z in ZONES:
            text += f"  - domain: {z}\n    notify: secondary\n    acl: [to-secondary, updaters]\n"
            if z == "signed.test":
                text += "    dnssec-signing: on\n    dnssec-policy: fast\n"
    else:
        for z in ZONES[:3]:
            text += f"  - domain: {z}\n    master: primary\n    acl: to-secondary\n"
        text += "  - domain: lost.test\n    master: nowhere\n    acl: to-secondary\n"
    return text


def zone_text(zone, serial, extra=0, broken=False):
    text = f"""$ORIGIN {zone}.
$TTL 300
@ SOA ns1.{zone}. hostmaster.{zone}. {serial} 60 30 3600 60
@ NS ns1.{zone}.
ns1 A 127.0.0.1
www A 127.0.1.{serial % 200 + 1}
mail A 127.0.1.2
@ MX 10 mail
"""
    for n in range(extra):
        text += f"host{n} A 127.0.1.{n % 250 + 1}\n"
    if broken:
        text += rnd.choice(["bad line here\n", "www CNAME elsewhere.\n", "x A 300.1.1.1\n", "@ NS\n"])
    return text


SERIALS = {z: 2026120800 for z in ZONES}


def write_zone(work, zone, broken=False):
    SERIALS[zone] += rnd.choice([1, 1, 1, 0])  # a serial not raised now and then
    with open(f"{work}/p/{zone}.zone", "w") as f:
        f.write(zone_text(zone, SERIALS[zone], rnd.randint(0, 12), broken))


def start(work, role):
    me = "p" if role == "primary" else "s"
    proc = subprocess.Popen(["/usr/sbin/knotd", "-c", f"{work}/{me}.conf"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PRIMARY if role == "primary" else SECONDARY)
    return proc


def knotc(work, role, *args):
    me = "p" if role == "primary" else "s"
    subprocess.run(["knotc", "-c", f"{work}/{me}.conf", "-s", f"{work}/{me}/knot.sock", "-t", "5", *args],
                   capture_output=True, timeout=30)


def dig(*args, source=None):
    extra = ["-b", source] if source else []
    subprocess.run(["dig", "+tries=1", "+time=2", *extra, *args], capture_output=True, timeout=30)


def nsupdate(zone, key=True, source=None):
    name = f"dyn{rnd.randint(1, 30)}.{zone}."
    cmds = f"server 127.0.0.1 {PRIMARY}\nzone {zone}.\n"
    if rnd.random() < 0.3:
        cmds += f"update delete {name} A\n"
    else:
        cmds += f"update add {name} 60 A 127.0.3.{rnd.randint(1, 250)}\n"
    if rnd.random() < 0.1:
        cmds += f"prereq nxdomain www.{zone}.\n"
    cmds += "send\n"
    args = ["nsupdate", "-t", "3"]
    if key:
        args += ["-y", TSIG if rnd.random() < 0.85 else "hmac-sha256:oats-update:d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZyE="]
    if source:
        cmds = f"local {source}\n" + cmds
    subprocess.run(args, input=cmds.encode(), capture_output=True, timeout=30)


def step(work):
    what = rnd.choices(["edit", "broken", "update", "xfr", "ctl", "sctl", "query"], [20, 4, 22, 10, 16, 10, 18])[0]
    zone = rnd.choice(ZONES[:3])
    if what == "edit":
        write_zone(work, zone)
        knotc(work, "primary", "zone-reload", zone)
    elif what == "broken":
        write_zone(work, rnd.choice(ZONES), broken=True)
        knotc(work, "primary", "zone-reload", zone)
    elif what == "update":
        nsupdate(rnd.choice(ZONES), key=rnd.random() < 0.85, source=rnd.choice([None, None, "127.0.1.9"]))
    elif what == "xfr":
        kind = rnd.choice(["AXFR", "IXFR=2026120800"])
        dig(f"@127.0.0.1", "-p", str(rnd.choice([PRIMARY, SECONDARY])), zone, kind.lower() if kind == "AXFR" else "ixfr=2026120800",
            source=rnd.choice(["127.0.0.1", "127.0.2.7", "127.0.2.9"]) if False else None)
    elif what == "ctl":
        cmd = rnd.choice([["zone-flush", zone], ["zone-freeze", zone], ["zone-thaw", zone], ["zone-sign", "signed.test"],
                          ["zone-key-rollover", "signed.test", "zsk"], ["zone-notify", zone], ["zone-backup", zone, "+backupdir", f"{work}/bk{rnd.randint(1, 99)}"],
                          ["reload"], ["zone-reload"], ["zone-status", zone], ["zone-purge", "+journal", zone]])
        knotc(work, "primary", *cmd)
    elif what == "sctl":
        cmd = rnd.choice([["zone-refresh", zone], ["zone-retransfer", zone], ["zone-refresh", "lost.test"], ["reload"],
                          ["zone-notify", zone]])
        knotc(work, "secondary", *cmd)
    else:
        for _ in range(rnd.randint(1, 5)):
            dig("@127.0.0.1", "-p", str(rnd.choice([PRIMARY, SECONDARY])), rnd.choice(["www.", "mail.", "nope."]) + zone,
                rnd.choice(["A", "MX", "AAAA", "DNSKEY"]), "+dnssec" if rnd.random() < 0.3 else "+nodnssec")
        dig("@127.0.0.1", "-p", str(PRIMARY), zone, "axfr", source=f"127.0.2.{rnd.randint(2, 40)}")


def workload(work):
    for me in ("p", "s"):
        os.mkdir(f"{work}/{me}")
    for role, me in (("primary", "p"), ("secondary", "s")):
        with open(f"{work}/{me}.conf", "w") as f:
            f.write(config(work, role))
    for z in ZONES:
        write_zone(work, z)
    log = f"{work}/knot.log"
    procs = {"primary": start(work, "primary"), "secondary": start(work, "secondary")}
    time.sleep(2)
    for n in daemon.rounds(log, 2500, rnd, (3, 8), lambda: step(work)):
        if n % 9 == 0:
            with open(f"{work}/p.conf", "w") as f:
                f.write(config(work, "primary", rnd.randint(0, 2)))
            procs["primary"].send_signal(signal.SIGHUP)
            time.sleep(1)
        if n % 13 == 0:
            role = rnd.choice(["primary", "secondary"])
            daemon.stop(procs[role], rnd.choice([signal.SIGTERM, signal.SIGINT]))
            time.sleep(rnd.choice([0.5, 3]))
            procs[role] = start(work, role)
    for p in procs.values():
        daemon.stop(p)
    return log


Z, ZT = r"\[\S+\] ", "[<*>] "
A = r"\S+@\d+"
T = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"
# (id, template after "[zone] ", regex after it): the zone's messages (log_zone_*; the transfer, refresh,
# NOTIFY and DDNS messages through their macros: "%s, %s, remote %s, " then the message).
ZONE = [
    ("Z1", "AXFR, outgoing, remote <*>, started, serial <*>", rf"AXFR, outgoing, remote {A}, started, serial \d+"),
    ("Z2", "AXFR, outgoing, remote <*>, finished, <*> seconds, <*> messages, <*> bytes",
     rf"AXFR, outgoing, remote {A}, finished, [\d.]+ seconds, \d+ messages, \d+ bytes"),
    ("Z3", "IXFR, outgoing, remote <*>, started, serial <*> -> <*>", rf"IXFR, outgoing, remote {A}, started, serial \d+ -> \d+"),
    ("Z4", "IXFR, outgoing, remote <*>, finished, <*> seconds, <*> messages, <*> bytes",
     rf"IXFR, outgoing, remote {A}, finished, [\d.]+ seconds, \d+ messages, \d+ bytes"),
    ("Z5", "IXFR, outgoing, remote <*>, incomplete history, serial <*>, fallback to AXFR",
     rf"IXFR, outgoing, remote {A}, incomplete history, serial \d+, fallback to AXFR"),
    ("Z6", "AXFR, incoming, remote <*>, started", rf"AXFR, incoming, remote {A}, started"),
    ("Z7", "AXFR, incoming, remote <*>, finished, <*> seconds, <*> messages, <*> bytes",
     rf"AXFR, incoming, remote {A}, finished, [\d.]+ seconds, \d+ messages, \d+ bytes"),
    ("Z8", "IXFR, incoming, remote <*>, started", rf"IXFR, incoming, remote {A}, started"),
    ("Z9", "IXFR, incoming, remote <*>, finished, <*> seconds, <*> messages, <*> bytes",
     rf"IXFR, incoming, remote {A}, finished, [\d.]+ seconds, \d+ messages, \d+ bytes"),
    ("Z10", "IXFR, incoming, remote <*>, receiving AXFR-style IXFR", rf"IXFR, incoming, remote {A}, receiving AXFR-style IXFR"),
    ("Z11", "IXFR, incoming, remote <*>, serial <*> -> <*>, failed to apply changes to zone (<*>)",
     rf"IXFR, incoming, remote {A}, serial \d+ -> \d+, failed to apply changes to zone \(.*\)"),
    ("Z12", "AXFR, incoming, remote <*>, server responded with error '<*>'", rf"AXFR, incoming, remote {A}, server responded with error '\w+'"),
    ("Z13", "IXFR, incoming, remote <*>, server responded with error '<*>'", rf"IXFR, incoming, remote {A}, server responded with error '\w+'"),
    ("Z14", "notify, outgoing, remote <*>, serial <*>", rf"notify, outgoing, remote {A}, serial \d+"),
    ("Z15", "notify, incoming, remote <*>, serial <*>", rf"notify, incoming, remote {A}, serial \d+"),
    ("Z16", "notify, outgoing, remote <*>, failed (<*>)", rf"notify, outgoing, remote {A}, failed \(.*\)"),
    ("Z17", "notify, outgoing, remote <*>, server responded with error '<*>'", rf"notify, outgoing, remote {A}, server responded with error '\w+'"),
    ("Z18", "refresh, remote <*>, zone updated, <*> seconds, serial <*> -> <*>, expires in <*> seconds",
     rf"refresh, remote {A}, zone updated, [\d.]+ seconds, serial (?:none|\d+) -> \d+, expires in \d+ seconds"),
    ("Z19", "refresh, remote <*>, remote serial <*>, zone is outdated", rf"refresh, remote {A}, remote serial \d+, zone is outdated"),
    ("Z20", "refresh, remote <*>, remote serial <*>, zone is up-to-date, expires in <*> seconds",
     rf"refresh, remote {A}, remote serial \d+, zone is up-to-date, expires in \d+ seconds"),
    ("Z21", "refresh, remote <*>, address <*>, failed (<*>)", rf"refresh, remote \S+, address {A}, failed \(.*\)"),
    ("Z22", "refresh, remote <*> not usable", r"refresh, remote \S+ not usable"),
    ("Z23", "refresh, failed (<*>), next retry at <*>", rf"refresh, failed \(.*\), next retry at {T}"),
    ("Z24", "refresh, incoming, remote <*>, fallback to AXFR (<*>)", rf"refresh, incoming, remote {A}, fallback to AXFR \(.*\)"),
    ("Z25", "DDNS, processing <*> updates", r"DDNS, processing \d+ updates"),
    ("Z26", "DDNS, finished, serial <*> -> <*>, <*> seconds", r"DDNS, finished, serial \d+ -> \d+, [\d.]+ seconds"),
    ("Z27", "DDNS, finished, no changes to the zone were made", r"DDNS, finished, no changes to the zone were made"),
    ("Z28", "DDNS, incoming, remote <*>, prerequisites not met (<*>)", rf"DDNS, incoming, remote {A}, prerequisites not met \(.*\)"),
    ("Z29", "DDNS, incoming, remote <*>, <*>", rf"DDNS, incoming, remote {A}, (?!prerequisites not met).*"),
    ("Z30", "zone file parsed, serial <*>", r"zone file parsed, serial \d+"),
    ("Z31", "loaded, serial <*> -> <*>, <*> bytes", r"loaded, serial (?:none|\d+) -> \d+, \d+ bytes"),
    ("Z32", "loaded, serial <*> -> <*> -> <*>, <*> bytes", r"loaded, serial (?:none|\d+) -> \d+ -> \d+, \d+ bytes"),
    ("Z33", "zone will be loaded", r"zone will be loaded"),
    ("Z34", "zone will be bootstrapped", r"zone will be bootstrapped"),
    ("Z35", "failed to parse zone file '<*>' (<*>)", r"failed to parse zone file '[^']*' \(.*\)"),
    ("Z36", "zone loader, failed to load zone, file '<*>', <*> errors", r"zone loader, failed to load zone, file '[^']*', \d+ errors"),
    ("Z37", "zone loader, failed to load zone, file '<*>' (<*>)", r"zone loader, failed to load zone, file '[^']*' \(.*\)"),
    ("Z38", "zone loader, error in zone, file '<*>', line <*> (<*>)", r"zone loader, error in zone, file '[^']*', line \d+ \(.*\)"),
    ("Z39", "check, node <*>, <*>", r"check, node \S+, .*"),
    ("Z40", "zone event '<*>' failed (<*>)", r"zone event '[\w-]+' failed \(.*\)"),
    ("Z41", "failed to load journal (<*>)", r"failed to load journal \(.*\)"),
    ("Z42", "failed to apply journal changes, serial <*> -> <*> (<*>)", r"failed to apply journal changes, serial \d+ -> \d+ \(.*\)"),
    ("Z43", "changes from journal applied, serial <*> -> <*>", r"changes from journal applied, serial \d+ -> \d+"),
    ("Z44", "control, received command '<*>'", r"control, received command '[\w-]+'"),
    ("Z45", "zone updates frozen", r"zone updates frozen"),
    ("Z46", "zone updates unfrozen", r"zone updates unfrozen"),
    ("Z47", "zone backed up to '<*>'", r"zone backed up to '[^']*'"),
    ("Z48", "zone not found", r"zone not found"),
    ("Z49", "zonefile synchronization disabled, use force command to override it",
     r"zonefile synchronization disabled, use force command to override it"),
    ("Z50", "with automatic DNSSEC signing and outgoing transfers enabled, 'zonefile-load: difference' should be set to avoid malformed IXFR after manual zone file update",
     r"with automatic DNSSEC signing and outgoing transfers enabled, 'zonefile-load: difference' should be set to avoid malformed IXFR after manual zone file update"),
    ("Z51", "DNSSEC, KSK submission, waiting for confirmation", r"DNSSEC, KSK submission, waiting for confirmation"),
    ("Z52", "DNSSEC, signing started", r"DNSSEC, signing started"),
    ("Z53", "DNSSEC, next signing at <*>", rf"DNSSEC, next signing at {T}"),
    ("Z54", "DNSSEC, key, tag <*>, algorithm <*>, <*>", r"DNSSEC, key, tag +\d+, algorithm \w+, .*"),
    ("Z55", "DNSSEC, zone is up-to-date", r"DNSSEC, zone is up-to-date"),
    ("Z56", "DNSSEC, successfully signed", r"DNSSEC, successfully signed"),
    ("Z57", "DNSSEC, signing zone", r"DNSSEC, signing zone"),
    ("Z58", "DNSSEC, incrementally signed", r"DNSSEC, incrementally signed"),
    ("Z59", "DNSSEC, dropping previous signatures, re-signing zone", r"DNSSEC, dropping previous signatures, re-signing zone"),
    ("Z60", "DNSSEC, ignoring forced ZSK rollover due to running rollover", r"DNSSEC, ignoring forced ZSK rollover due to running rollover"),
    ("Z61", "DNSSEC, ZSK rollover started", r"DNSSEC, ZSK rollover started"),
    ("Z62", "DNSSEC, KSK rollover started", r"DNSSEC, KSK rollover started"),
]

EVENTS = [(eid, ZT + t, Z + rx) for eid, t, rx in ZONE] + [
    ("S1", "Knot DNS <*> starting", r"Knot DNS [\d.]+ starting"),
    ("S2", "loaded configuration file '<*>', mapsize <*> MiB", r"loaded configuration file '[^']*', mapsize \d+ MiB"),
    ("S3", "using UDP reuseport, incoming TCP Fast Open", r"using UDP reuseport, incoming TCP Fast Open"),
    ("S4", "binding to interface <*>", rf"binding to interface {A}"),
    ("S5", "loading <*> zones", r"loading \d+ zones"),
    ("S6", "starting server", r"starting server"),
    ("S7", "server started in the foreground, PID <*>", r"server started in the foreground, PID \d+"),
    ("S8", "control, binding to '<*>'", r"control, binding to '[^']*'"),
    ("S9", "control, received command '<*>'", r"control, received command '[\w-]+'"),
    ("S10", "reloading configuration file '<*>'", r"reloading configuration file '[^']*'"),
    ("S11", "configuration reloaded", r"configuration reloaded"),
    ("S12", "stopping server", r"stopping server"),
    ("S13", "updating persistent timer DB", r"updating persistent timer DB"),
    ("S14", "shutting down", r"shutting down"),
]

HEADER = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?[+-]\d{4} (?:debug|info|notice|warning|error|critical): (.*)")

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
