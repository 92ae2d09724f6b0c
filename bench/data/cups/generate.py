"""Makes bench/data/cups: the error log of a real CUPS 2.4 print scheduler (Debian's `cups-daemon`, with
`cups-client` and `cups-bsd`), `ErrorLog` in CUPS's own format at `LogLevel info` (`I [07/Dec/2026:00:05:07
+0000] [Job 12] Queued on "office" by "root".`: the level's letter, the time in brackets, then the
message, which starts with `[Job <id>]` for a job's messages and `[Client <n>]` for a request's), from a
private `ServerRoot`, `RequestRoot` and state on 127.0.0.1 and a local socket: queues that print to
files (`FileDevice Yes`), a queue on an IPP printer that is not there, a class, the default policy with
the administrative operations kept to `@SYSTEM`. A seeded workload drives it with Debian's `lp`,
`lpadmin`, `cancel`, `lpmove`, `cupsenable`/`cupsdisable`, `cupsaccept`/`cupsreject`: raw jobs printed,
held and released, cancelled, moved between queues, sent to missing queues, stopped or rejecting
queues; printers added, changed, removed and made the default, classes made and removed, queues stopped
with a reason and started; administrative requests over TCP without authorisation; HTTP requests for
pages that are not there; SIGHUP (a full reload) and restarts.

Run as root from anywhere: python3 bench/data/cups/generate.py   (needs apt-get install --no-install-recommends
cups-daemon cups-client cups-bsd; the raw log is kept in the temporary folder as oats-cups-raw.log until
it is labelled, and `generate.py --raw FILE` labels such a log again without running anything).

Ground truth: labelled by hand, a regex per `cupsdLogMessage()`/`cupsdLogJob()`/`cupsdLogClient()`/
`cupsdLogPrinter()` call of CUPS 2.4 (`scheduler/*.c`), written from the messages of the run and
checked against the format strings in the binary (`strings /usr/sbin/cupsd`); the level's letter and
the time are the header; `[Job %d]` and `[Client %d]` are variables of the event; a constant a caller
passes into a shared format is an event of its own (`Returning IPP %s for %s (%s) from %s.`'s status
names are looked up, variables; the `Setting %s %s to %s (was %s.)` attribute names are constants of
the calls, an event each).
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
PORT, DEAD = 46310, 46399
rnd = random.Random(89)
PRINTERS = ["office", "lab", "reception", "plotter", "label"]
USERS = ["root", "alice", "bob", "ci"]


def setup(work):
    for d in ("spool", "tmp", "state", "cache", "log", "conf", "out"):
        os.makedirs(f"{work}/{d}", exist_ok=True)
    os.chmod(f"{work}/out", 0o777)
    os.chmod(f"{work}/tmp", 0o777)
    with open(f"{work}/conf/cups-files.conf", "w") as f:
        f.write(f"""ServerRoot {work}/conf
RequestRoot {work}/spool
TempDir {work}/tmp
StateDir {work}/state
CacheDir {work}/cache
ErrorLog {work}/log/error_log
AccessLog {work}/log/access_log
PageLog {work}/log/page_log
Printcap {work}/printcap
FileDevice Yes
User lp
Group lp
""")
    write_config(work)
    with open(f"{work}/job.txt", "w") as f:
        f.write("quarterly report\n" * 40)


def write_config(work, variant=0):
    with open(f"{work}/conf/cupsd.conf", "w") as f:
        f.write(f"""LogLevel info
MaxLogSize 0
Listen 127.0.0.1:{PORT}
Listen {work}/cups.sock
Browsing No
WebInterface {"Yes" if variant else "No"}
MaxJobs {500 + variant}
PreserveJobHistory {"Yes" if variant != 2 else "No"}
DefaultAuthType Basic
<Location />
  Order allow,deny
  Allow 127.0.0.0/8
</Location>
<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  SubscriptionPrivateAccess default
  SubscriptionPrivateValues default
  <Limit All>
    Order deny,allow
  </Limit>
  <Limit CUPS-Add-Modify-Printer CUPS-Delete-Printer CUPS-Add-Modify-Class CUPS-Delete-Class CUPS-Set-Default Pause-Printer Resume-Printer Enable-Printer Disable-Printer CUPS-Accept-Jobs CUPS-Reject-Jobs Purge-Jobs CUPS-Move-Job>
    AuthType Default
    Require user @SYSTEM
    Order deny,allow
  </Limit>
