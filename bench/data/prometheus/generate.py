"""Makes bench/data/prometheus: the logfmt log of a real Prometheus 2.42 and Alertmanager 0.25
(Debian's packages) at level debug, interleaved as one container log: start-up, configuration
reloads, scrapes of targets that refuse connections, an always-firing alert sent to an
Alertmanager whose webhook receiver is down, and shut-downs.

Run from anywhere: python3 bench/data/prometheus/generate.py   (a few minutes: it restarts
Prometheus until the log has enough lines)
The ground truth comes from the programs' own log calls: go-kit's logfmt writes the call site
(caller=file.go:line) and a constant msg on every line, so the event of a line is its call site
and message; the template is the message with the other keys' values as <*>.
"""
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import label  # noqa: E402
from daemon import logfmt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROM_PORT, AM_PORT, DEAD = 19090, 19093, 19099
rnd = random.Random(15)

PROMETHEUS = """
global: {{ scrape_interval: 1s, evaluation_interval: 1s }}
rule_files: [ {work}/rules.yml ]
alerting: {{ alertmanagers: [ {{ static_configs: [ {{ targets: ['127.0.0.1:{am}'] }} ] }} ] }}
scrape_configs:
  - job_name: node
    static_configs: [ {{ targets: [{targets}] }} ]
  - job_name: prometheus
    static_configs: [ {{ targets: ['127.0.0.1:{prom}'] }} ]
"""
RULES = """
groups:
  - name: demo
    rules:
      - alert: TargetDown
        expr: up == 0
        labels: {{ severity: page }}
      - alert: AlwaysFiring
        expr: vector(1)
      - record: job:up:sum
        expr: sum by (job) (up)
"""
ALERTMANAGER = """
route: {{ receiver: hook, group_wait: 1s, group_interval: 2s, repeat_interval: 3s }}
receivers:
  - name: hook
    webhook_configs: [ {{ url: 'http://127.0.0.1:{dead}/alert', send_resolved: true }} ]
"""


def count_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return sum(1 for l in f if l.startswith("ts="))


def main():
    work = tempfile.mkdtemp(prefix="oats-prom-")
    targets = ", ".join(f"'127.0.0.1:{DEAD + i}'" for i in range(1, 4))
    with open(f"{work}/prometheus.yml", "w") as f:
        f.write(PROMETHEUS.format(work=work, am=AM_PORT, prom=PROM_PORT, targets=targets))
    with open(f"{work}/rules.yml", "w") as f:
        f.write(RULES.format())
    with open(f"{work}/alertmanager.yml", "w") as f:
        f.write(ALERTMANAGER.format(dead=DEAD))
    log = open(f"{work}/container.log", "w")
    am = subprocess.Popen(
        ["prometheus-alertmanager", f"--config.file={work}/alertmanager.yml", f"--storage.path={work}/am",
         f"--web.listen-address=127.0.0.1:{AM_PORT}", "--cluster.listen-address=", "--log.level=debug"],
        stdout=log, stderr=log)
    try:
        while count_lines(f"{work}/container.log") < 2100:
            prom = subprocess.Popen(
                ["prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/tsdb",
                 f"--web.listen-address=127.0.0.1:{PROM_PORT}", "--log.level=debug", "--web.enable-lifecycle"],
                stdout=log, stderr=log)
            for _ in range(3):
                time.sleep(2)
                prom.send_signal(signal.SIGHUP)
            time.sleep(2)
            prom.send_signal(signal.SIGTERM)
            prom.wait(timeout=30)
    finally:
        am.send_signal(signal.SIGTERM)
        am.wait(timeout=30)
        log.close()
    with open(f"{work}/container.log", encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.startswith("ts=")]
    shutil.rmtree(work)
    labelled = []
    ids = {}
    for line in lines:
        pairs = logfmt(line)
        d = dict(pairs)
        if "caller" not in d:
            sys.exit(f"no caller: {line!r}")
        # A line without msg (go-kit's build_context, host_details ...) is known by its keys.
        key = (d["caller"], d.get("msg", " ".join(k for k, _ in pairs)))
        eid = ids.setdefault(key, f"E{len(ids) + 1}")
        template = " ".join(
            f"{k}=<*>" if k not in ("msg", "level", "component") else f"{k}={shlex.quote(v)}"
            for k, v in pairs if k != "ts")
        content = line
        labelled.append((line, content, eid, template))
    # One template per event: the first seen (the key set of a call site is fixed).
    first = {}
    labelled = [(l, c, e, first.setdefault(e, t)) for l, c, e, t in labelled]
    if len(labelled) < 2000:
        sys.exit(f"only {len(labelled)} lines: run longer")
    label.write(HERE, "prometheus", labelled[:2000])


if __name__ == "__main__":
    main()
