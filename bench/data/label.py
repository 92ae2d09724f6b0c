"""Shared by the generators in bench/data: labels log lines with the event whose format string
matches them, and writes the Loghub-2k layout (<S>_2k.log, <S>_2k.log_structured.csv,
<S>_2k.log_templates.csv) that bench/loghub.sh scores.

Each event is (id, template, regex): the template is the program's format string written with
<*> for its conversions, the regex the same format string with each conversion as a group of what
it may print. A line that matches no event, or more than one, stops the generator: every line of
the data set is labelled, and labelled once.
"""
import csv
import re
import sys
from collections import Counter


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