</Policy>
""")


def start(work):
    proc = subprocess.Popen(["/usr/sbin/cupsd", "-f", "-c", f"{work}/conf/cupsd.conf", "-s", f"{work}/conf/cups-files.conf"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT)
    return proc


def cups(work, *args, tcp=False, user=None):
    env = dict(os.environ, CUPS_SERVER=f"127.0.0.1:{PORT}" if tcp else f"{work}/cups.sock")
    cmd = list(args)
    if user and cmd[0] in ("lp", "cancel"):
        cmd[1:1] = ["-U", user]
    subprocess.run(cmd, env=env, capture_output=True, timeout=20)


def add_printer(work, name):
    uri = f"ipp://127.0.0.1:{DEAD}/ipp/print" if name == "lab" else f"file://{work}/out/{name}.prn"
    cups(work, "lpadmin", "-p", name, "-E", "-v", uri, "-D", f"{name.title()} printer", "-L", rnd.choice(["Floor 1", "Floor 2", "Lab"]))


def step(work, jobs):
    r = rnd.random()
    p = rnd.choice(PRINTERS + ["staff"])
    if r < 0.35:
        opts = ["-o", "raw"]
        if rnd.random() < 0.15:
            opts += ["-H", "hold"]
        if rnd.random() < 0.2:
            opts += ["-n", str(rnd.randint(2, 4))]
        cups(work, "lp", "-d", p, "-t", f"report-{rnd.randint(1, 99)}", *opts, f"{work}/job.txt", user=rnd.choice(USERS))
        jobs[0] += 1
    elif r < 0.42:
        cups(work, "lp", "-d", rnd.choice(["nope", "office2", "Plotter"]), "-o", "raw", f"{work}/job.txt")
    elif r < 0.52:
        j = rnd.randint(max(1, jobs[0] - 15), jobs[0] + 2)
        k = rnd.random()
        if k < 0.4:
            cups(work, "cancel", str(j))
        elif k < 0.6:
            cups(work, "lp", "-i", str(j), "-H", "resume")
        elif k < 0.8:
            cups(work, "lpmove", str(j), rnd.choice(PRINTERS))
        else:
            cups(work, "cancel", "-a", p)
    elif r < 0.62:
        k = rnd.random()
        if k < 0.5:
            cups(work, "cupsdisable", "-r", rnd.choice(["paper jam", "toner low", "maintenance"]), p)
        else:
            cups(work, "cupsenable", p)
    elif r < 0.7:
        cups(work, rnd.choice(["cupsreject", "cupsaccept"]), p)
    elif r < 0.78:
        k = rnd.random()
        if k < 0.3:
            cups(work, "lpadmin", "-x", rnd.choice(["reception", "plotter", "label", "staff"]))
        elif k < 0.6:
            add_printer(work, rnd.choice(["reception", "plotter", "label"]))
        elif k < 0.75:
            cups(work, "lpadmin", "-p", rnd.choice(["office", "reception"]), "-c", "staff")
        elif k < 0.9:
            cups(work, "lpadmin", "-d", rnd.choice(PRINTERS))
        else:
            cups(work, "lpadmin", "-p", p, "-o", f"job-quota-period={rnd.randint(0, 3600)}", "-o", "printer-error-policy=abort-job")
    elif r < 0.84:
        cups(work, rnd.choice(["lpadmin", "cupsdisable", "cupsreject"]), *(["-x", "office"] if rnd.random() < 0.3 else [p]), tcp=True)
    elif r < 0.9:
        daemon.send(PORT, f"GET /{rnd.choice(['admin', 'printers/nope', 'jobs', 'help/x.html', 'classes'])} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode(),
                    read_all=True, timeout=5)
    else:
        time.sleep(0.5)


def workload(work):
    setup(work)
    log = f"{work}/log/error_log"
    proc = start(work)
    for name in PRINTERS:
        add_printer(work, name)
    jobs = [0]
    for turn in daemon.rounds(log, 2700, rnd, (10, 25), lambda: step(work, jobs)):
        ev = rnd.random()
        if ev < 0.1:
            write_config(work, turn % 3)
            os.kill(proc.pid, signal.SIGHUP)
            time.sleep(2)
        elif ev < 0.17:
            daemon.stop(proc)
            time.sleep(1)
            proc = start(work)
    daemon.stop(proc)
    return log


HEADER = re.compile(r"^[A-Zd] \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] (.*)$")

Q = r'"[^"]*"'  # a quoted value
JOB = r"\[Job \d+\] "
CLIENT = r"\[Client \d+\] "
CALLS = [
    # scheduler/conf.c, scheduler/main.c, scheduler/listen.c, scheduler/banners.c, scheduler/policy.c
    ("C1", "Listening to <*>:<*> (IPv<*>)", r"Listening to [\d.]+:\d+ \(IPv\d\)"),
    ("C2", "Listening to <*> (Domain)", r"Listening to /\S+ \(Domain\)"),
    ("C3", "Listening to <*>:<*> on fd <*>...", r"Listening to \S+:\d+ on fd \d+\.\.\."),
    ("C24", "Listening to <*> on fd <*>...", r"Listening to /\S+ on fd \d+\.\.\."),
    ("C4", "No limit for <*> defined in policy <*> and no suitable template found.",
     r"No limit for \S+ defined in policy \S+ and no suitable template found\."),
    ("C5", "No limit for Cancel-Jobs defined in policy <*> - using Pause-Printer's policy.",
     r"No limit for Cancel-Jobs defined in policy \S+ - using Pause-Printer's policy\."),
    ("C6", "Remote access is disabled.", r"Remote access is disabled\."),
    ("C7", "Loaded configuration file \"<*>\"", rf"Loaded configuration file {Q}"),
    ("C8", "Configured for up to <*> clients.", r"Configured for up to \d+ clients\."),
    ("C9", "Allowing up to <*> client connections per host.", r"Allowing up to \d+ client connections per host\."),
    ("C10", "Using policy \"default\" as the default.", r"Using policy \"default\" as the default\."),
    ("C11", "Full reload is required.", r"Full reload is required\."),
    ("C12", "Loaded MIME database from \"<*>\" and \"<*>\": <*> types, <*> filters...",
     rf"Loaded MIME database from {Q} and {Q}: \d+ types, \d+ filters\.\.\."),
    ("C13", "cupsdLoadBanners: Unable to open banner directory \"<*>\": <*>", rf"cupsdLoadBanners: Unable to open banner directory {Q}: .*"),
    ("C14", "Generating printcap <*>...", r"Generating printcap \S+\.\.\."),
    ("C15", "Full reload complete.", r"Full reload complete\."),
    ("C16", "Cleaning out old files in \"<*>\".", rf"Cleaning out old files in {Q}\."),
    ("C17", "Resuming new connection processing...", r"Resuming new connection processing\.\.\."),
    ("C18", "Scheduler shutting down normally.", r"Scheduler shutting down normally\."),
    ("C19", "Saving printers.conf...", r"Saving printers\.conf\.\.\."),
    ("C20", "Saving classes.conf...", r"Saving classes\.conf\.\.\."),
    ("C21", "Saving job.cache...", r"Saving job\.cache\.\.\."),
    ("C22", "Loading job cache file \"<*>\"...", rf"Loading job cache file {Q}\.\.\."),
    ("C23", "Raw queues are deprecated and will stop working in a future version of CUPS. See <*>",
     r"Raw queues are deprecated and will stop working in a future version of CUPS\. See \S+"),
    # scheduler/printers.c, scheduler/ipp.c: printers and classes
    ("P1", "Setting <*> device-uri to \"<*>\" (was \"<*>\".)", rf"Setting \S+ device-uri to {Q} \(was {Q}\.\)"),
    ("P2", "Setting <*> printer-is-accepting-jobs to <*> (was <*>.)", r"Setting \S+ printer-is-accepting-jobs to \d+ \(was \d+\.\)"),
    ("P3", "Setting <*> printer-state to <*> (was <*>.)", r"Setting \S+ printer-state to \d+ \(was \d+\.\)"),
    ("P4", "New printer \"<*>\" added by \"<*>\".", rf"New printer {Q} added by {Q}\."),
    ("P5", "Printer \"<*>\" modified by \"<*>\".", rf"Printer {Q} modified by {Q}\."),
    ("P6", "Printer \"<*>\" deleted by \"<*>\".", rf"Printer {Q} deleted by {Q}\."),
    ("P7", "Printer \"<*>\" stopped by \"<*>\".", rf"Printer {Q} stopped by {Q}\."),
    ("P8", "Printer \"<*>\" started by \"<*>\".", rf"Printer {Q} started by {Q}\."),
    ("P9", "Printer \"<*>\" rejecting jobs (\"<*>\").", rf"Printer {Q} rejecting jobs \({Q}\)\."),
    ("P10", "Printer \"<*>\" now accepting jobs (\"<*>\").", rf"Printer {Q} now accepting jobs \({Q}\)\."),
    ("P11", "New class \"<*>\" added by \"<*>\".", rf"New class {Q} added by {Q}\."),
    ("P12", "Class \"<*>\" modified by \"<*>\".", rf"Class {Q} modified by {Q}\."),
    ("P13", "Class \"<*>\" deleted by \"<*>\".", rf"Class {Q} deleted by {Q}\."),
    ("P14", "Class \"<*>\" stopped by \"<*>\".", rf"Class {Q} stopped by {Q}\."),
    ("P15", "Class \"<*>\" started by \"<*>\".", rf"Class {Q} started by {Q}\."),
    ("P16", "Class \"<*>\" rejecting jobs (\"<*>\").", rf"Class {Q} rejecting jobs \({Q}\)\."),
    ("P17", "Class \"<*>\" now accepting jobs (\"<*>\").", rf"Class {Q} now accepting jobs \({Q}\)\."),
    ("P18", "All jobs on \"<*>\" were canceled by \"<*>\".", rf"All jobs on {Q} were canceled by {Q}\."),
    ("P19", "Default destination set to \"<*>\" by \"<*>\".", rf"Default destination set to {Q} by {Q}\."),
    # scheduler/job.c, scheduler/ipp.c: a job's messages
    ("J1", "[Job <*>] Adding start banner page \"<*>\".", rf"{JOB}Adding start banner page {Q}\."),
    ("J2", "[Job <*>] Adding end banner page \"<*>\".", rf"{JOB}Adding end banner page {Q}\."),
    ("J3", "[Job <*>] Queued on \"<*>\" by \"<*>\".", rf"{JOB}Queued on {Q} by {Q}\."),
    ("J4", "[Job <*>] File of type <*>/<*> queued by \"<*>\".", rf"{JOB}File of type \S+/\S+ queued by {Q}\."),
    ("J5", "[Job <*>] Started backend <*> (PID <*>)", rf"{JOB}Started backend \S+ \(PID \d+\)"),
    ("J6", "[Job <*>] The printer may not exist or is unavailable at this time.", rf"{JOB}The printer may not exist or is unavailable at this time\."),
    ("J7", "[Job <*>] Job canceled by \\\"<*>\\\"", rf'{JOB}Job canceled by \\"[^"\\]*\\"'),
    ("J8", "[Job <*>] Canceled by \"<*>\".", rf"{JOB}Canceled by {Q}\."),
    ("J9", "[Job <*>] Job canceled by user.", rf"{JOB}Job canceled by user\."),
    ("J10", "[Job <*>] Job completed.", rf"{JOB}Job completed\."),
    ("J11", "[Job <*>] Job purged by user.", rf"{JOB}Job purged by user\."),
    ("J12", "[Job <*>] Job stopped due to printer being paused.", rf"{JOB}Job stopped due to printer being paused\."),
    ("J13", "[Job <*>] Job purged by \\\"<*>\\\"", rf'{JOB}Job purged by \\"[^"\\]*\\"'),
    ("J14", "[Job <*>] Job released by user.", rf"{JOB}Job released by user\."),
    ("J15", "[Job <*>] Job held by user.", rf"{JOB}Job held by user\."),
    ("J16", "[Job <*>] Job moved to \"<*>\".", rf"{JOB}Job moved to {Q}\."),
    # scheduler/ipp.c, scheduler/client.c: a request's messages
    ("R1", "[Client <*>] Returning IPP <*> for <*> (<*>) from <*>.", rf"{CLIENT}Returning IPP \S+ for \S+ \(\S+\) from \S+\."),
    ("R2", "[Client <*>] Started \"<*>\" (pid=<*>, file=<*>)", rf"{CLIENT}Started {Q} \(pid=\d+, file=\d+\)"),
    ("R3", "File \\\"<*>\\\" not available: <*>", r'File \\"[^"\\]*\\" not available: .*'),
]

if __name__ == "__main__":
    label.generate(HERE, HEADER, CALLS, workload, readable=True)
