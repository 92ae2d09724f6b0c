"""Shared by the generators in bench/data: labels log lines with the event whose format string
matches them, and writes the Loghub-2k layout (<S>_2k.log, <S>_2k.log_structured.csv,
<S>_2k.log_templates.csv) that bench/loghub.sh scores.

Each event is (id, template, regex): the template is the program's format string written with
<*> for its conversions, the regex the same format string with each conversion as a group of what
it may print. A line that matches no event, or more than one, stops the generator: every line of
the data set is labelled, and labelled once.
"""
import csv
import os
import re
import shutil
import sys
import tempfile
from collections import Counter


# Python's traceback.py: a traceback's header, a frame, the frame's source line and its carets,
# an event each (the exception's own line is the program's).
PYTHON_TRACEBACK = [
    ("P1", "Traceback (most recent call last):", r"Traceback \(most recent call last\):"),
    ("P2", '  File "<*>", line <*>, in <*>', r'  File "[^"]+", line \d+, in \S+'),
    ("P3", "    <*>", r"    (?![ ~^]*\Z)\S.*"),
    ("P4", "    <*>", r"    [ ]*[~^]+"),
]


# A printf conversion (C's, with Icecast's and Python's %(name)s): what it prints, as a regex.
PRINTF = re.compile(r'%(?:\(\w+\))?[-+ #0-9.*]*(?:hh|h|ll|l|q|j|z|t)?([a-zA-Z%])')


def printf_regex(fmt):
    """The regex of what a printf format string prints: literal text as itself, an integer conversion as
    digits, a hexadecimal one as hex digits, a float as digits and a point, anything else (%s, %r...) as
    any text."""
    out, i = [], 0
    for m in PRINTF.finditer(fmt):
        out.append(re.escape(fmt[i:m.start()]))
        kind = m.group(1)
        out.append("%" if kind == "%" else r"-?\d+" if kind in "diu" else r"[0-9a-fA-Fx]+" if kind in "xXp"
                   else r"-?[\d.]+" if kind in "fFeEgG" else r".*?")
        i = m.end()
    out.append(re.escape(fmt[i:]))
    return "".join(out)


def printf_template(fmt):
    """A printf format string with each conversion as <*> (and %% as %)."""
    return PRINTF.sub(lambda m: "%" if m.group(1) == "%" else "<*>", fmt)


def compile_events(events):
    return [(eid, template, re.compile(pattern + r'\Z')) for eid, template, pattern in events]


def label(lines, events, content_of):
    """[(line, content, event id, template)] for every line; exits on an unlabelled line."""
    out = []
    for line in lines:
        content = content_of(line)
        hits = [(eid, t) for eid, t, rx in events if rx.match(content)]
        if len(hits) != 1:
            sys.exit(f"{len(hits)} events match: {line!r} (content {content!r}): {hits}")
        out.append((line, content, hits[0][0], hits[0][1]))
    return out


def write(folder, name, labelled):
    with open(f"{folder}/{name}_2k.log", "w", encoding="utf-8", newline="\n") as f:
        for line, _, _, _ in labelled:
            f.write(line + "\n")
    with open(f"{folder}/{name}_2k.log_structured.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["LineId", "Content", "EventId", "EventTemplate"])
        for i, (_, content, eid, template) in enumerate(labelled, 1):
            w.writerow([i, content, eid, template])
    counts = Counter((eid, t) for _, _, eid, t in labelled)
    with open(f"{folder}/{name}_2k.log_templates.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["EventId", "EventTemplate", "Occurrences"])
        for (eid, t), n in sorted(counts.items()):
            w.writerow([eid, t, n])
    print(f"{name}: {len(labelled)} lines, {len(counts)} events", file=sys.stderr)


def content_after(*headers):
    """The content of a line as the first of the header regexes that matches it reads it (its group
    1 is the message); a line none matches (a banner, a line printed without a header) is all
    message."""
    def content_of(line):
        for header in headers:
            m = header.match(line)
            if m:
                return m.group(1)
        return line
    return content_of


def keep(log, name):
    """Copies a run's log out of its work folder, for --raw; returns the copy's path."""
    raw_log = os.path.join(tempfile.gettempdir(), f"oats-{name}-raw.log")
    shutil.copy(log, raw_log)
    return raw_log


def run_in_work_folder(name, workload, readable=False):
    """Runs workload(work) in a fresh folder and keeps the log it returns (keep), then removes the
    folder; returns the kept copy. readable opens the folder to a daemon that drops privileges."""
    work = tempfile.mkdtemp(prefix=f"oats-{name}-")
    if readable:
        os.chmod(work, 0o755)
    raw_log = keep(workload(work), name)
    shutil.rmtree(work)
    return raw_log


def main(folder, name, events, content_of, run, lines=2000):
    """A generator's command line: run() makes the log and returns the raw log it kept (keep), whose
    first `lines` labelled lines are written; with --raw FILE, labels a log kept from a run."""
    raw_log = sys.argv[sys.argv.index("--raw") + 1] if "--raw" in sys.argv else run()
    with open(raw_log, encoding="utf-8", errors="replace") as f:
        kept = [l.rstrip("\n") for l in f if l.strip()]
    labelled = label(kept, events, content_of)
    if len(labelled) < lines:
        sys.exit(f"only {len(labelled)} lines: make the workload longer")
    write(folder, name, labelled[:lines])


def generate(folder, header, events, workload, readable=False, lines=2000):
    """The whole command line of a generator that runs a daemon in a work folder (run_in_work_folder,
    with workload and readable) and labels its log (main): the data set's name is its folder's, events
    are (id, template, regex) as compile_events takes them, a line's content is what header's group 1
    reads (content_after; header may be a tuple of regexes, tried in order)."""
    name = os.path.basename(os.path.normpath(folder))
    headers = header if isinstance(header, tuple) else (header,)
    main(folder, name, compile_events(events), content_after(*headers),
         lambda: run_in_work_folder(name, workload, readable=readable), lines)
