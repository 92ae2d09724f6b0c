"""Makes bench/data/mosquitto: the log of a real Mosquitto 2.0 MQTT broker (Debian's mosquitto) at
`log_type all`, in its default file format `<unix seconds>: message`, and of a second Mosquitto
that bridges topics to it, both appending to one file. A seeded workload drives them with Debian's
mosquitto_pub and mosquitto_sub and with raw MQTT packets: sensors publishing at QoS 0, 1 and 2
(some retained, some with a will), subscribers with clean and persistent sessions, unsubscribes,
keep-alive pings, a listener with a password file and an ACL (good and wrong passwords, anonymous
clients refused, publishes denied), client-id takeovers, clients that go silent until the keep-alive
expires, clients that drop the socket, HTTP requests and bad CONNECT packets sent to the MQTT port,
configuration reloads (SIGHUP) and restarts of the broker, which the bridge loses and reconnects.

Run as root from anywhere: python3 bench/data/mosquitto/generate.py   (needs apt-get install
mosquitto mosquitto-clients; the raw log is kept in the temporary folder as oats-mosquitto-raw.log
until it is labelled, and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: a regex per log__printf() call of Mosquitto 2.0.11 (src/*.c and the lib/*.c sources
the broker is built with; the same format strings are in /usr/sbin/mosquitto's read-only data, where
`strings` shows them), its conversions as <*>. The `<unix seconds>: ` prefix is the header. Where the
code passes one of a few literal constants into a shared format (`Received %s from %s (Mid: %d,
RC:%d)` with "PUBACK" or "PUBCOMP"), each constant is an event of its own, as in the other sources.
"""
import os
import random
import re
import shutil
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
OPEN, AUTH, BRIDGE = 18830, 18831, 18832
rnd = random.Random(15)
USERS = {"alice": "s3cret-a", "bob": "s3cret-b", "carol": "s3cret-c"}


def setup(work):
    pw = f"{work}/passwd"
    subprocess.run(["mosquitto_passwd", "-c", "-b", pw, "alice", USERS["alice"]], check=True)
    for u in ("bob", "carol"):
        subprocess.run(["mosquitto_passwd", "-b", pw, u, USERS[u]], check=True)
    with open(f"{work}/acl", "w") as f:
        f.write("user alice\ntopic readwrite plant/#\n\nuser bob\ntopic read plant/#\ntopic write status/bob\n\n"
                "user carol\ntopic read status/#\n")
    with open(f"{work}/broker.conf", "w") as f:
        f.write(f"""per_listener_settings true
persistence true
persistence_location {work}/db/
autosave_interval 20
persistent_client_expiration 1m
max_queued_messages 20
log_dest file {work}/mosquitto.log
log_type all
connection_messages true
listener {OPEN} 127.0.0.1
allow_anonymous true
listener {AUTH} 127.0.0.1
allow_anonymous false
password_file {pw}
acl_file {work}/acl
""")
    with open(f"{work}/bridge.conf", "w") as f:
        f.write(f"""persistence false
log_dest file {work}/mosquitto.log
log_type all
listener {BRIDGE} 127.0.0.1
allow_anonymous true
connection edge-bridge
address 127.0.0.1:{OPEN}
topic plant/# out 1
topic cmd/# in 1
restart_timeout 2 4
""")
    os.makedirs(f"{work}/db", exist_ok=True)
    shutil.chown(work, "mosquitto")
    for n in os.listdir(work):
        shutil.chown(f"{work}/{n}", "mosquitto")
        os.chmod(f"{work}/{n}", 0o700 if os.path.isdir(f"{work}/{n}") else 0o600)


