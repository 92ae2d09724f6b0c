#!/usr/bin/env python3
"""Writes the log corpus that LogCorpusTest scores: one log per format a team runs, each written
for the tests (no line comes from a real system), with its incident buried in routine traffic.

Each <name>.log has a <name>.proofs beside it: the facts an on-call engineer must find in the
summary, one per line, matched case-insensitively. Run it again after changing it; the output is
fixed by the seed, so the files only change when this script does.

    python3 oats-tools/src/test/resources/logs/corpus/generate.py
"""
import datetime
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
START = datetime.datetime(2026, 11, 30, 9, 0, 0, tzinfo=datetime.timezone.utc)


def write(name, lines, proofs):
    with open(os.path.join(HERE, name + ".log"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(HERE, name + ".proofs"), "w") as f:
        f.write("# facts the summary of %s.log must show, one per line, any letter case\n" % name)
        f.write("\n".join(proofs) + "\n")


def clock(step_ms, jitter, rnd):
    t = START
    while True:
        yield t
        t += datetime.timedelta(milliseconds=step_ms + rnd.randint(0, jitter))


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def routine(rnd, n):
    """Routine request traffic: the noise around every incident."""
    paths = ["/api/cart", "/api/items", "/healthz", "/api/user", "/metrics"]
    for _ in range(n):
        yield rnd.choice(paths), rnd.randint(2, 40), "%08x" % rnd.getrandbits(32)


def json_string_levels(rnd):
    t = clock(400, 300, rnd)
    out = [
        '{"level":"info","ts":"%s","logger":"main","msg":"starting payments","version":"3.2.1"}'
        % iso(next(t)),
        '{"level":"info","ts":"%s","logger":"main","msg":"listening","addr":":8080"}' % iso(next(t)),
    ]
    for i, (path, ms, rid) in enumerate(routine(rnd, 600)):
        out.append(
            '{"level":"info","ts":"%s","logger":"http","msg":"request served","path":"%s",'
            '"status":200,"latency_ms":%d,"request_id":"%s"}' % (iso(next(t)), path, ms, rid))
        if 280 <= i < 320:
            out.append(
                '{"level":"error","ts":"%s","logger":"gateway","msg":"payment gateway timeout",'
                '"provider":"acquirer-eu","latency_ms":%d,"request_id":"%s"}'
                % (iso(next(t)), rnd.randint(5000, 9000), rid))
        if i == 321:
            out.append(
                '{"level":"warn","ts":"%s","logger":"gateway","msg":"circuit breaker open",'
                '"provider":"acquirer-eu","failures":40}' % iso(next(t)))
    write("json-string-levels", out, [
        "payment gateway timeout",
        "circuit breaker open",
        "latency_ms: 5",
    ])


def json_numeric_levels(rnd):
    t = clock(250, 200, rnd)
    ms = lambda: int(next(t).timestamp() * 1000)
    out = ['{"level":30,"time":%d,"pid":7,"hostname":"orders-5d9","msg":"server listening on 3000"}'
           % ms()]
    for i, (path, dur, rid) in enumerate(routine(rnd, 700)):
        out.append('{"level":30,"time":%d,"pid":7,"hostname":"orders-5d9","req":{"method":"GET",'
                   '"url":"%s"},"responseTime":%d,"msg":"request completed"}' % (ms(), path, dur))
        if i % 50 == 0:
            out.append('{"level":20,"time":%d,"pid":7,"hostname":"orders-5d9","msg":"cache stats",'
                       '"hits":%d,"misses":%d}' % (ms(), rnd.randint(900, 999), rnd.randint(1, 9)))
        if 330 <= i < 350:
            out.append('{"level":50,"time":%d,"pid":7,"hostname":"orders-5d9","err":{"type":"Error",'
                       '"message":"connect ECONNREFUSED 10.0.3.7:6379","code":"ECONNREFUSED"},'
                       '"msg":"redis connection lost"}' % ms())
    out.append('{"level":60,"time":%d,"pid":7,"hostname":"orders-5d9","msg":"unhandled rejection: '
               'session store unavailable, exiting"}' % ms())
    write("json-numeric-levels", out, [
        "redis connection lost",
        "ECONNREFUSED",
        "session store unavailable",
        "FATAL",
    ])


def logfmt_with_level(rnd):
    t = clock(300, 300, rnd)
    out = ['time=%s level=info msg="starting proxy" version=1.9.0' % iso(next(t))]
    for i, (path, ms, rid) in enumerate(routine(rnd, 700)):
        out.append('time=%s level=info msg="proxied request" path=%s status=200 duration=%dms'
                   % (iso(next(t)), path, ms))
        if 400 <= i < 430:
            out.append('time=%s level=error msg="upstream connect error" upstream=inventory:8080 '
                       'reason="connection reset by peer" duration=%dms'
                       % (iso(next(t)), rnd.randint(1000, 3000)))
    write("logfmt-with-level", out, [
        "upstream connect error",
        "connection reset by peer",
        "inventory:8080",
    ])


def logfmt_gokit_without_level(rnd):
    t = clock(1000, 500, rnd)
    out = ['ts=%s caller=main.go:57 msg="Starting compactor" version=2.51.0' % iso(next(t))]
    for i in range(600):
        out.append('ts=%s caller=head.go:812 component=tsdb msg="Head GC completed" duration=%dms'
                   % (iso(next(t)), rnd.randint(20, 90)))
        if i % 20 == 0:
            out.append('ts=%s caller=compact.go:440 component=tsdb msg="write block" mint=%d '
                       'maxt=%d duration=%dms' % (iso(next(t)), 1764000000 + i, 1764007200 + i,
                                                   rnd.randint(200, 900)))
        if 300 <= i < 312:
            out.append('ts=%s caller=compact.go:702 component=tsdb msg="compaction failed" '
                       'err="write chunks: disk quota exceeded"' % iso(next(t)))
    write("logfmt-gokit-without-level", out, [
        "compaction failed",
        "disk quota exceeded",
        "2026-11-30T09:",
    ])


def klog(rnd):
    t = clock(500, 500, rnd)
    k = lambda level: "%s%s %s.%06d       1" % (
        level, next(t).strftime("%m%d"), next(t).strftime("%H:%M:%S"), rnd.randint(0, 999999))
    out = [k("I") + " server.go:95] Starting controller-manager v1.31.2"]
    for i in range(700):
        out.append(k("I") + ' controller.go:231] "Synced" resource="deployments" namespace="shop" '
                   'elapsed="%dms"' % rnd.randint(1, 30))
        if 350 <= i < 380:
            out.append(k("E") + ' reflector.go:158] "Unhandled Error" err="failed to list '
                       '*v1.Pod: pods is forbidden: User \\"system:serviceaccount:kube-system:'
                       'pod-gc\\" cannot list resource \\"pods\\""')
        if i == 381:
            out.append(k("W") + " leaderelection.go:429] failed to renew lease kube-system/"
                       "kube-controller-manager: timed out waiting for the condition")
    write("klog", out, [
        "failed to list *v1.Pod",
        "pods is forbidden",
        "failed to renew lease",
    ])


def go_panic(rnd):
    t = clock(800, 400, rnd)
    out = ['%s INFO starting indexer workers=4' % iso(next(t))]
    for i in range(500):
        out.append('%s INFO indexed batch size=%d took=%dms' % (iso(next(t)), rnd.randint(100, 500),
                                                                 rnd.randint(10, 80)))
        if i == 260:
            out.append("runtime: goroutine stack exceeds 1000000000-byte limit")
            out.append("runtime: sp=0xc0200e0390 stack=[0xc0200e0000, 0xc0400e0000]")
            out.append("fatal error: stack overflow")
            out.append("")
            out.append("goroutine 18 [running]:")
            for depth in range(300):
                out.append("example.com/indexer/tree.(*Node).Walk(0xc000%06x, 0x%x)" % (
                    depth * 48, depth))
                out.append("\t/src/indexer/tree/node.go:88 +0x5c")
            out.append("...additional frames elided...")
            out.append("created by example.com/indexer/worker.Start in goroutine 1")
            out.append("\t/src/indexer/worker/pool.go:41 +0x1a5")
    write("go-panic", out, [
        "fatal error: stack overflow",
        "tree.(*Node).Walk",
        "repeated",
    ])


def java_trace(rnd):
    t = clock(600, 400, rnd)
    ts = lambda: next(t).strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % rnd.randint(0, 999)
    out = [ts() + " INFO  [main] c.s.pricing.Application - Started Application in 6.2 seconds"]
    for i in range(500):
        out.append(ts() + " INFO  [http-nio-8080-exec-%d] c.s.pricing.PriceController - priced "
                   "cart %d items=%d in %dms" % (rnd.randint(1, 9), rnd.randint(1000, 9999),
                                                 rnd.randint(1, 12), rnd.randint(5, 60)))
        if i == 240:
            out.append(ts() + " ERROR [http-nio-8080-exec-3] o.a.c.c.C.[dispatcherServlet] - "
                       "Servlet.service() threw exception")
            out.append("java.lang.StackOverflowError: null")
            for _ in range(400):
                out.append("\tat com.shop.pricing.rules.DiscountRule.apply(DiscountRule.java:57)")
            out.append("\tat com.shop.pricing.PriceController.price(PriceController.java:31)")
        if i == 300:
            out.append(ts() + " ERROR [scheduling-1] c.s.pricing.CatalogSync - catalog sync failed")
            out.append("org.springframework.dao.DataAccessResourceFailureException: "
                       "could not open connection")
            out.append("\tat org.springframework.orm.jpa.JpaTransactionManager.doBegin"
                       "(JpaTransactionManager.java:466)")
            out.append("Caused by: org.postgresql.util.PSQLException: FATAL: too many clients "
                       "already")
            out.append("\tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication"
                       "(ConnectionFactoryImpl.java:693)")
            out.append("\t... 42 more")
    write("java-trace", out, [
        "StackOverflowError",
        "DiscountRule.apply(DiscountRule.java:57)",
        "recursive calls",
        "too many clients already",
    ])


def python_trace(rnd):
    t = clock(700, 400, rnd)
    ts = lambda: next(t).strftime("%Y-%m-%d %H:%M:%S,") + "%03d" % rnd.randint(0, 999)
    out = [ts() + " INFO worker: consumer started queue=invoices"]
    for i in range(500):
        out.append(ts() + " INFO worker: processed invoice %d in %.2fs" % (
            rnd.randint(10000, 99999), rnd.uniform(0.05, 0.4)))
        if i == 200:
            out.append(ts() + " ERROR worker: failed to render invoice 48213")
            out.append("Traceback (most recent call last):")
            out.append('  File "/app/worker.py", line 88, in handle')
            out.append("    pdf = render(invoice)")
            out.append('  File "/app/render.py", line 41, in render')
            out.append("    return render_lines(invoice.lines)")
            out.append('  File "/app/render.py", line 57, in render_lines')
            out.append("    return render_lines(children)")
            out.append('  File "/app/render.py", line 57, in render_lines')
            out.append("    return render_lines(children)")
            out.append("  [Previous line repeated 994 more times]")
            out.append('  File "/app/render.py", line 55, in render_lines')
            out.append("    children = [l for l in lines if l.parent]")
            out.append("RecursionError: maximum recursion depth exceeded")
        if i == 350:
            out.append(ts() + " ERROR worker: task crashed")
            out.append("Traceback (most recent call last):")
            out.append('  File "/app/worker.py", line 91, in handle')
            out.append('    customer = customers[invoice.customer_id]')
            out.append("KeyError: 'cust-7731'")
    write("python-trace", out, [
        "RecursionError: maximum recursion depth exceeded",
        "render_lines",
        "repeated",
        "KeyError: 'cust-7731'",
    ])


def nginx_access(rnd):
    t = clock(200, 200, rnd)
    out = []
    for i, (path, ms, rid) in enumerate(routine(rnd, 900)):
        ip = "10.1.%d.%d" % (rnd.randint(0, 3), rnd.randint(2, 250))
        stamp = next(t).strftime("%d/%b/%Y:%H:%M:%S +0000")
        out.append('%s - - [%s] "GET %s HTTP/1.1" 200 %d "-" "kube-probe/1.31" %.3f'
                   % (ip, stamp, path, rnd.randint(200, 3000), ms / 1000))
        if 500 <= i < 540:
            out.append('%s - - [%s] "POST /api/checkout HTTP/1.1" 504 167 "-" "shop-web/2.4" %.3f'
                       % (ip, stamp, 60 + rnd.random()))
    write("nginx-access", out, [
        "/api/checkout",
        "504",
        "60.",
    ])


def envoy_access(rnd):
    t = clock(250, 150, rnd)
    out = []
    for i, (path, ms, rid) in enumerate(routine(rnd, 800)):
        out.append('[%s] "GET %s HTTP/1.1" 200 - 0 %d %d %d "10.2.0.%d" "curl/8.5.0" "%s" '
                   '"cart.shop.svc" "10.2.1.17:8080"' % (iso(next(t)), path, rnd.randint(90, 900),
                                                        ms, ms - 1, rnd.randint(2, 200), rid))
        if 200 <= i < 225:
            out.append('[%s] "GET /api/stock HTTP/1.1" 503 UF,URX 0 91 %d - "10.2.0.9" '
                       '"shop-web/2.4" "%s" "stock.shop.svc" "-"' % (iso(next(t)),
                                                                   rnd.randint(1, 5), rid))
    write("envoy-access", out, [
        "/api/stock",
        "503 UF,URX",
        "stock.shop.svc",
    ])


def postgres(rnd):
    t = clock(900, 600, rnd)
    ts = lambda: next(t).strftime("%Y-%m-%d %H:%M:%S.") + "%03d UTC" % rnd.randint(0, 999)
    out = [ts() + " [1] LOG:  database system is ready to accept connections"]
    for i in range(500):
        pid = rnd.randint(100, 9999)
        out.append(ts() + " [%d] LOG:  duration: %.3f ms  statement: SELECT * FROM orders WHERE id"
                   " = %d" % (pid, rnd.uniform(0.1, 3.0), rnd.randint(1, 99999)))
        if i % 100 == 0:
            out.append(ts() + " [%d] LOG:  checkpoint complete: wrote %d buffers (%.1f%%)"
                       % (pid, rnd.randint(10, 900), rnd.uniform(0.1, 5)))
        if i == 260:
            out.append(ts() + " [4242] ERROR:  deadlock detected")
            out.append(ts() + " [4242] DETAIL:  Process 4242 waits for ShareLock on transaction "
                       "88123; blocked by process 4243.")
            out.append(ts() + " [4242] STATEMENT:  UPDATE stock SET qty = qty - 1 WHERE sku = "
                       "'A-113'")
        if 300 <= i < 306:
            out.append(ts() + " [%d] FATAL:  remaining connection slots are reserved for "
                       "non-replication superuser connections" % pid)
    write("postgres", out, [
        "deadlock detected",
        "remaining connection slots are reserved",
        "ShareLock",
    ])


def levelless(rnd):
    t = clock(300, 300, rnd)
    out = ["mailer 4.1 booting", "loaded 12 templates", "smtp relay smtp.internal:587"]
    for i in range(700):
        out.append("%s message %d queued for %s" % (iso(next(t)), rnd.randint(10000, 99999),
                                                   rnd.choice(["billing", "signup", "reset"])))
        out.append("%s message %d delivered in %dms" % (iso(next(t)), rnd.randint(10000, 99999),
                                                         rnd.randint(20, 200)))
        if 380 <= i < 420 and i % 2 == 0:
            out.append("%s message %d sent on retry %d after relay refused connection"
                       % (iso(next(t)), rnd.randint(10000, 99999), rnd.randint(1, 3)))
    write("levelless", out, [
        "sent on retry",
        "relay refused connection",
        "no level",
    ])


if __name__ == "__main__":
    for make in (json_string_levels, json_numeric_levels, logfmt_with_level,
                 logfmt_gokit_without_level, klog, go_panic, java_trace, python_trace,
                 nginx_access, envoy_access, postgres, levelless):
        make(random.Random(18))
