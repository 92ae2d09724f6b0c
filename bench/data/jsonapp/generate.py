"""Makes bench/data/jsonapp: the JSON-lines log of a small order service written with Python's
standard logging module and a JSON formatter (one object per line: time, level, logger, message,
and the exception text when there is one), as container platforms collect such apps. The service
is simulated here with seeded random requests; what reaches the log is what logging writes.
The event of a line is the format string of the logging call that wrote it, known by construction.
Values include multi-word ones (product names, user agents) and lists of varying length.

Run: python3 bench/data/jsonapp/generate.py
"""
import io
import json
import logging
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import label  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(15)
CLOCK = [1796529600.0]


class JsonFormatter(logging.Formatter):
    def format(self, record):
        obj = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
               + ".%03dZ" % record.msecs, "level": record.levelname, "logger": record.name,
               "message": record.getMessage()}
        if record.exc_info:
            obj["exception"] = self.formatException(record.exc_info)
        return json.dumps(obj)


PRODUCTS = ["Blue Mug", "Espresso Machine Deluxe", "USB-C Cable 2m", "Desk Lamp", "Noise Cancelling Headphones Pro",
            "Notebook", "Standing Desk Frame XL"]
AGENTS = ["okhttp/4.12.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)", "python-requests/2.31.0",
          "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"]
REGIONS = ["eu-west-1", "us-east-2", "ap-south-1"]


def ids(n):
    return ", ".join(str(rnd.randrange(10**5, 10**6)) for _ in range(n))


# (id, logger, level, weight, format string, arguments)
EVENTS = [
    ("E1", "orders.api", logging.INFO, 14, "Order %d created for customer %d: %d items, total %.2f EUR",
     lambda: (rnd.randrange(10**5), rnd.randrange(10**4), rnd.randrange(1, 9), rnd.uniform(3, 900))),
    ("E2", "orders.api", logging.INFO, 10, "GET %s -> %d in %d ms (agent %s)",
     lambda: (rnd.choice(["/orders", "/orders/%d" % rnd.randrange(10**5), "/cart", "/healthz"]), rnd.choice([200, 200, 304, 404]), rnd.randrange(1, 400), rnd.choice(AGENTS))),
    ("E3", "orders.stock", logging.WARNING, 6, "Low stock for %s: %d left in %s",
     lambda: (rnd.choice(PRODUCTS), rnd.randrange(0, 5), rnd.choice(REGIONS))),
    ("E4", "orders.payment", logging.ERROR, 5, "Payment %s declined by %s: %s",
     lambda: ("pay_%x" % rnd.getrandbits(40), rnd.choice(["stripe", "adyen"]), rnd.choice(["insufficient funds", "card expired", "do not honor"]))),
    ("E5", "orders.payment", logging.INFO, 8, "Payment %s captured for order %d",
     lambda: ("pay_%x" % rnd.getrandbits(40), rnd.randrange(10**5))),
    ("E6", "orders.batch", logging.INFO, 5, "Shipping batch %d sent with orders [%s]",
     lambda: (rnd.randrange(1000), ids(rnd.randrange(1, 6)))),
    ("E7", "orders.db", logging.WARNING, 5, "Slow query on %s took %.1f s",
     lambda: (rnd.choice(["orders", "customers", "stock_levels"]), rnd.uniform(1, 12))),
    ("E8", "orders.db", logging.ERROR, 3, "Connection to %s:%d lost, retry %d of %d",
     lambda: (rnd.choice(["db-primary.internal", "10.1.4.7"]), 5432, rnd.randrange(1, 6), 5)),
    ("E9", "orders.cache", logging.DEBUG, 8, "Cache miss for key %s",
     lambda: ("cart:%d" % rnd.randrange(10**5),)),
    ("E10", "orders.cache", logging.DEBUG, 6, "Cache hit ratio %.2f over last %d lookups",
     lambda: (rnd.random(), rnd.randrange(100, 5000))),
    ("E11", "orders.auth", logging.WARNING, 4, "Login failed for user %s from %s",
     lambda: (rnd.choice(["alice", "bob", "carol@example.com", "svc-batch"]), "%d.%d.%d.%d" % tuple(rnd.randrange(1, 255) for _ in range(4)))),
    ("E12", "orders.auth", logging.INFO, 4, "Token refreshed for user %s, expires in %d s",
     lambda: (rnd.choice(["alice", "bob", "dave", "erin"]), rnd.choice([900, 3600]))),
    ("E13", "orders.stock", logging.INFO, 5, "Restocked %s in %s: +%d units",
     lambda: (rnd.choice(PRODUCTS), rnd.choice(REGIONS), rnd.randrange(1, 200))),
    ("E14", "orders.api", logging.ERROR, 3, "Unhandled error on %s %s",
     lambda: (rnd.choice(["POST", "PUT"]), "/orders/%d" % rnd.randrange(10**5))),
    ("E15", "orders.worker", logging.INFO, 4, "Worker %s started with queues %s",
     lambda: ("w-%d" % rnd.randrange(8), ",".join(rnd.sample(["email", "sms", "invoices", "exports", "webhooks"], rnd.randrange(1, 4))))),
    ("E16", "orders.worker", logging.INFO, 5, "Job %s finished in %.3f s",
     lambda: ("%08x" % rnd.getrandbits(32), rnd.uniform(0, 30))),
    ("E17", "orders.worker", logging.WARNING, 3, "Job %s retried (%s)",
     lambda: ("%08x" % rnd.getrandbits(32), rnd.choice(["timeout", "rate limited by upstream", "HTTP 502 from mailer"]))),
    ("E18", "orders.config", logging.INFO, 1, "Feature flag %s is now %s",
     lambda: (rnd.choice(["new_checkout", "fast_search", "gift_cards"]), rnd.choice(["on", "off"]))),
]


def main():
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.Formatter.converter = time.gmtime
    labels = []
    for _ in range(2000):
        eid, name, level, _, fmt, args = rnd.choices(EVENTS, [e[3] for e in EVENTS])[0]
        CLOCK[0] += rnd.uniform(0, 2)
        record = logging.getLogger(name).makeRecord(name, level, "app.py", 1, fmt, args(), None)
        record.created = CLOCK[0]
        record.msecs = int(CLOCK[0] * 1000) % 1000
        if eid == "E14":
            try:
                raise KeyError("customer_id")
            except KeyError:
                record.exc_info = sys.exc_info()
        logging.getLogger(name).handle(record)
        labels.append((eid, fmt.replace("%d", "<*>").replace("%s", "<*>").replace("%.2f", "<*>")
                       .replace("%.1f", "<*>").replace("%.3f", "<*>")))
    lines = buf.getvalue().splitlines()
    assert len(lines) == len(labels)
    labelled = [(line, json.loads(line)["message"], eid, t) for line, (eid, t) in zip(lines, labels)]
    label.write(HERE, "jsonapp", labelled)


if __name__ == "__main__":
    main()
