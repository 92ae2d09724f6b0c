"""Makes bench/data/samba: the log file of a real Samba 4.17 file server (Debian's `samba`, smbd as a
standalone server) in Samba's own format, where every message has a header line of its own and the
message follows on indented lines:

    [2026/12/07 17:35:03.617416,  2] ../../source3/smbd/smb2_service.c:840(make_connection_snum)
      vm (ipv4:127.0.0.1:32850) signed connect to service data initially as user oatsuser ...

The header holds the time with microseconds, the debug level, and the call site (source file, line,
function); a message of several lines, or a second message printed without a header (`DEBUGADD`), goes
on under it. smbd runs from a private configuration on 127.0.0.1:14445 at `log level = 2`; now and
then the workload raises it to 3, as one does to look at a problem: in the configuration for a few
sessions (then back to 2, both with `smbcontrol smbd reload-config`), or with `smbcontrol smbd debug 3`
for the running smbd only, until it next reads its configuration (each new session does).

A seeded workload drives it through Debian's `smbclient`: guests and users listing shares, listing
folders, uploading, downloading, renaming and deleting files, making and removing folders, over SMB1,
SMB2 and SMB3; wrong passwords, unknown users (mapped to the guest), a disabled account, users not
allowed on a share, shares that do not exist, a share whose folder is missing, a share that only
allows another network, writes to a read-only share, files that are not there, folders that are not
empty; bytes that are not SMB on the port, clients that connect and hang up; shares added and removed
with `smbcontrol smbd reload-config` and SIGHUP; accounts disabled and enabled with `smbpasswd`;
restarts by SIGTERM and SIGKILL.

Run as root from anywhere: python3 bench/data/samba/generate.py   (needs apt-get install samba
smbclient; makes the local accounts oatsuser and oatsbob (no login shell, no home) if they are
missing; the raw log is kept in the temporary folder as oats-samba-raw.log until it is labelled, and
`generate.py --raw FILE` labels such a log again without running anything).

Ground truth: every header names its call site, so a message's event is its log call, known from the
line above it: an event per `DEBUG()`/`DBG_*()` call of Samba 4.17.12 (file and line as in the
header), its template the call's format string with its conversions as `<*>` (written from the
messages of the run and checked against the source for the calls that print more than one shape).
A header line is the header of one call: its content is the call site (`file:line(function)`), one
event per call site, the time and level not part of it. A line printed without a header (the second
line of a format string, or a `DEBUGADD` after the call) is an event per format string. As in the
other sources, a constant a caller passes into a shared format makes an event of its own:
`smbd_smb2_request_error_ex`'s `at %s` is the caller's `__location__`, so each location is an event.
"""
import json
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
PORT = 14445
rnd = random.Random(45)
USERS = {"oatsuser": "Pw-oats-1", "oatsbob": "Pw-bob-22"}


def config(work, extra=(), level=2):
    shares = {
        "public": ["path = {w}/share/public", "guest ok = yes", "read only = no"],
        "data": ["path = {w}/share/data", "valid users = oatsuser", "read only = no"],
        "docs": ["path = {w}/share/docs", "guest ok = yes", "read only = yes"],
    }
    more = {  # shares the workload adds and removes while smbd runs
        "vault": ["path = {w}/share/vault", "hosts allow = 10.0.0.1", "guest ok = yes"],
        "broken": ["path = {w}/share/gone", "guest ok = yes"],
        "scratch": ["path = {w}/share/public", "guest ok = yes", "read only = no", "comment = added at run time"],
    }
    for name in extra:
        shares[name] = more[name]
    text = f"""[global]
  workgroup = OATS
  netbios name = OATSFS
  server role = standalone server
  smb ports = {PORT}
  interfaces = 127.0.0.1
  bind interfaces only = yes
  private dir = {work}/priv
  lock directory = {work}/lock
  state directory = {work}/state
  cache directory = {work}/cache
  pid directory = {work}/pid
  ncalrpc dir = {work}/state/ncalrpc
  log file = {work}/log.smbd
  max log size = 0
  log level = {level}
  passdb backend = tdbsam:{work}/priv/passdb.tdb
  map to guest = Bad User
  disable spoolss = yes
  load printers = no
  printcap name = /dev/null
  server min protocol = NT1
"""
    for name, opts in shares.items():
        text += f"[{name}]\n" + "".join(f"  {o.format(w=work)}\n" for o in opts)
    with open(f"{work}/smb.conf", "w") as f:
        f.write(text)