def start(conf):
    proc = subprocess.Popen(["mosquitto", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc


def mqtt_str(s):
    b = s.encode()
    return struct.pack("!H", len(b)) + b


def connect_packet(client_id, keepalive=60, version=4, clean=True, user=None, password=None):
    flags = (0x02 if clean else 0) | (0x80 if user else 0) | (0x40 if password else 0)
    var = mqtt_str("MQTT") + bytes([version, flags]) + struct.pack("!H", keepalive)
    payload = mqtt_str(client_id) + (mqtt_str(user) if user else b"") + (mqtt_str(password) if password else b"")
    body = var + payload
    return bytes([0x10, len(body)]) + body


def raw(port, data, wait=0.3, linger=0.0):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=3)
        s.sendall(data)
        time.sleep(wait)
        if linger:
            time.sleep(linger)
        s.close()
    except OSError:
        pass


def run(args, timeout=8):
    try:
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        pass


def pub(port, topic, msg, q, client=None, retain=False, user=None, will=False):
    args = ["mosquitto_pub", "-p", str(port), "-t", topic, "-m", msg, "-q", str(q)]
    if client:
        args += ["-i", client]
    if retain:
        args.append("-r")
    if user:
        args += ["-u", user, "-P", USERS.get(user, "wrong-password") if rnd.random() < 0.85 else "wrong-password"]
    if will:
        args += ["--will-topic", f"status/{client or 'anon'}", "--will-payload", "offline", "--will-qos", "1"]
    if rnd.random() < 0.3:
        args += ["-V", "mqttv5"]
    run(args)


def sub_background(port, pattern, client, count, wait, persistent=False, keepalive=60, user=None):
    args = ["mosquitto_sub", "-p", str(port), "-t", pattern, "-q", str(rnd.randrange(3)), "-i", client,
            "-C", str(count), "-W", str(wait), "-k", str(keepalive)]
    if persistent:
        args.append("-c")
    if user:
        args += ["-u", user, "-P", USERS[user]]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def workload(work):
    setup(work)
    broker = start(f"{work}/broker.conf")
    bridge = start(f"{work}/bridge.conf")
    lines = ["1", "2", "3"]
    sensors = [f"sensor-{i:02d}" for i in range(12)]
    subs = []
    try:
        while daemon.lines_in(f"{work}/mosquitto.log") < 2400:
            subs = [p for p in subs if p.poll() is None]
            k = rnd.random()
            if k < 0.34:
                s = rnd.choice(sensors)
                pub(OPEN, f"plant/{rnd.choice(lines)}/{s}/{rnd.choice(['temp', 'rpm', 'state'])}",
                    str(round(rnd.uniform(10, 90), 1)), rnd.randrange(3), client=s if rnd.random() < 0.8 else None,
                    retain=rnd.random() < 0.15, will=rnd.random() < 0.2)
            elif k < 0.44:
                if len(subs) < 4:
                    persistent = rnd.random() < 0.4
                    subs.append(sub_background(OPEN, rnd.choice(["plant/#", "plant/+/+/temp", "status/#", "cmd/#"]),
                                               f"dash-{rnd.randrange(4)}" if persistent else f"viewer-{rnd.randrange(99)}",
                                               rnd.randrange(1, 6), rnd.randrange(2, 7), persistent,
                                               keepalive=rnd.choice([2, 5, 60])))
            elif k < 0.55:
                user = rnd.choice(["alice", "bob", "carol", "mallory"])
                pub(AUTH, rnd.choice(["plant/1/line/state", "status/bob", "status/carol"]), "ok",
                    rnd.randrange(2), client=f"{user}-cli" if rnd.random() < 0.5 else None, user=user)
            elif k < 0.58:
                run(["mosquitto_pub", "-p", str(AUTH), "-t", "plant/x", "-m", "hi"])
            elif k < 0.62:
                subs.append(sub_background(AUTH, "status/#", "carol-watch", 2, 3, user="carol"))
            elif k < 0.65:
                pub(BRIDGE, f"cmd/{rnd.choice(lines)}/stop", "1", 1)
            elif k < 0.67:
                run(["mosquitto_sub", "-p", str(OPEN), "-t", "plant/#", "-U", "plant/#", "-i",
                     f"dash-{rnd.randrange(4)}", "-c", "-E"])
            elif k < 0.69:
                raw(OPEN, rnd.choice([b"GET / HTTP/1.1\r\nHost: broker\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",
                                      connect_packet("old-firmware", version=9), b"\x10\x05\x00\x02MQ"]))
            elif k < 0.705:
                # connects with a short keep-alive and goes silent
                threading_raw(OPEN, connect_packet(f"stuck-{rnd.randrange(20)}", keepalive=1), 2.2)
            elif k < 0.73:
                # connects and drops the socket without DISCONNECT
                raw(OPEN, connect_packet(rnd.choice(sensors), keepalive=30), wait=0.2)
            elif k < 0.745:
                run(["mosquitto_pub", "-p", str(OPEN), "-t", "plant/#", "-m", "x"])
            elif k < 0.755:
                broker.send_signal(signal.SIGHUP)
                time.sleep(0.5)
            elif k < 0.762:
                broker.send_signal(signal.SIGTERM)
                broker.wait(timeout=30)
                time.sleep(rnd.uniform(1, 4))
                broker = start(f"{work}/broker.conf")
                time.sleep(1)
            elif k < 0.766:
                bridge.send_signal(signal.SIGTERM)
                bridge.wait(timeout=30)
                time.sleep(rnd.uniform(0.5, 2))
                bridge = start(f"{work}/bridge.conf")
            else:
                time.sleep(rnd.uniform(0.05, 0.4))
    finally:
        for p in subs:
            p.kill()
        for p in (bridge, broker):
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=30)
    return f"{work}/mosquitto.log"


