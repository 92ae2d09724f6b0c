"""Makes bench/data/mailhost: a syslog file in rsyslog's high-precision format
(`2026-12-07T03:40:01.123456+00:00 host prog[pid]: message`, RFC 3339 timestamps, the
`RSYSLOG_FileFormat` template) written by a real rsyslog 8.2302 (Debian) for three real daemons
that log through syslog(3): Postfix 3.7 (master, smtpd, cleanup, qmgr, local, bounce, pickup,
postfix-script), Debian's cron 3.0pl1 (with PAM) and vsftpd 3.0. A seeded workload
drives them: mail over SMTP to local users, aliases, unknown users and other domains, clients that
drop the connection, speak out of turn or send garbage, mail from the sendmail command, cron jobs
that run every minute (some fail, some print output that cron mails), anonymous FTP logins,
downloads, uploads and refused local logins, and a Postfix reload.

Run as root from anywhere: python3 bench/data/mailhost/generate.py
(needs apt-get install rsyslog postfix cron vsftpd bsd-mailx; the raw syslog is kept in the
temporary folder as oats-mailhost-raw.log until it is labelled, and `generate.py --raw FILE`
labels such a log again without running anything). It runs in a private mount namespace
(unshare -m) with a private /dev and /run, so that its rsyslog owns /dev/log there and no other
process on the machine logs into it or is logged by it. cron reads /etc/cron.d, which the namespace
shares with the machine: the run writes /etc/cron.d/oats-mailhost and removes it at the end.

Ground truth: each line is labelled with the log call that printed it, the program's format
string with its conversions written <*> (Postfix's msg_info/msg_warn calls in smtpd.c,
cleanup_message.c, qmgr_active.c, local.c and log_adhoc.c; cron's do_command.c and
PAM's pam_unix; vsftpd's logging.c and its start-up messages). Where a conversion takes one of a
few constants chosen by the code (Postfix's delivery status sent/bounced/deferred, vsftpd's
OK/FAIL and LOGIN/DOWNLOAD/UPLOAD/MKDIR), each constant is an event of its own; a value computed
at run time (a queue id, a reply text) is a variable. The program name is a header field, not
part of the event.
"""
import ftplib
import io
import os
import random
import re
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SMTP_PORT, FTP_PORT = 2525, 2121
rnd = random.Random(6)


def private_dev_and_run(olddev):
    sh = f"""
set -e
mount --make-rprivate /
mount --rbind /dev {olddev}
mount -t tmpfs -o mode=755 tmpfs /dev
for n in null zero full random urandom tty; do touch /dev/$n; mount --bind {olddev}/$n /dev/$n; done
mkdir /dev/pts /dev/shm
mount --rbind {olddev}/pts /dev/pts
mount --rbind {olddev}/shm /dev/shm
ln -s /proc/self/fd /dev/fd
ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/vsftpd/empty
"""
    subprocess.run(["bash", "-c", sh], check=True)


