"""Makes bench/data/openvpn: what a real OpenVPN 2.6 server (Debian's `openvpn`) prints in the foreground
at `verb 3` (`2026-12-07 17:47:26 alice/127.0.0.1:54225 MULTI: Learn: 10.77.0.2 -> alice/127.0.0.1:54225`:
the time, then, for a client's lines, the client's prefix, its address before it has authenticated,
`<common name>/<address>` after, then the message), in server mode over UDP on 127.0.0.1 with a tun
device, TLS with certificates from a private CA made by the script, `tls-crypt`, a username and password
checked by a script, a CRL, keepalive, renegotiation every 30 seconds, at most five clients and a
management port.

A seeded workload runs real OpenVPN clients against it (each with a tun device it does not configure):
users that connect and stay a while, leave with or without telling the server (`explicit-exit-notify`),
or stop answering (paused until the server's ping-restart times them out); wrong passwords and unknown
users; a revoked certificate, a certificate from another CA, a client with the wrong `tls-crypt` key;
two clients with one name, more clients than `max-clients`; clients that allow only TLS 1.2 or another
data cipher; UDP garbage on the port; management commands (`status`, `kill`, `load-stats`, bad
commands); SIGUSR2 status dumps, SIGUSR1 and SIGHUP restarts, and restarts by SIGTERM.

Run as root from anywhere: python3 bench/data/openvpn/generate.py   (needs apt-get install openvpn
openssl, and /dev/net/tun; the keys and certificates are made for the run in a private folder and
thrown away; the raw log is kept in the temporary folder as oats-openvpn-raw.log until it is labelled,
and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per `msg()` call of OpenVPN 2.6.14 (`src/openvpn/*.c`), written
from the messages of the run and checked in the source; the time is the header; the client's prefix
(`<address> ` or `<common name>/<address> `, set by `set_prefix()` for every line of a client instance)
is a variable of the event, as NATS's connection prefix; values computed at run time (an OpenSSL error's
text, a signal's reason, an option string pushed to a client) are variables. OpenVPN's signal lines
(sig.c: `%s[%s,%s] received, %s exiting` and `... %s restarting`) print the signal's name and the
reason as run-time values, and the caller's title, `process` or `client-instance`, a constant: an
event per format string and title. A constant chosen by the call (`promoted to %strusted` with `` or
`semi-`, `authentication %s` with `succeeded` or `deferred`, check_status's `read`/`write`) makes an
event of its own; a part one call prints or not (the temporary key at the end of `Control Channel:`,
the `[name] ` before `Inactivity timeout`) is a variable of the one event. Each line of the status
that SIGUSR2 prints (`multi_print_status`) is an event per `status_printf` format.
"""
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import daemon  # noqa: E402
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PORT, MGMT = 11194, 11195
rnd = random.Random(26)
USERS = ["alice", "bob", "carol", "dave"]

PKI = r"""set -e
key() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout $1.key -out $1.csr -subj "/CN=$1" 2>/dev/null; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=OATS VPN CA" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout rogue.key -out rogue.crt -days 3650 -subj "/CN=Rogue CA" 2>/dev/null
printf "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n" > server.ext
printf "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n" > client.ext
key server; openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 825 -extfile server.ext 2>/dev/null
for c in alice bob carol dave eve; do
  key $c; openssl x509 -req -in $c.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $c.crt -days 825 -extfile client.ext 2>/dev/null
done
key mallory; openssl x509 -req -in mallory.csr -CA rogue.crt -CAkey rogue.key -CAcreateserial -out mallory.crt -days 825 -extfile client.ext 2>/dev/null
mkdir -p db; : > db/index.txt; echo 1000 > db/crlnumber
printf "[ca]\ndefault_ca = oats\n[oats]\ndatabase = db/index.txt\ncrlnumber = db/crlnumber\ndefault_md = sha256\ndefault_crl_days = 3650\n" > ca.cnf
openssl ca -config ca.cnf -keyfile ca.key -cert ca.crt -revoke eve.crt 2>/dev/null
openssl ca -config ca.cnf -keyfile ca.key -cert ca.crt -gencrl -out crl.pem 2>/dev/null
openvpn --genkey secret tc.key
openvpn --genkey secret tc-wrong.key
printf '#!/bin/sh\nu=$(sed -n 1p "$1"); p=$(sed -n 2p "$1")\ncase "$u" in alice|bob|carol|dave) ;; *) exit 1;; esac\n[ "$p" = "pw-$u" ] && exit 0\nexit 1\n' > auth.sh
chmod +x auth.sh
"""