def smbclient(work, share, user=None, password=None, commands="ls", proto=None):
    args = ["smbclient", f"//127.0.0.1/{share}", "-p", str(PORT), "-s", f"{work}/client.conf"]
    args += ["-U", f"{user}%{password}"] if user else ["-N"]
    if proto:
        args += ["-m", proto]
    args += ["-c", commands]
    subprocess.run(args, cwd=f"{work}/local", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)


def session(work):
    proto = rnd.choice([None, None, "SMB3", "SMB2", "NT1"])
    k = rnd.random()
    name = "f%03d.txt" % rnd.randrange(60)
    files = rnd.choice([f"put hello.txt {name}", f"get {name}", f"get missing-{rnd.randrange(9)}.txt",
                        f"mkdir dir{rnd.randrange(20)}", f"rmdir dir{rnd.randrange(20)}", f"del {name}",
                        f"rename {name} r{name}", f"allinfo {name}", "ls", f"cd dir{rnd.randrange(20)}; ls",
                        f"put hello.txt {name}; get {name}", f"mkdir full; put hello.txt full\\x; rmdir full"])
    if k < 0.30:
        smbclient(work, "data", "oatsuser", USERS["oatsuser"], "ls; " + files, proto)
    elif k < 0.45:
        smbclient(work, "public", rnd.choice([None, "guest", "visitor"]), "x", files, proto)
    elif k < 0.52:
        smbclient(work, "docs", None, None, rnd.choice(["ls", f"get {name}", f"put hello.txt {name}", "mkdir new"]), proto)
    elif k < 0.60:
        smbclient(work, rnd.choice(["data", "public"]), "oatsuser", rnd.choice(["wrong", "Pw-oats-2", ""]), "ls", proto)
    elif k < 0.66:
        smbclient(work, "data", rnd.choice(["oatsbob", "mallory", "admin"]), USERS["oatsbob"], "ls", proto)
    elif k < 0.70:
        smbclient(work, "public", "oatsbob", USERS["oatsbob"], files, proto)
    elif k < 0.74:
        smbclient(work, rnd.choice(["nosuch", "backup", "homes"]), "oatsuser", USERS["oatsuser"], "ls", proto)
    elif k < 0.78:
        smbclient(work, rnd.choice(["vault", "broken", "scratch"]), None, None, rnd.choice(["ls", "put hello.txt s.txt"]), proto)
    elif k < 0.82:
        smbclient(work, "IPC$", None, None, "ls", proto)
        subprocess.run(["smbclient", "-L", "//127.0.0.1", "-p", str(PORT), "-N", "-s", f"{work}/client.conf"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    elif k < 0.88:
        daemon.send(PORT, rnd.choice([b"GET / HTTP/1.0\r\n\r\n", b"\x00\x00\x00\x04abcd", b"",
                                      b"\x81\x00\x00\x44" + bytes(68), b"\x00\x00\x00\x2f\xffSMB" + bytes(43),
                                      b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(40)]),
                    linger=rnd.uniform(0.1, 0.6))
    else:
        smbclient(work, "public", None, None, "; ".join(rnd.choice(["ls", f"get f{rnd.randrange(60):03d}.txt",
                                                                    f"put hello.txt f{rnd.randrange(60):03d}.txt"])
                                                        for _ in range(rnd.randrange(2, 6))), proto)


def start(work):
    # its own session: smbd signals its whole process group when it stops
    proc = subprocess.Popen(["smbd", "-F", "--no-process-group", "-s", f"{work}/smb.conf"], start_new_session=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemon.wait_port(PORT, timeout=30)
    return proc


def stop(proc, sig=signal.SIGTERM):
    """Stops smbd and then, by pid, the children it forked that outlive it (after a SIGKILL)."""
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    daemon.stop(proc, sig)
    time.sleep(0.3)
    for pid in children:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass


def stop_helpers(work):
    """Stops, by pid, the samba-dcerpcd helpers smbd started for this configuration (they run in a session of
    their own and outlive it)."""
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        if pid.isdigit() and f"--configfile={work}/smb.conf".encode() in cmd:
            try:
                os.kill(int(pid), signal.SIGTERM)
            except ProcessLookupError:
                pass


def ctl(work, *args):
    subprocess.run(["smbcontrol", "-s", f"{work}/smb.conf", "smbd", *args],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)


def workload(work):
    for d in ("priv", "lock", "state", "cache", "pid", "local", "share/public", "share/data", "share/docs",
              "share/vault"):
        os.makedirs(f"{work}/{d}", exist_ok=True)
    os.chmod(f"{work}", 0o755)
    for d in ("share/public", "share/docs", "share/vault", "share/data"):
        os.chmod(f"{work}/{d}", 0o777)
    with open(f"{work}/local/hello.txt", "w") as f:
        f.write("hello from the OATS benchmark\n" * 20)
    for i in range(0, 60, 3):
        with open(f"{work}/share/docs/f{i:03d}.txt", "w") as f:
            f.write("document %d\n" % i)
    with open(f"{work}/client.conf", "w") as f:
        f.write("[global]\n  client min protocol = NT1\n")
    config(work)
    for user, password in USERS.items():
        if subprocess.run(["id", user], capture_output=True).returncode:
            subprocess.run(["useradd", "-M", "-s", "/usr/sbin/nologin", user], check=True)
        subprocess.run(["smbpasswd", "-s", "-a", "-c", f"{work}/smb.conf", user], input=f"{password}\n{password}\n",
                       text=True, check=True, capture_output=True)
    subprocess.run(["chown", "oatsuser", f"{work}/share/data"], check=True)
    log = f"{work}/log.smbd"
    proc = start(work)
    extra, level, level3 = [], 2, 0
    try:
        while daemon.lines_in(log) < 2600:
            k = rnd.random()
            if k < 0.86:
                session(work)
                time.sleep(rnd.uniform(0.05, 0.3))
                if level3:
                    level3 -= 1
                    if not level3:   # back to level 2 in the configuration
                        level = 2
                        config(work, extra, level)
                        ctl(work, "reload-config")
            elif k < 0.89 and not level3:
                if rnd.random() < 0.5:   # level 3 for a while, in the configuration
                    level, level3 = 3, rnd.randrange(3, 10)
                    config(work, extra, level)
                    ctl(work, "reload-config")
                else:   # or for the running smbd only, until it next reads its configuration
                    ctl(work, "debug", "3")
            elif k < 0.93:
                name = rnd.choice(["vault", "broken", "scratch"])
                extra = [e for e in extra if e != name] if name in extra else extra + [name]
                config(work, extra, level)
                if rnd.random() < 0.5:
                    ctl(work, "reload-config")
                else:
                    proc.send_signal(signal.SIGHUP)
                time.sleep(0.5)
            elif k < 0.96:
                subprocess.run(["smbpasswd", "-c", f"{work}/smb.conf", rnd.choice(["-d", "-e"]), "oatsbob"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            else:
                stop(proc, signal.SIGKILL if rnd.random() < 0.3 else signal.SIGTERM)
                time.sleep(rnd.uniform(0.3, 1.0))
                proc = start(work)
    finally:
        stop(proc)
        stop_helpers(work)
    return log


def run():
    """Runs smbd under the workload; returns the raw log it kept."""
    return label.run_in_work_folder("samba", workload)

# (id, template, regex over the message, without its two-space indent): an event per format string of
# Samba 4.17.12's DEBUG()/DBG_*() calls (file:line as in the headers that print them).
U = r"\S+"            # a user, share, file or domain name
N = r"\d+"
EVENTS = label.compile_events([
    # smbd's start, reloads and children (server.c, profile.c, tallocmsg.c, dmallocmsg.c, server_exit.c)
    ("M1", "smbd version <*> started.", r"smbd version \S+ started\."),                          # server.c:1741
    ("M2", "Copyright Andrew Tridgell and the Samba Team <*>", r"Copyright Andrew Tridgell and the Samba Team \S+"),  # DEBUGADD after it
    ("M3", "uid=<*> gid=<*> euid=<*> egid=<*>", r"uid=\d+ gid=\d+ euid=\d+ egid=\d+"),          # server.c:1744
    ("M4", "INFO: Profiling turned OFF from pid <*>", r"INFO: Profiling turned OFF from pid \d+"),  # profile.c:53
    ("M5", "Registered MSG_REQ_POOL_USAGE", r"Registered MSG_REQ_POOL_USAGE"),                    # tallocmsg.c:84
    ("M6", "Registered MSG_REQ_DMALLOC_MARK and LOG_CHANGED", r"Registered MSG_REQ_DMALLOC_MARK and LOG_CHANGED"),
    ("M7", "waiting for connections", r"waiting for connections"),                                # server.c:1379
    ("M8", "parent: Reloading services after SIGHUP", r"parent: Reloading services after SIGHUP"),  # server.c:1428
    ("M9", "notifyd_init_trigger: notifyd restarted", r"notifyd_init_trigger: notifyd restarted"),  # server.c:528
    ("M10", "remove_child_pid: Restarting notifyd", r"remove_child_pid: Restarting notifyd"),     # server.c:861
    ("M11", "Server exit (<*>)", r"Server exit \(.*\)"),                                         # server_exit.c:229
    ("M12", "rpc_worker_exited: No worker with PID <*>", r"rpc_worker_exited: No worker with PID \d+"),  # rpc_host.c:1752
    ("M13", "INFO: Debug class <*> level = <*>   (pid <*> from pid <*>)",
     r"INFO: Debug class \S+ level = \d+\s+\(pid \d+ from pid \d+\)"),                          # debug_s3.c:97
    ("M14", "tdb(<*>): tdb_open_ex: could not open file <*>: <*>", r"tdb\(\S+\): tdb_open_ex: could not open file \S+: .*"),
    # configuration (loadparm.c, interface.c)
    ("C1", "lp_load_ex: refreshing parameters", r"lp_load_ex: refreshing parameters"),
    ("C2", "Initialising global parameters", r"Initialising global parameters"),
    ("C3", "Processing section \"[<*>]\"", r'Processing section "\[.*\]"'),                       # loadparm.c:2880, 2897
    ("C4", "adding IPC service", r"adding IPC service"),
    ("C5", "added interface <*> ip=<*> bcast=<*> netmask=<*>", r"added interface \S+ ip=\S+ bcast=\S+ netmask=\S+"),
    ("C6", "process_usershare_file: stat of <*> failed. <*>", r"process_usershare_file: stat of \S+ failed\. .*"),
    # authentication (auth.c, check_samsec.c, ntlm_check.c, ntlmssp, gensec, auth_log.c, token_util.c, lookup_sid.c)
    ("A1", "GENSEC backend '<*>' registered", r"GENSEC backend '[^']*' registered"),
    ("A2", "Got NTLMSSP neg_flags=<*>", r"Got NTLMSSP neg_flags=0x[0-9a-f]+"),
    ("A3", "Got user=[<*>] domain=[<*>] workstation=[<*>] len1=<*> len2=<*>",
     r"Got user=\[.*\] domain=\[.*\] workstation=\[.*\] len1=\d+ len2=\d+"),
    ("A4", "NTLMSSP Sign/Seal - Initialising with flags:", r"NTLMSSP Sign/Seal - Initialising with flags:"),
    ("A5", "check_ntlm_password:  Checking password for unmapped user [<*>]\\[<*>]@[<*>] with the new password interface",
     r"check_ntlm_password:  Checking password for unmapped user \[.*\]\\\[.*\]@\[.*\] with the new password interface"),
    ("A6", "check_ntlm_password:  mapped user is: [<*>]\\[<*>]@[<*>]", r"check_ntlm_password:  mapped user is: \[.*\]\\\[.*\]@\[.*\]"),
    ("A7", "auth_check_ntlm_password: <*> authentication for user [<*>] succeeded",
     r"auth_check_ntlm_password: \S+ authentication for user \[.*\] succeeded"),
    ("A8", "check_ntlm_password:  authentication for user [<*>] -> [<*>] -> [<*>] succeeded",
     r"check_ntlm_password:  authentication for user \[.*\] -> \[.*\] -> \[.*\] succeeded"),
    ("A9", "check_ntlm_password:  Authentication for user [<*>] -> [<*>] FAILED with error <*>, authoritative=<*>",
     r"check_ntlm_password:  Authentication for user \[.*\] -> \[.*\] FAILED with error \w+, authoritative=\d+"),
    ("A10", "sam_account_ok: Account for user '<*>' was disabled.", r"sam_account_ok: Account for user '.*' was disabled\."),
    ("A11", "check_sam_security: Couldn't find user '<*>' in passdb.", r"check_sam_security: Couldn't find user '.*' in passdb\."),
    ("A12", "ntlm_password_check: NTLMv2 password check failed", r"ntlm_password_check: NTLMv2 password check failed"),
    ("A13", "ntlm_password_check: Lanman passwords NOT PERMITTED for user <*>",
     r"ntlm_password_check: Lanman passwords NOT PERMITTED for user \S+"),
    ("A14", "ntlm_password_check: LM password and LMv2 failed for user <*>, and NT MD4 password in LM field not permitted",
     r"ntlm_password_check: LM password and LMv2 failed for user \S+, and NT MD4 password in LM field not permitted"),
    ("A15", "gensec_spnego_server_negTokenTarg_step: SPNEGO(<*>) login failed: <*>",
     r"gensec_spnego_server_negTokenTarg_step: SPNEGO\(\w+\) login failed: \w+"),
    # auth_log.c:647: the logon line of a success ("became ...") and of a failure ("mapped to ...")
    ("A16", "Auth: [<*>,<*>] user [<*>]\\[<*>] at [<*>] with [<*>] status [<*>] workstation [<*>] remote host [<*>] became [<*>]\\[<*>] [<*>]. local host [<*>] <*>",
     r"Auth: \[.*\] user \[.*\]\\\[.*\] at \[.*\] with \[.*\] status \[\w+\] workstation \[.*\] remote host \[\S+\] became \[.*\]\\\[.*\] \[\S+\]\. local host \[\S+\] ?.*"),
    ("A17", "Auth: [<*>,<*>] user [<*>]\\[<*>] at [<*>] with [<*>] status [<*>] workstation [<*>] remote host [<*>] mapped to [<*>]\\[<*>]. local host [<*>] <*>",
     r"Auth: \[.*\] user \[.*\]\\\[.*\] at \[.*\] with \[.*\] status \[\w+\] workstation \[.*\] remote host \[\S+\] mapped to \[.*\]\\\[.*\]\. local host \[\S+\] ?.*"),
    ("A18", "<*> (the JSON authentication audit record)", r'\{"timestamp": .*"type": "Authentication".*\}'),
    ("A19", "Failed to fetch domain sid for <*>", r"Failed to fetch domain sid for \S+"),
    ("A20", "Forcing Primary Group to 'Domain Users' for <*>", r"Forcing Primary Group to 'Domain Users' for \S+"),
    ("A21", "string_to_sid: SID <*> is not in a valid format", r"string_to_sid: SID \S+ is not in a valid format"),
    ("A23", "No such user <*> [<*>] - using guest account", r"No such user \S+ \[.*\] - using guest account"),
    ("A22", "Adding homes service for user '<*>' using home directory: '<*>'",
     r"Adding homes service for user '.*' using home directory: '.*'"),
    # connections, shares and files (smbd/*.c, access.c)
    ("S1", "Allowed connection from <*> (<*>)", r"Allowed connection from \S+ \(\S+\)"),
    ("S2", "Denied connection from <*> (<*>)", r"Denied connection from \S+ \(\S+\)"),
    ("S3", "<*> (<*>) signed connect to service <*> initially as user <*> (uid=<*>, gid=<*>) (pid <*>)",
     r"\S+ \(\S+\) signed connect to service \S+ initially as user \S+ \(uid=\d+, gid=\d+\) \(pid \d+\)"),
    ("S4", "<*> (<*>) connect to service <*> initially as user <*> (uid=<*>, gid=<*>) (pid <*>)",
     r"\S+ \(\S+\) connect to service \S+ initially as user \S+ \(uid=\d+, gid=\d+\) \(pid \d+\)"),
    ("S5", "<*> (<*>) closed connection to service <*>", r"\S+ \(\S+\) closed connection to service \S+"),
    ("S6", "make_connection_snum: Connect path is '<*>' for service [<*>]",
     r"make_connection_snum: Connect path is '.*' for service \[.*\]"),
    ("S7", "create_connection_session_info: guest user (from session setup) not permitted to access this share (<*>)",
     r"create_connection_session_info: guest user \(from session setup\) not permitted to access this share \(.*\)"),
    ("S8", "create_connection_session_info: user '<*>' (from session setup) not permitted to access this share (<*>)",
     r"create_connection_session_info: user '.*' \(from session setup\) not permitted to access this share \(.*\)"),
    ("S9", "create_connection_session_info failed: <*>", r"create_connection_session_info failed: \w+"),
    ("S10", "[<*>] share not available for user <*> because it was not found or created at session setup time",
     r"\[.*\] share not available for user \S+ because it was not found or created at session setup time"),
    ("S11", "Initialising default vfs hooks", r"Initialising default vfs hooks"),
    ("S12", "Initialising custom vfs hooks from [<*>]", r"Initialising custom vfs hooks from \[.*\]"),
    ("S13", "<*> opened file <*> read=<*> write=<*> (numopen=<*>)", r"\S+ opened file .* read=\w+ write=\w+ \(numopen=\d+\)"),
    ("S14", "<*> closed file <*> (numopen=<*>) <*>", r"\S+ closed file .* \(numopen=\d+\) \w+"),
    ("S15", "open_directory: unable to create <*>. Error was <*>", r"open_directory: unable to create .*\. Error was \w+"),
    ("S16", "smbd_dirptr_get_entry mask=[<*>] found <*> fname=<*> (<*>)", r"smbd_dirptr_get_entry mask=\[.*\] found .* fname=.* \(.*\)"),
    ("S17", "get_referred_path: |<*>| in dfs path <*> is not a dfs root.", r"get_referred_path: \|.*\| in dfs path \S+ is not a dfs root\."),
    ("S18", "fcntl_getlock: fd <*> is returned info <*> pid <*>", r"fcntl_getlock: fd \d+ is returned info \d+ pid \d+"),
    ("S19", "smbd_do_qfsinfo: level = <*>", r"smbd_do_qfsinfo: level = \d+"),
    ("S20", "smb2: fnum <*>, file <*>, length=<*> offset=<*> wrote=<*>", r"smb2: fnum \d+, file .*, length=\d+ offset=\d+ wrote=\d+"),
    ("S21", "init_oplocks: initializing messages.", r"init_oplocks: initializing messages\."),
    ("S22", "Transaction <*> of length <*> (<*> toread)", r"Transaction \d+ of length \d+ \(\d+ toread\)"),
    ("S23", "read_fd_with_timeout failed for client <*> read error = <*>.", r"read_fd_with_timeout failed for client \S+ read error = \w+\."),
    ("S24", "Non-SMB packet of length <*>. Terminating server", r"Non-SMB packet of length \d+\. Terminating server"),
    ("S25", "Invalid name type in session request", r"Invalid name type in session request"),
    ("S26", "Requested protocol [<*>]", r"Requested protocol \[.*\]"),
    ("S27", "Selected protocol <*>", r"Selected protocol .*"),                                   # smb1_negprot.c:686, smb2_negprot.c:341
    ("S28", "switch message <*> (pid <*>) conn <*>", r"switch message \w+ \(pid \d+\) conn 0x[0-9a-f]+"),
    ("S29", "make_connection_snum: '<*>' does not exist or permission denied when connecting to [<*>] Error was <*>",
     r"make_connection_snum: '.*' does not exist or permission denied when connecting to \[.*\] Error was .*"),
] + [
    # smb2_server.c:3961, smbd_smb2_request_error_ex's `at %s`: the caller's __location__, an event each
    (f"E{i}", f"smbd_smb2_request_error_ex: smbd_smb2_request_error_ex: idx[<*>] status[<*>] || at {loc}",
     rf"smbd_smb2_request_error_ex: smbd_smb2_request_error_ex: idx\[\d+\] status\[\w+\] \|\| at {re.escape(loc)}")
    for i, loc in enumerate([
        "../../source3/smbd/smb2_sesssetup.c:147", "../../source3/smbd/smb2_ioctl.c:353",
        "../../source3/smbd/smb2_query_directory.c:160", "../../source3/smbd/smb2_create.c:339",
        "../../source3/smbd/smb2_tcon.c:151", "../../source3/smbd/smb2_create.c:1012",
        "../../source3/smbd/smb2_negprot.c:225"], 1)
])

HEADER = re.compile(r"^\[\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6}, +\d+\] (\S+:\d+\(\w+\))$")


def label_samba(raw_log, lines=2000):
    """Labels a raw log: a header line by its call site (an event per call site, made here from the call
    sites it names), any other line by EVENTS; writes the first `lines` lines."""
    kept = daemon.read_lines(raw_log)
    if len(kept) < lines:
        sys.exit(f"only {len(kept)} lines: make the workload longer")
    kept = kept[:lines]
    sites = sorted({m.group(1) for m in map(HEADER.match, kept) if m})
    headers = label.compile_events([(f"H{i}", site, re.escape(site)) for i, site in enumerate(sites, 1)])

    def content_of(line):
        m = HEADER.match(line)
        return m.group(1) if m else line[2:] if line.startswith("  ") else line
    labelled = label.label([l for l in kept if HEADER.match(l)], headers, content_of)
    labelled = iter(labelled)
    body = iter(label.label([l for l in kept if not HEADER.match(l)], EVENTS, content_of))
    label.write(HERE, "samba", [next(labelled) if HEADER.match(l) else next(body) for l in kept])


if __name__ == "__main__":
    label_samba(sys.argv[sys.argv.index("--raw") + 1] if "--raw" in sys.argv else run())