def threading_raw(port, data, hold):
    import threading
    threading.Thread(target=raw, args=(port, data, hold), daemon=True).start()


# (id, template, regex over the message), from Mosquitto 2.0.11's log__printf calls.
C = r"\S+"  # a client id, or the peer's address, or <unknown>
A = r"\d+\.\d+\.\d+\.\d+"
PUB = r" \(d\d, q\d, r\d, m\d+, '[^']*', \.\.\. \(\d+ bytes\)\)"
PUBT = " (d<*>, q<*>, r<*>, m<*>, '<*>', ... (<*> bytes))"
TOPIC = r"(?:plant|status|cmd|\$SYS)/\S*"  # the topics this workload subscribes to and wills on
EVENTS = [
    ("E1", "mosquitto version <*> starting", r"mosquitto version \S+ starting"),
    ("E2", "mosquitto version <*> running", r"mosquitto version \S+ running"),
    ("E3", "mosquitto version <*> terminating", r"mosquitto version \S+ terminating"),
    ("E4", "Config loaded from <*>.", r"Config loaded from \S+\."),
    ("E5", "Opening ipv4 listen socket on port <*>.", r"Opening ipv4 listen socket on port \d+\."),
    ("E6", "New connection from <*>:<*> on port <*>.", rf"New connection from {A}:\d+ on port \d+\."),
    ("E7", "New client connected from <*>:<*> as <*> (p<*>, c<*>, k<*>).", rf"New client connected from {A}:\d+ as {C} \(p\d, c\d, k\d+\)\."),
    ("E8", "New client connected from <*>:<*> as <*> (p<*>, c<*>, k<*>, u'<*>').",
     rf"New client connected from {A}:\d+ as {C} \(p\d, c\d, k\d+, u'[^']*'\)\."),
    ("E9", "New bridge connected from <*>:<*> as <*> (p<*>, c<*>, k<*>).", rf"New bridge connected from {A}:\d+ as {C} \(p\d, c\d, k\d+\)\."),
    ("E10", "No will message specified.", r"No will message specified\."),
    ("E11", "Will message specified (<*> bytes) (r<*>, q<*>).", r"Will message specified \(\d+ bytes\) \(r\d, q\d\)\."),
    # "\t%s": the will's topic after E11, and each topic of an UNSUBSCRIBE (one format string)
    ("E12", "\t<*>", rf"\t{TOPIC}"),
    ("E13", "\t<*> (QoS <*>)", r"\t\S+ \(QoS \d\)"),
    ("E14", "Sending CONNACK to <*> (<*>, <*>)", rf"Sending CONNACK to {C} \(\d+, \d+\)"),
    ("E15", "Received SUBSCRIBE from <*>", rf"Received SUBSCRIBE from {C}"),
    # log_type subscribe: "%s %d %s" (client, QoS, topic); log_type unsubscribe: "%s %s"
    ("E16", "<*> <*> <*>", rf"{C} \d {TOPIC}"),
    ("E17", "<*> <*>", rf"{C} {TOPIC}"),
    ("E18", "Sending SUBACK to <*>", rf"Sending SUBACK to {C}"),
    ("E19", "Received PUBLISH from <*>" + PUBT, rf"Received PUBLISH from {C}{PUB}"),
    ("E20", "Sending PUBLISH to <*>" + PUBT, rf"Sending PUBLISH to {C}{PUB}"),
    ("E21", "Denied PUBLISH from <*>" + PUBT, rf"Denied PUBLISH from {C}{PUB}"),
    ("E22", "Sending PUBACK to <*> (m<*>, rc<*>)", rf"Sending PUBACK to {C} \(m\d+, rc\d+\)"),
    ("E23", "Sending PUBREC to <*> (m<*>, rc<*>)", rf"Sending PUBREC to {C} \(m\d+, rc\d+\)"),
    ("E24", "Sending PUBCOMP to <*> (m<*>)", rf"Sending PUBCOMP to {C} \(m\d+\)"),
    ("E25", "Sending PUBREL to <*> (m<*>)", rf"Sending PUBREL to {C} \(m\d+\)"),
    ("E26", "Received PUBREL from <*> (Mid: <*>)", rf"Received PUBREL from {C} \(Mid: \d+\)"),
    ("E27", "Received PUBREC from <*> (Mid: <*>)", rf"Received PUBREC from {C} \(Mid: \d+\)"),
    ("E28", "Received PUBACK from <*> (Mid: <*>, RC:<*>)", rf"Received PUBACK from {C} \(Mid: \d+, RC:\d+\)"),
    ("E29", "Received PUBCOMP from <*> (Mid: <*>, RC:<*>)", rf"Received PUBCOMP from {C} \(Mid: \d+, RC:\d+\)"),
    ("E30", "Received DISCONNECT from <*>", rf"Received DISCONNECT from {C}"),
    ("E31", "Client <*> disconnected.", rf"Client {C} disconnected\."),
    ("E32", "Client <*> disconnected, not authorised.", rf"Client {C} disconnected, not authorised\."),
    ("E33", "Client <*> closed its connection.", rf"Client {C} closed its connection\."),
    ("E34", "Client <*> already connected, closing old connection.", rf"Client {C} already connected, closing old connection\."),
    ("E35", "Client <*> disconnected due to protocol error.", rf"Client {C} disconnected due to protocol error\."),
    ("E36", "Client <*> disconnected due to malformed packet.", rf"Client {C} disconnected due to malformed packet\."),
    ("E37", "Client <*> disconnected due to out of memory.", rf"Client {C} disconnected due to out of memory\."),
    ("E38", "Client <*> disconnected: <*>.", rf"Client {C} disconnected: [^.]+\."),
    ("E39", "Connecting bridge (step 1) <*> (<*>:<*>)", rf"Connecting bridge \(step 1\) {C} \({A}:\d+\)"),
    ("E40", "Connecting bridge (step 2) <*> (<*>:<*>)", rf"Connecting bridge \(step 2\) {C} \({A}:\d+\)"),
    ("E41", "Bridge <*> sending CONNECT", rf"Bridge {C} sending CONNECT"),
    ("E42", "Bridge <*> doing local SUBSCRIBE on topic <*>", rf"Bridge {C} doing local SUBSCRIBE on topic \S+"),
    ("E43", "Received CONNACK on connection <*>.", rf"Received CONNACK on connection {C}\."),
    ("E44", "Bridge <*> sending UNSUBSCRIBE (Mid: <*>, Topic: <*>)", rf"Bridge {C} sending UNSUBSCRIBE \(Mid: \d+, Topic: \S+\)"),
    ("E45", "Bridge <*> sending SUBSCRIBE (Mid: <*>, Topic: <*>, QoS: <*>, Options: <*>)",
     rf"Bridge {C} sending SUBSCRIBE \(Mid: \d+, Topic: \S+, QoS: \d, Options: 0x[0-9a-f]{{2}}\)"),
    ("E46", "Received SUBACK from <*>", rf"Received SUBACK from {C}"),
    ("E47", "Received UNSUBACK from <*>", rf"Received UNSUBACK from {C}"),
    ("E48", "Received UNSUBSCRIBE from <*>", rf"Received UNSUBSCRIBE from {C}"),
    ("E49", "Sending UNSUBACK to <*>", rf"Sending UNSUBACK to {C}"),
    ("E50", "Reloading config.", r"Reloading config\."),
    ("E51", "Saving in-memory database to <*>.", r"Saving in-memory database to \S+\."),
    ("E52", "Outgoing messages are being dropped for client <*>.", rf"Outgoing messages are being dropped for client {C}\."),
    ("E53", "Invalid protocol version <*> in CONNECT from <*>.", rf"Invalid protocol version \d+ in CONNECT from {C}\."),
    ("E54", "Sending PINGRESP to <*>", rf"Sending PINGRESP to {C}"),
    ("E55", "Received PINGREQ from <*>", rf"Received PINGREQ from {C}"),
    ("E56", "Error creating bridge: <*>.", r"Error creating bridge: [^.]+\."),
    ("E57", "Client <*> has exceeded timeout, disconnecting.", rf"Client {C} has exceeded timeout, disconnecting\."),
    ("E58", "Sending PINGREQ to <*>", rf"Sending PINGREQ to {C}"),
    ("E59", "Received PINGRESP from <*>", rf"Received PINGRESP from {C}"),
    ("E60", "Expiring client <*> due to timeout.", rf"Expiring client {C} due to timeout\."),
    ("E61", "Warning: Unable to connect to bridge <*>.", rf"Warning: Unable to connect to bridge {C}\."),
]

HEADER = re.compile(r"^\d{10}: (.*)$")


if __name__ == "__main__":
    label.generate(HERE, HEADER, EVENTS, workload)