SERVER = """mode server
tls-server
dev tun
topology subnet
server 10.77.0.0 255.255.255.0
proto udp
local 127.0.0.1
port {port}
ca ca.crt
cert server.crt
key server.key
dh none
crl-verify crl.pem
tls-crypt tc.key
keepalive 2 8
reneg-sec 30
max-clients 5
verb 3
management 127.0.0.1 {mgmt}
script-security 2
auth-user-pass-verify {work}/auth.sh via-file
username-as-common-name
"""

CLIENT = """client
dev tun
ifconfig-noexec
route-noexec
proto udp
remote 127.0.0.1 {port}
nobind
ca ca.crt
verb 1
"""


def start(work, log):
    out = open(log, "a")
    proc = subprocess.Popen(["openvpn", "--config", "server.conf"], cwd=work, stdout=out, stderr=out,
                            stdin=subprocess.DEVNULL)
    out.close()
    time.sleep(1.5)
    return proc


def client(work, user, password=None, cert=None, seconds=5.0, tc="tc.key", extra=(), pause=False, tell=True):
    """Runs one OpenVPN client for about `seconds`; pause: stops it (SIGSTOP) for the server to time it out."""
    creds = f"{work}/up-{user}-{threading.get_ident()}.txt"
    with open(creds, "w") as f:
        f.write(f"{user}\n{password or 'pw-' + user}\n")
    cert = cert or user
    args = ["openvpn", "--config", "client.conf", "--cert", f"{cert}.crt", "--key", f"{cert}.key", "--tls-crypt", tc,
            "--auth-user-pass", creds, *extra]
    if tell:
        args += ["--explicit-exit-notify", "1"]
    proc = subprocess.Popen(args, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    time.sleep(seconds)
    if pause and proc.poll() is None:
        proc.send_signal(signal.SIGSTOP)
        time.sleep(20)
        proc.send_signal(signal.SIGCONT)
        time.sleep(0.5)
    daemon.stop(proc, signal.SIGTERM, timeout=10)
    os.unlink(creds)


def background(*args, **kwargs):
    t = threading.Thread(target=client, args=args, kwargs=kwargs, daemon=True)
    t.start()
    return t


def management(commands):
    try:
        s = socket.create_connection(("127.0.0.1", MGMT), timeout=5)
        s.recv(4096)
        for c in commands:
            s.sendall(c.encode() + b"\r\n")
            time.sleep(0.3)
            s.recv(65536)
        s.sendall(b"quit\r\n")
        s.close()
    except OSError:
        pass


def step(work, threads):
    k = rnd.random()
    user = rnd.choice(USERS)
    if k < 0.34:
        extra = rnd.choice([(), (), (), ("--tls-version-max", "1.2"), ("--data-ciphers", "CHACHA20-POLY1305"),
                            ("--data-ciphers", "AES-128-GCM")])
        threads.append(background(work, user, seconds=rnd.uniform(2, 18), extra=extra, tell=rnd.random() < 0.6))
    elif k < 0.40:
        threads.append(background(work, user, seconds=rnd.uniform(3, 6), pause=True))
    elif k < 0.48:
        client(work, user, password=rnd.choice(["wrong", "pw-" + rnd.choice(USERS), ""]) or "x", seconds=3)
    elif k < 0.52:
        client(work, rnd.choice(["zed", "root", "admin"]), cert=user, seconds=3)
    elif k < 0.57:
        client(work, "eve", seconds=3)
    elif k < 0.61:
        client(work, "mallory", seconds=3)
    elif k < 0.65:
        client(work, user, tc="tc-wrong.key", seconds=2)
    elif k < 0.70:
        threads.append(background(work, user, seconds=rnd.uniform(3, 10)))
        time.sleep(1.5)
        threads.append(background(work, user, seconds=rnd.uniform(3, 10)))
    elif k < 0.73:
        for u in rnd.sample(USERS * 2, 7):
            threads.append(background(work, u, seconds=rnd.uniform(4, 8)))
            time.sleep(0.3)
    elif k < 0.78:
        for _ in range(rnd.randrange(1, 4)):
            data = rnd.choice([b"GET / HTTP/1.0\r\n\r\n", b"\x38" + os.urandom(rnd.randrange(14, 80)), b"\x00\x0e\x38",
                               os.urandom(rnd.randrange(1, 120))])
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(data, ("127.0.0.1", PORT))
            time.sleep(0.1)
    elif k < 0.86:
        management(rnd.sample(["status", "status 2", "load-stats", f"kill {rnd.choice(USERS)}", "kill nobody",
                               "state", "version", "verb", "hold", "bogus-command", "log 3", "bytecount 0"],
                              rnd.randrange(1, 4)))
    else:
        return False
    time.sleep(rnd.uniform(0.2, 1.5))
    return True


def workload(work):
    subprocess.run(["sh", "-c", PKI], cwd=work, check=True)
    with open(f"{work}/server.conf", "w") as f:
        f.write(SERVER.format(port=PORT, mgmt=MGMT, work=work))
    with open(f"{work}/client.conf", "w") as f:
        f.write(CLIENT.format(port=PORT))
    log = f"{work}/openvpn.log"
    proc = start(work, log)
    threads = []
    try:
        while daemon.lines_in(log) < 2300:
            threads = [t for t in threads if t.is_alive()]
            if step(work, threads):
                continue
            k = rnd.random()
            if k < 0.35:
                proc.send_signal(signal.SIGUSR2)
            elif k < 0.60:
                proc.send_signal(signal.SIGUSR1)
            elif k < 0.80:
                proc.send_signal(signal.SIGHUP)
            else:
                daemon.stop(proc)
                time.sleep(rnd.uniform(0.5, 2))
                proc = start(work, log)
            time.sleep(1)
    finally:
        daemon.stop(proc)
        for t in threads:
            t.join(timeout=60)
    return log


# (id, template, regex over the message after the time). A client instance's lines start with its prefix,
# `<address> ` or `<common name>/<address> ` (set_prefix(), multi.c), a variable of the event that may be
# absent (OpenVPN clears it between instances); the template writes it as a leading <*>.
P = r"(?:(?:[^\s/]+/)?[\d.]+:\d+ )?"
A = r"\[AF_INET6?\][\d.:a-f]+"   # an address as print_sockaddr prints it
EVENTS = [(eid, template, P + rx) for eid, template, rx in [
    # start-up and shut-down (openvpn.c, init.c, options.c, tun.c, networking_sitnl.c, socket.c, manage.c, ssl_verify_openssl.c)
    ("O1", "<*> Note: --cipher is not set. OpenVPN versions before 2.5 defaulted to BF-CBC as fallback when cipher negotiation "
           "failed in this case. If you need this fallback please add '--data-ciphers-fallback BF-CBC' to your configuration "
           "and/or add BF-CBC to --data-ciphers.",
     r"Note: --cipher is not set\. OpenVPN versions before 2\.5 defaulted to BF-CBC as fallback when cipher negotiation failed "
     r"in this case\. If you need this fallback please add '--data-ciphers-fallback BF-CBC' to your configuration and/or add "
     r"BF-CBC to --data-ciphers\."),
    ("O2", "<*> Note: Kernel support for ovpn-dco missing, disabling data channel offload.",
     r"Note: Kernel support for ovpn-dco missing, disabling data channel offload\."),
    ("O3", "<*> WARNING: Using --management on a TCP port WITHOUT passwords is STRONGLY discouraged and considered insecure",
     r"WARNING: Using --management on a TCP port WITHOUT passwords is STRONGLY discouraged and considered insecure"),
    ("O4", "<*> OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]",
     r"OpenVPN \S+ \S+ \[SSL \(OpenSSL\)\] \[LZO\] \[LZ4\] \[EPOLL\] \[PKCS11\] \[MH/PKTINFO\] \[AEAD\] \[DCO\]"),
    ("O5", "<*> library versions: <*>, LZO <*>", r"library versions: .*, LZO \S+"),
    ("O6", "<*> DCO version: <*>", r"DCO version: \S+"),
    ("O7", "<*> MANAGEMENT: TCP Socket listening on <*>", rf"MANAGEMENT: TCP Socket listening on {A}"),
    ("O8", "<*> net_route_v4_best_gw query: dst <*>", r"net_route_v4_best_gw query: dst [\d.]+"),
    ("O9", "<*> net_route_v4_best_gw result: via <*> dev <*>", r"net_route_v4_best_gw result: via [\d.]+ dev \S+"),
    ("O10", "<*> NOTE: the current --script-security setting may allow this configuration to call user-defined scripts",
     r"NOTE: the current --script-security setting may allow this configuration to call user-defined scripts"),
    ("O11", "<*> CRL: loaded <*> CRLs from file <*>", r"CRL: loaded \d+ CRLs from file \S+"),
    ("O12", "<*> TUN/TAP device <*> opened", r"TUN/TAP device \S+ opened"),
    ("O13", "<*> net_iface_mtu_set: mtu <*> for <*>", r"net_iface_mtu_set: mtu \d+ for \S+"),
    ("O14", "<*> net_iface_up: set <*> up", r"net_iface_up: set \S+ up"),
    ("O15", "<*> net_addr_v4_add: <*>/<*> dev <*>", r"net_addr_v4_add: [\d.]+/\d+ dev \S+"),
    ("O16", "<*> Could not determine IPv4/IPv6 protocol. Using AF_INET", r"Could not determine IPv4/IPv6 protocol\. Using AF_INET"),
    ("O17", "<*> Socket Buffers: R=[<*>-><*>] S=[<*>-><*>]", r"Socket Buffers: R=\[\d+->\d+\] S=\[\d+->\d+\]"),
    ("O18", "<*> <*> link local (bound): <*>", rf"\w+ link local \(bound\): {A}"),
    ("O19", "<*> <*> link remote: <*>", r"\w+ link remote: \[AF_UNSPEC\]|\w+ link remote: " + A),
    ("O20", "<*> MULTI: multi_init called, r=<*> v=<*>", r"MULTI: multi_init called, r=\d+ v=\d+"),
    ("O21", "<*> IFCONFIG POOL IPv4: base=<*> size=<*>", r"IFCONFIG POOL IPv4: base=[\d.]+ size=\d+"),
    ("O22", "<*> Initialization Sequence Completed", r"Initialization Sequence Completed"),
    ("O23", "<*> Closing TUN/TAP interface", r"Closing TUN/TAP interface"),
    ("O24", "<*> net_addr_v4_del: <*> dev <*>", r"net_addr_v4_del: [\d.]+ dev \S+"),
    ("O25", "<*> Restart pause, <*> second(s)", r"Restart pause, \d+ second\(s\)"),
    ("O26", "<*> event_wait : <*> (fd=<*>,code=<*>)", r"event_wait : .* \(fd=-?\d+,code=\d+\)"),
    ("O27", "<*> read <*> [<*>]: <*> (fd=<*>,code=<*>)", r"read \w+ \[\w*\]: .* \(fd=-?\d+,code=\d+\)"),
    ("O32", "<*> write <*> [<*>]: <*> (fd=<*>,code=<*>)", r"write \w+ \[\w*\]: .* \(fd=-?\d+,code=\d+\)"),
    # sig.c: print_signal's two format strings, with its callers' titles ("process", multi.c's "client-instance")
    ("O28", "<*> <*>[<*>,<*>] received, process exiting", r"\w+\[[^,\]]*,[^\]]*\] received, process exiting"),
    ("O29", "<*> <*>[<*>,<*>] received, process restarting", r"\w+\[[^,\]]*,[^\]]*\] received, process restarting"),
    ("O30", "<*> <*>[<*>,<*>] received, client-instance exiting", r"\w+\[[^,\]]*,[^\]]*\] received, client-instance exiting"),
    ("O31", "<*> <*>[<*>,<*>] received, client-instance restarting", r"\w+\[[^,\]]*,[^\]]*\] received, client-instance restarting"),
    # a client's TLS session and authentication (ssl.c, ssl_verify.c, ssl_openssl.c, crypto_openssl.c, tls_crypt.c)
    ("T1", "<*> VERIFY OK: depth=<*>, <*>", r"VERIFY OK: depth=\d+, .*"),
    ("T2", "<*> VERIFY ERROR: depth=<*>, error=<*>: <*>, serial=<*>", r"VERIFY ERROR: depth=\d+, error=.*: .*, serial=\d+"),
    ("T3", "<*> peer info: <*>=<*>", r"peer info: \w+=.*"),
    ("T4", "<*> TLS: Username/Password authentication succeeded for username '<*>' [CN SET]",
     r"TLS: Username/Password authentication succeeded for username '.*' \[CN SET\]"),
    ("T5", "<*> TLS Auth Error: Auth Username/Password verification failed for peer",
     r"TLS Auth Error: Auth Username/Password verification failed for peer"),
    ("T6", "<*> TLS: move_session: dest=<*> src=<*> reinit_src=<*>", r"TLS: move_session: dest=\w+ src=\w+ reinit_src=\d+"),
    ("T7", "<*> TLS: tls_multi_process: initial untrusted session promoted to trusted",
     r"TLS: tls_multi_process: initial untrusted session promoted to trusted"),
    ("T8", "<*> TLS: tls_multi_process: initial untrusted session promoted to semi-trusted",
     r"TLS: tls_multi_process: initial untrusted session promoted to semi-trusted"),
    # ssl_openssl.c print_details: one msg "%s%s%s"; the third part (the temporary key) is printed only when there is one
    ("T9", "<*> Control Channel: <*>, cipher <*> <*>, peer certificate: <*> bits <*>, signature: <*><*>",
     r"Control Channel: \S+, cipher \S+ \S+, peer certificate: \d+ bits? \S+, signature: \S+(?:, peer temporary key: \d+ bits? \S+)?"),
    ("T11", "<*> [<*>] Peer Connection Initiated with <*>", rf"\[.*\] Peer Connection Initiated with {A}"),
    ("T12", "<*> Sent fatal SSL alert: <*>", r"Sent fatal SSL alert: .*"),
    ("T13", "<*> OpenSSL: <*>", r"OpenSSL: .*"),
    ("T14", "<*> TLS_ERROR: BIO read tls_read_plaintext error", r"TLS_ERROR: BIO read tls_read_plaintext error"),
    ("T15", "<*> TLS Error: TLS object -> incoming plaintext read error", r"TLS Error: TLS object -> incoming plaintext read error"),
    ("T16", "<*> TLS Error: TLS handshake failed", r"TLS Error: TLS handshake failed"),
    ("T17", "<*> TLS Error: tls-crypt unwrapping failed from <*>", rf"TLS Error: tls-crypt unwrapping failed from {A}"),
    ("T18", "<*> tls-crypt unwrap error: packet authentication failed", r"tls-crypt unwrap error: packet authentication failed"),
    ("T19", "<*> tls-crypt unwrap error: packet too short", r"tls-crypt unwrap error: packet too short"),
    ("T20", "<*> AEAD Decrypt error: cipher final failed", r"AEAD Decrypt error: cipher final failed"),
    ("T21", "<*> Delayed exit in <*> seconds", r"Delayed exit in \d+ seconds"),
    ("T22", "<*> TLS: soft reset sec=<*>/<*> bytes=<*>/<*> pkts=<*>/<*>", r"TLS: soft reset sec=\d+/\d+ bytes=\d+/-?\d+ pkts=\d+/-?\d+"),
    ("T23", "<*> TLS: Initial packet from <*>, sid=<*> <*>", rf"TLS: Initial packet from {A}, sid=\S+ \S+"),
    ("T24", "<*> TLS Error: Unroutable control packet received from <*> (si=<*> op=<*>)",
     rf"TLS Error: Unroutable control packet received from {A} \(si=\d+ op=\S+\)"),
    ("T25", "<*> TLS Error: local/remote TLS keys are out of sync: <*> (received key id: <*>, known key ids: <*>)",
     r"TLS Error: local/remote TLS keys are out of sync: .*"),
    ("T26", "<*> TLS Error: Auth Username/Password was not provided by peer", r"TLS Error: Auth Username/Password was not provided by peer"),
    # a client in the server (multi.c, push.c, ssl_ncp.c, ping.c, forward.c)
    ("M1", "<*> MULTI_sva: pool returned IPv4=<*>, IPv6=<*>", r"MULTI_sva: pool returned IPv4=\S+, IPv6=.*"),
    ("M2", "<*> MULTI: Learn: <*> -> <*>", r"MULTI: Learn: \S+ -> \S+"),
    ("M3", "<*> MULTI: primary virtual IP for <*>: <*>", r"MULTI: primary virtual IP for \S+: \S+"),
    ("M4", "<*> SENT CONTROL [<*>]: '<*>' (status=<*>)", r"SENT CONTROL \[.*\]: '.*' \(status=\d+\)"),
    ("M5", "<*> Data Channel: cipher '<*>', peer-id: <*>", r"Data Channel: cipher '\S+', peer-id: \d+"),
    ("M6", "<*> Timers: ping <*>, ping-restart <*>", r"Timers: ping \d+, ping-restart \d+"),
    ("M7", "<*> Protocol options: protocol-flags <*>", r"Protocol options: protocol-flags.*"),
    ("M8", "<*> MULTI: new connection by client '<*>' will cause previous active sessions by this client to be dropped.  "
           "Remember to use the --duplicate-cn option if you want multiple clients using the same certificate or username "
           "to concurrently connect.",
     r"MULTI: new connection by client '.*' will cause previous active sessions by this client to be dropped\.  Remember to use "
     r"the --duplicate-cn option if you want multiple clients using the same certificate or username to concurrently connect\."),
    ("M9", "<*> CC-EEN exit message received by peer", r"CC-EEN exit message received by peer"),
    ("M10", "<*> MULTI: new incoming connection would exceed maximum number of clients (<*>)",
     r"MULTI: new incoming connection would exceed maximum number of clients \(\d+\)"),
    # ping.c:60, "%sInactivity timeout ...": the common name in brackets, or nothing
    ("M11", "<*> <*>Inactivity timeout (--ping-restart), restarting", r"(?:\[.*\] )?Inactivity timeout \(--ping-restart\), restarting"),
    ("M13", "<*> MULTI: multi_create_instance called", r"MULTI: multi_create_instance called"),
    ("M14", "<*> MULTI: Connection attempt from <*> ignored while server is shutting down", r"MULTI: Connection attempt from .* ignored.*"),
    ("M15", "<*> PUSH: Received control message: '<*>'", r"PUSH: Received control message: '.*'"),
    ("M16", "<*> MULTI: client has been killed by management interface", r"MULTI: client has been killed by management interface"),
    # the management interface (manage.c)
    ("G1", "<*> MANAGEMENT: Client connected from <*>", rf"MANAGEMENT: Client connected from {A}"),
    ("G2", "<*> MANAGEMENT: CMD '<*>'", r"MANAGEMENT: CMD '.*'"),
    ("G3", "<*> MANAGEMENT: Client disconnected", r"MANAGEMENT: Client disconnected"),
    # the status a SIGUSR2 prints (multi.c multi_print_status, version 1): each status_printf an event
    ("S1", "OpenVPN CLIENT LIST", r"OpenVPN CLIENT LIST"),
    ("S2", "Updated,<*>", r"Updated,.*"),
    ("S3", "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since",
     r"Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since"),
    ("S4", "<*>,<*>,<*>,<*>,<*>", r"[^,\s]+,[\d.]+:\d+,\d+,\d+,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"),
    ("S5", "ROUTING TABLE", r"ROUTING TABLE"),
    ("S6", "Virtual Address,Common Name,Real Address,Last Ref", r"Virtual Address,Common Name,Real Address,Last Ref"),
    ("S7", "<*>,<*>,<*>,<*>", r"[\d.]+,[^,\s]+,[\d.]+:\d+,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"),
    ("S8", "GLOBAL STATS", r"GLOBAL STATS"),
    ("S9", "Max bcast/mcast queue length,<*>", r"Max bcast/mcast queue length,\d+"),
    ("S10", "END", r"END"),
]]
HEADER = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (.*)$")

if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