def quiet(*args, **kw):
    return subprocess.run(list(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


LOCAL = ["root", "postgres", "alice", "bob", "ops"]
UNKNOWN = ["carol", "nobody-here", "sales", "info", "admin2"]
SENDERS = ["shop@orders.test", "noreply@billing.test", "monitor@ops.test", "ci@build.test", "<>"]


def smtp_mail(rcpts, sender, body_lines=3):
    try:
        s = smtplib.SMTP("127.0.0.1", SMTP_PORT, local_hostname=rnd.choice(["client.test", "app-3.test", "[127.0.0.1]"]), timeout=10)
        s.ehlo_or_helo_if_needed()
        msg = "Subject: report %d\r\n\r\n" % rnd.randrange(1000) + "\r\n".join("line %d" % i for i in range(body_lines))
        try:
            s.sendmail("" if sender == "<>" else sender, rcpts, msg)
        except smtplib.SMTPException:
            pass
        s.quit()
    except (OSError, smtplib.SMTPException):
        pass


def smtp_raw(commands):
    try:
        s = socket.create_connection(("127.0.0.1", SMTP_PORT), timeout=5)
        s.recv(512)
        for c in commands:
            s.sendall(c)
            try:
                s.recv(512)
            except socket.timeout:
                break
        s.close()
    except OSError:
        pass


def ftp_session():
    try:
        f = ftplib.FTP()
        f.connect("127.0.0.1", FTP_PORT, timeout=5)
        r = rnd.random()
        if r < 0.25:
            try:
                f.login(rnd.choice(["root", "postgres", "alice", "deploy"]), rnd.choice(["secret", "123456"]))
            except ftplib.Error:
                pass
            f.close()
            return
        f.login("anonymous", rnd.choice(["guest@", "ci@build.test", "mozilla@example.com"]))
        for _ in range(rnd.randrange(1, 4)):
            a = rnd.random()
            try:
                if a < 0.5:
                    f.retrbinary("RETR " + rnd.choice(["pub/readme.txt", "pub/release-1.2.tar.gz", "pub/missing.iso", "pub/notes.md"]), lambda b: None)
                elif a < 0.75:
                    f.storbinary("STOR " + rnd.choice(["incoming/upload-%d.csv" % rnd.randrange(99), "pub/readme.txt"]), io.BytesIO(b"x" * rnd.randrange(10, 5000)))
                elif a < 0.9:
                    f.mkd("incoming/dir-%d" % rnd.randrange(50))
                else:
                    f.nlst("pub")
            except ftplib.Error:
                pass
        f.quit()
    except (OSError, ftplib.Error, EOFError):
        pass


def workload(work):
    k = rnd.random()
    if k < 0.30:
        smtp_mail([rnd.choice(LOCAL) + "@mail.shop.test" for _ in range(rnd.choice([1, 1, 1, 2]))], rnd.choice(SENDERS))
    elif k < 0.40:
        smtp_mail([rnd.choice(UNKNOWN) + "@mail.shop.test"], rnd.choice(SENDERS))
    elif k < 0.46:
        smtp_mail([rnd.choice(["someone@elsewhere.example", "x@relay.invalid"])], rnd.choice(SENDERS))
    elif k < 0.56:
        r = rnd.random()
        if r < 0.3:
            smtp_raw([])
        elif r < 0.5:
            smtp_raw([b"EHLO scanner\r\n", b"AUTH LOGIN\r\n"])
        elif r < 0.7:
            smtp_raw([b"HELO x\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<root@mail.shop.test>\r\n"])
        elif r < 0.85:
            smtp_raw([b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"])
        else:
            smtp_raw([b"EHLO x\r\n", b"MAIL FROM:<a@b.test>\r\n", b"RCPT TO:<root@mail.shop.test>\r\n", b"DATA\r\n"])
    elif k < 0.66:
        p = subprocess.Popen(["/usr/sbin/sendmail", "-f", rnd.choice(["backup@mail.shop.test", "root"]), rnd.choice(LOCAL + UNKNOWN[:1])],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        p.communicate(b"Subject: nightly\n\nall done\n")
    elif k < 0.92:
        ftp_session()
    elif k < 0.925:
        quiet("postfix", "reload")
        time.sleep(1)
    else:
        time.sleep(rnd.uniform(0.2, 1.0))


def start_daemons(work):
    with open(f"{work}/rsyslog.conf", "w") as f:
        f.write(f"""global(workDirectory="{work}" localHostName="mx-2")
module(load="imuxsock")
*.* action(type="omfile" file="{work}/syslog" template="RSYSLOG_FileFormat")
""")
    subprocess.run(["rsyslogd", "-f", f"{work}/rsyslog.conf", "-i", f"{work}/rsyslog.pid"], check=True)
    for _ in range(50):
        if os.path.exists("/dev/log"):
            break
        time.sleep(0.1)
    # Postfix: its own configuration directory, no chroot (so that every service reaches /dev/log)
    conf = f"{work}/postfix"
    shutil.copytree("/etc/postfix", conf)
    with open(f"{conf}/aliases", "w") as f:
        f.write("alice: root\nbob: root\nops: postgres\n")
    quiet("postalias", f"{conf}/aliases", check=True)
    for setting in ["myhostname=mx-2.shop.test", "mydomain=shop.test", "mydestination=mail.shop.test, mx-2.shop.test, localhost",
                    "inet_interfaces=loopback-only", "inet_protocols=ipv4", f"alias_maps=hash:{conf}/aliases",
                    f"alias_database=hash:{conf}/aliases", "relayhost=", "mynetworks=127.0.0.0/8",
                    "smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination",
                    "smtpd_recipient_restrictions=reject_unauth_destination",
                    "smtpd_client_restrictions=", "default_transport=error:outside mail is not sent from this host",
                    "smtpd_banner=$myhostname ESMTP", "compatibility_level=3.6", "maillog_file="]:
        quiet("postconf", "-c", conf, "-e", setting, check=True)
    with open(f"{conf}/master.cf") as f:
        master = f.read()
    master = master.replace("smtp      inet  n       -       y       -       -       smtpd",
                            f"127.0.0.1:{SMTP_PORT} inet  n       -       n       -       -       smtpd")
    with open(f"{conf}/master.cf", "w") as f:
        f.write(master)
    quiet("postconf", "-c", conf, "-F", "*/*/chroot=n", check=True)
    os.environ["MAIL_CONFIG"] = conf
    subprocess.run(["postfix", "-c", conf, "start"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # vsftpd: anonymous downloads and uploads, local logins refused
    anon = f"{work}/ftp"
    os.makedirs(f"{anon}/pub")
    os.makedirs(f"{anon}/incoming")
    os.chmod(anon, 0o555)
    os.chmod(f"{anon}/incoming", 0o777)
    for name, size in [("readme.txt", 300), ("release-1.2.tar.gz", 40000), ("notes.md", 1200)]:
        with open(f"{anon}/pub/{name}", "wb") as f:
            f.write(b"x" * size)
    with open(f"{work}/vsftpd.conf", "w") as f:
        f.write(f"""listen=YES
listen_port={FTP_PORT}
listen_address=127.0.0.1
anonymous_enable=YES
anon_root={anon}
anon_upload_enable=YES
anon_mkdir_write_enable=YES
write_enable=YES
local_enable=YES
pam_service_name=vsftpd
syslog_enable=YES
xferlog_enable=YES
secure_chroot_dir=/run/vsftpd/empty
pasv_enable=YES
pasv_min_port=30000
pasv_max_port=30100
seccomp_sandbox=NO
""")
    ftpd = subprocess.Popen(["vsftpd", f"{work}/vsftpd.conf"])
    # cron: jobs every minute from a crontab of its own
    with open("/etc/cron.d/oats-mailhost", "w") as f:
        f.write("""SHELL=/bin/sh
* * * * * root /bin/true
* * * * * root echo "queue check" ; /usr/sbin/postqueue -p > /dev/null
* * * * * postgres /bin/sh -c 'exit 3'
*/2 * * * * root ls /nonexistent-dir
* * * * * nobody /bin/true
""")
    crond = subprocess.Popen(["cron", "-f", "-L", "15"])
    return [ftpd, crond]


def run(seconds):
    """Inside the namespace (re-executed under unshare -m): runs the daemons and the workload."""
    work = tempfile.mkdtemp(prefix="oats-mailhost-")
    olddev = tempfile.mkdtemp(prefix="oats-mailhost-dev-")
    private_dev_and_run(olddev)
    procs = start_daemons(work)
    end = time.time() + seconds
    try:
        while time.time() < end:
            workload(work)
            time.sleep(rnd.uniform(0.05, 0.3))  # about 2,000 lines in five minutes: five cron runs
        time.sleep(3)  # the last deliveries
    finally:
        subprocess.run(["postfix", "-c", f"{work}/postfix", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for p in procs:
            p.terminate()
        time.sleep(2)
        os.remove("/etc/cron.d/oats-mailhost")
        with open(f"{work}/rsyslog.pid") as f:
            os.kill(int(f.read()), 15)
        time.sleep(1)
    raw = f"{tempfile.gettempdir()}/oats-mailhost-raw.log"
    shutil.copy(f"{work}/syslog", raw)
    return raw


# (id, template, regex): the format string of each log call, its conversions as groups.
ADDR = r"[^\s\[\]]+\[[\d.]+\]"  # Postfix's namaddr: name[address]
EVENTS = label.compile_events([
    # Postfix smtpd (smtpd.c, smtpd_check.c)
    ("E1", "connect from <*>", rf"connect from {ADDR}"),
    ("E2", "disconnect from <*><*>", rf"disconnect from {ADDR}( [a-z]+=\d+(/\d+)?)*"),
    ("E3", "<*>: client=<*>", rf"[0-9A-F]+: client={ADDR}"),
    ("E4", "lost connection after <*> from <*>", rf"lost connection after [A-Z]+( \(\d+ bytes\))? from {ADDR}"),
    ("E5", "warning: non-SMTP command from <*>: <*>", rf"warning: non-SMTP command from {ADDR}: .*"),
    ("E6", "improper command pipelining after <*> from <*>: <*>", rf"improper command pipelining after [A-Z]+ from {ADDR}: .*"),
    ("E7", "NOQUEUE: reject: RCPT from <*>: <*> <*> <<*>>: Recipient address rejected: <*>; from=<<*>> to=<<*>> proto=<*> helo=<<*>>",
     rf"NOQUEUE: reject: RCPT from {ADDR}: \d+ [\d.]+ <[^>]*>: Recipient address rejected: [^;]*; from=<[^>]*> to=<[^>]*> proto=\S+ helo=<[^>]*>"),
    ("E8", "NOQUEUE: reject: RCPT from <*>: <*> <*> <<*>>: Relay access denied; from=<<*>> to=<<*>> proto=<*> helo=<<*>>",
     rf"NOQUEUE: reject: RCPT from {ADDR}: \d+ [\d.]+ <[^>]*>: Relay access denied; from=<[^>]*> to=<[^>]*> proto=\S+ helo=<[^>]*>"),
    # cleanup, qmgr, pickup, local (log_adhoc.c: orig_to only when it differs), bounce
    ("E9", "<*>: message-id=<*>", r"[0-9A-F]+: message-id=<[^>]*>"),
    ("E10", "<*>: from=<<*>>, size=<*>, nrcpt=<*> (queue active)", r"[0-9A-F]+: from=<[^>]*>, size=\d+, nrcpt=\d+ \(queue active\)"),
    ("E11", "<*>: removed", r"[0-9A-F]+: removed"),
    ("E12", "<*>: uid=<*> from=<<*>>", r"[0-9A-F]+: uid=\d+ from=<[^>]*>"),
    ("E13", "<*>: to=<<*>>,<*> relay=<*>, delay=<*>, delays=<*>, dsn=<*>, status=sent (<*>)",
     r"[0-9A-F]+: to=<[^>]*>,( orig_to=<[^>]*>,)? relay=\S+, delay=[\d.]+, delays=[\d./]+, dsn=[\d.]+, status=sent \(.*\)"),
    ("E14", "<*>: to=<<*>>,<*> relay=<*>, delay=<*>, delays=<*>, dsn=<*>, status=bounced (<*>)",
     r"[0-9A-F]+: to=<[^>]*>,( orig_to=<[^>]*>,)? relay=\S+, delay=[\d.]+, delays=[\d./]+, dsn=[\d.]+, status=bounced \(.*\)"),
    ("E15", "<*>: to=<<*>>,<*> relay=<*>, delay=<*>, delays=<*>, dsn=<*>, status=deferred (<*>)",
     r"[0-9A-F]+: to=<[^>]*>,( orig_to=<[^>]*>,)? relay=\S+, delay=[\d.]+, delays=[\d./]+, dsn=[\d.]+, status=deferred \(.*\)"),
    ("E16", "<*>: sender non-delivery notification: <*>", r"[0-9A-F]+: sender non-delivery notification: [0-9A-F]+"),
    # master and postfix-script
    ("E17", "daemon started -- version <*>, configuration <*>", r"daemon started -- version [\d.]+, configuration \S+"),
    ("E18", "reload -- version <*>, configuration <*>", r"reload -- version [\d.]+, configuration \S+"),
    ("E19", "terminating on signal <*>", r"terminating on signal \d+"),
    ("E20", "starting the Postfix mail system", r"starting the Postfix mail system"),
    ("E21", "refreshing the Postfix mail system", r"refreshing the Postfix mail system"),
    ("E22", "stopping the Postfix mail system", r"stopping the Postfix mail system"),
    ("E23", "statistics: max connection rate <*> for (<*>) at <*>", r"statistics: max connection rate \S+ for \([^)]*\) at .*"),
    ("E24", "statistics: max connection count <*> for (<*>) at <*>", r"statistics: max connection count \d+ for \([^)]*\) at .*"),
    ("E25", "statistics: max cache size <*> at <*>", r"statistics: max cache size \d+ at .*"),
    # cron (do_command.c, cron.c; -L 15 puts the job's pid in CMD and END)
    ("E26", "(<*>) CMD ([<*>] <*>)", r"\(\S+\) CMD \(\[\d+\] .*\)"),
    ("E27", "(<*>) END ([<*>] <*>)", r"\(\S+\) END \(\[\d+\] .*\)"),
    ("E28", "(CRON) error (grandchild #<*> failed with exit status <*>)", r"\(CRON\) error \(grandchild #\d+ failed with exit status \d+\)"),
    ("E29", "(CRON) INFO (pidfile fd = <*>)", r"\(CRON\) INFO \(pidfile fd = \d+\)"),
    ("E30", "(CRON) INFO (Running @reboot jobs)", r"\(CRON\) INFO \(Running @reboot jobs\)"),
    ("E31", "(<*>) MAIL (mailed <*> bytes of output but got status <*>, <*>)", r"\(\S+\) MAIL \(mailed \d+ bytes? of output but got status \S+, .*\)"),
    ("E32", "(CRON) INFO (Skipping @reboot jobs -- not system startup)", r"\(CRON\) INFO \(Skipping @reboot jobs -- not system startup\)"),
    # Linux-PAM modules, whichever program loaded them
    ("E33", "pam_unix(<*>:session): session opened for user <*>(uid=<*>) by <*>(uid=<*>)", r"pam_unix\(\w+:session\): session opened for user \S+\(uid=\d+\) by \S*\(uid=\d+\)"),
    ("E34", "pam_unix(<*>:session): session closed for user <*>", r"pam_unix\(\w+:session\): session closed for user \S+"),
    ("E35", "pam_limits(<*>:session): Could not set limit for '<*>' to soft=<*>, hard=<*>: <*>; uid=<*>,euid=<*>",
     r"pam_limits\(\w+:session\): Could not set limit for '\w+' to soft=-?\d+, hard=-?\d+: [^;]*; uid=\d+,euid=\d+"),
    ("E36", "pam_unix(<*>:auth): authentication failure; logname=<*> uid=<*> euid=<*> tty=<*> ruser=<*> rhost=<*> <*>",
     r"pam_unix\(\w+:auth\): authentication failure; logname=\S* uid=\d+ euid=\d+ tty=\S* ruser=\S* rhost=\S* ( user=\S+)?"),
    ("E37", "pam_unix(<*>:auth): check pass; user unknown", r"pam_unix\(\w+:auth\): check pass; user unknown"),
    ("E38", "pam_listfile(<*>:auth): Refused user <*> for service <*>", r"pam_listfile\(\w+:auth\): Refused user \S+ for service \S+"),
    # vsftpd (logging.c: one event per result and kind)
    ("E39", "[<*>] OK LOGIN: Client \"<*>\"<*>", r"\[[^\]]+\] OK LOGIN: Client \"[\d.]+\"(, anon password \".*\")?"),
    ("E40", "[<*>] FAIL LOGIN: Client \"<*>\"", r"\[[^\]]+\] FAIL LOGIN: Client \"[\d.]+\""),
    ("E41", "[<*>] OK DOWNLOAD: Client \"<*>\", \"<*>\", <*> bytes, <*>Kbyte/sec", r"\[[^\]]+\] OK DOWNLOAD: Client \"[\d.]+\", \".*\", \d+ bytes, [\d.]+Kbyte/sec"),
    ("E42", "[<*>] FAIL DOWNLOAD: Client \"<*>\", \"<*>\",<*> <*>Kbyte/sec", r"\[[^\]]+\] FAIL DOWNLOAD: Client \"[\d.]+\", \".*\",( \d+ bytes,)? [\d.]+Kbyte/sec"),
    ("E43", "[<*>] OK UPLOAD: Client \"<*>\", \"<*>\", <*> bytes, <*>Kbyte/sec", r"\[[^\]]+\] OK UPLOAD: Client \"[\d.]+\", \".*\", \d+ bytes, [\d.]+Kbyte/sec"),
    ("E44", "[<*>] FAIL UPLOAD: Client \"<*>\", \"<*>\",<*> <*>Kbyte/sec", r"\[[^\]]+\] FAIL UPLOAD: Client \"[\d.]+\", \".*\",( \d+ bytes,)? [\d.]+Kbyte/sec"),
    ("E45", "[<*>] OK MKDIR: Client \"<*>\", \"<*>\"", r"\[[^\]]+\] OK MKDIR: Client \"[\d.]+\", \".*\""),
    ("E46", "[<*>] FAIL MKDIR: Client \"<*>\", \"<*>\"", r"\[[^\]]+\] FAIL MKDIR: Client \"[\d.]+\", \".*\""),
    # rsyslog
    ("E47", "[origin software=\"rsyslogd\" swVersion=\"<*>\" x-pid=\"<*>\" x-info=\"https://www.rsyslog.com\"] start",
     r"\[origin software=\"rsyslogd\" swVersion=\"[\d.]+\" x-pid=\"\d+\" x-info=\"https://www\.rsyslog\.com\"\] start"),
    ("E48", "[origin software=\"rsyslogd\" swVersion=\"<*>\" x-pid=\"<*>\" x-info=\"https://www.rsyslog.com\"] exiting on signal <*>.",
     r"\[origin software=\"rsyslogd\" swVersion=\"[\d.]+\" x-pid=\"\d+\" x-info=\"https://www\.rsyslog\.com\"\] exiting on signal \d+\."),
])

HEADER = re.compile(r"\S+ \S+ [^\s\[:]+(\[\d+\])?: ")


def content_of(line):
    m = HEADER.match(line)
    if not m:
        sys.exit(f"no syslog header: {line!r}")
    return line[m.end():]


def write(raw):
    with open(raw, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()][:2000]
    if len(lines) < 2000:
        sys.exit(f"only {len(lines)} lines in {raw}")
    label.write(HERE, "mailhost", label.label(lines, EVENTS, content_of))


def main():
    if "--raw" in sys.argv:
        raw = sys.argv[sys.argv.index("--raw") + 1]
    else:
        if os.environ.get("OATS_MAILHOST_NAMESPACE") != "1":
            os.execvpe("unshare", ["unshare", "-m", sys.executable, os.path.abspath(__file__), *sys.argv[1:]],
                       dict(os.environ, OATS_MAILHOST_NAMESPACE="1"))
        raw = run(int(os.environ.get("OATS_MAILHOST_SECONDS", "330")))
    write(raw)


if __name__ == "__main__":
    main()
