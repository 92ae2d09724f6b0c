"""The small Flask service that bench/data/gunicorn/generate.py runs under gunicorn: a stock and order
service over SQLite (Python's sqlite3, one file shared by the workers) that calls a payment service
over HTTP. It logs through Python's `logging` with the request's id in every line
(`%(asctime)s %(levelname)s %(name)s [rid=%(request_id)s] %(message)s`): the id a client sent in
`X-Request-ID`, or one it makes, and `-` outside a request. It is the real code whose log calls are
the ground truth of the app's lines; the workload provokes its errors (unknown items, duplicates,
bad JSON, missing or wrong tokens, rate limits, a payment service that declines, fails, is slow or
down, a database locked by a maintenance job, slow reports past the worker timeout, and bugs that
raise: Flask logs those with their tracebacks).

Settings come from the JSON file in OATS_APP_SETTINGS, read when a worker loads the app: a broken
file stops the worker from booting (gunicorn logs the traceback and halts).
"""
import json
import logging
import os
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

from flask import Flask, abort, g, jsonify, request

SETTINGS = json.load(open(os.environ["OATS_APP_SETTINGS"]))
DB = SETTINGS["database"]
SCHEMA = 3


class RequestId(logging.Filter):
    def filter(self, record):
        try:
            record.request_id = g.request_id
        except (RuntimeError, AttributeError):
            record.request_id = "-"
        return True


handler = logging.StreamHandler(sys.stderr)
handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [rid=%(request_id)s] %(message)s"))
handler.addFilter(RequestId())
for name in ("orders", "app"):
    logging.getLogger(name).addHandler(handler)
    logging.getLogger(name).setLevel(getattr(logging, SETTINGS.get("log_level", "INFO")))
    logging.getLogger(name).propagate = False

log = logging.getLogger("orders.api")
dblog = logging.getLogger("orders.db")
paylog = logging.getLogger("orders.payments")
authlog = logging.getLogger("orders.auth")
cachelog = logging.getLogger("orders.cache")

app = Flask("app")
app.logger.handlers[:] = [handler]

CACHE = {}
HITS = {}
LOCK = threading.Lock()


def connect(timeout=None):
    return sqlite3.connect(DB, timeout=SETTINGS["db_timeout"] if timeout is None else timeout)


def migrate():
    con = connect(timeout=10)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA:
        con.executescript("""
            CREATE TABLE IF NOT EXISTS items (sku TEXT PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL,
                                              stock INTEGER NOT NULL CHECK (stock >= 0));
            CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, total REAL,
                                               status TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS lines (order_id INTEGER, sku TEXT REFERENCES items(sku), qty INTEGER);
        """)
        con.execute(f"PRAGMA user_version = {SCHEMA}")
        con.commit()
        dblog.info("Migrated schema from version %d to %d", version, SCHEMA)
    count = con.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    con.close()
    dblog.info("Opened database %s (schema version %d, %d items)", DB, SCHEMA, count)


migrate()


@app.before_request
def before():
    g.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex[:12]
    g.start = time.time()
    client = request.headers.get("X-Client", request.remote_addr)
    with LOCK:
        window = HITS.setdefault(client, [])
        window[:] = [t for t in window if t > g.start - 10] + [g.start]
        if len(window) > SETTINGS["rate_limit"]:
            log.warning("Rate limit exceeded for %s (%d requests in %ds)", client, len(window), 10)
            return jsonify(error="too many requests"), 429


@app.after_request
def after(response):
    response.headers["X-Request-ID"] = g.request_id
    elapsed = time.time() - g.start
    if elapsed > SETTINGS["slow_request"]:
        log.warning("Slow request %s %s took %.3fs", request.method, request.path, elapsed)
    return response


def customer():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        authlog.warning("Missing bearer token for %s %s from %s", request.method, request.path, request.remote_addr)
        abort(401)
    token = header[7:]
    user = SETTINGS["tokens"].get(token)
    if user is None:
        authlog.warning("Rejected token %s... for %s %s", token[:6], request.method, request.path)
        abort(403)
    authlog.debug("Authenticated %s", user)
    return user


@app.get("/healthz")
def healthz():
    return "ok"


@app.get("/items")
def list_items():
    con = connect()
    rows = con.execute("SELECT sku, name, price, stock FROM items ORDER BY sku LIMIT ?",
                       (int(request.args.get("limit", 50)),)).fetchall()
    con.close()
    log.debug("Listed %d items", len(rows))
    return jsonify([dict(zip(("sku", "name", "price", "stock"), r)) for r in rows])


@app.get("/items/<sku>")
def get_item(sku):
    if sku in CACHE:
        cachelog.debug("Cache hit for item %s", sku)
        return jsonify(CACHE[sku])
    cachelog.debug("Cache miss for item %s", sku)
    con = connect()
    row = con.execute("SELECT sku, name, price, stock FROM items WHERE sku = ?", (sku,)).fetchone()
    con.close()
    if row is None:
        log.info("Item %s not found", sku)
        abort(404)
    CACHE[sku] = dict(zip(("sku", "name", "price", "stock"), row))
    return jsonify(CACHE[sku])


@app.post("/items")
def add_item():
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not {"sku", "name", "price"} <= data.keys():
        log.warning("Rejected item: body is not an item (%d bytes)", request.content_length or 0)
        abort(400)
    con = connect()
    try:
        with con:
            con.execute("INSERT INTO items VALUES (?, ?, ?, ?)",
                        (data["sku"], data["name"], float(data["price"]), int(data.get("stock", 0))))
    except sqlite3.IntegrityError as e:
        log.warning("Item %s not added: %s", data["sku"], e)
        abort(409)
    except sqlite3.OperationalError as e:
        dblog.error("Database busy, gave up adding item %s after %.1fs: %s", data["sku"], time.time() - g.start, e)
        abort(503)
    finally:
        con.close()
    log.info("Added item %s (%s) at %.2f EUR", data["sku"], data["name"], float(data["price"]))
    return jsonify(ok=True), 201


@app.put("/items/<sku>/stock")
def set_stock(sku):
    data = request.get_json(silent=True) or {}
    con = connect()
    try:
        with con:
            n = con.execute("UPDATE items SET stock = ? WHERE sku = ?", (data["stock"], sku)).rowcount
    except sqlite3.OperationalError as e:
        dblog.error("Database busy, gave up setting stock of %s after %.1fs: %s", sku, time.time() - g.start, e)
        abort(503)
    finally:
        con.close()
    CACHE.pop(sku, None)
    if not n:
        log.info("Item %s not found", sku)
        abort(404)
    log.info("Stock of %s set to %s", sku, data["stock"])
    return jsonify(ok=True)


def pay(order_id, user, total):
    body = json.dumps({"order": order_id, "customer": user, "amount": total}).encode()
    req = urllib.request.Request(SETTINGS["payments"] + "/charge", body, {"Content-Type": "application/json",
                                                                         "X-Request-ID": g.request_id})
    started = time.time()
    try:
        with urllib.request.urlopen(req, timeout=SETTINGS["payment_timeout"]) as resp:
            answer = json.load(resp)
    except urllib.error.HTTPError as e:
        if e.code == 402:
            paylog.warning("Payment of %.2f EUR for order %d declined: %s", total, order_id, json.load(e).get("reason"))
            return "declined"
        paylog.error("Payment service answered %d for order %d", e.code, order_id)
        return "failed"
    except urllib.error.URLError as e:
        paylog.error("Payment service unreachable for order %d: %s", order_id, e.reason)
        return "failed"
    except TimeoutError:
        paylog.error("Payment for order %d timed out after %.1fs", order_id, time.time() - started)
        return "failed"
    paylog.info("Charged %.2f EUR for order %d (transaction %s)", total, order_id, answer["transaction"])
    return "paid"


@app.post("/orders")
def create_order():
    user = customer()
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("lines"), list):
        log.warning("Rejected order from %s: no lines", user)
        abort(400)
    con = connect()
    try:
        total = 0.0
        for line in data["lines"]:
            row = con.execute("SELECT price, stock FROM items WHERE sku = ?", (line["sku"],)).fetchone()
            if row is None:
                log.info("Order from %s names unknown item %s", user, line["sku"])
                abort(422)
            if row[1] < line["qty"]:
                log.warning("Not enough stock of %s for %s: wanted %d, have %d", line["sku"], user, line["qty"], row[1])
                abort(409)
            total += row[0] * line["qty"]
        with con:
            order_id = con.execute("INSERT INTO orders (customer, total, status) VALUES (?, ?, 'new')",
                                   (user, round(total, 2))).lastrowid
            for line in data["lines"]:
                con.execute("INSERT INTO lines VALUES (?, ?, ?)", (order_id, line["sku"], line["qty"]))
                con.execute("UPDATE items SET stock = stock - ? WHERE sku = ?", (line["qty"], line["sku"]))
        status = pay(order_id, user, round(total, 2))
        with con:
            con.execute("UPDATE orders SET status = ? WHERE id = ?", (status, order_id))
    except sqlite3.OperationalError as e:
        dblog.error("Database busy, gave up on order for %s after %.1fs: %s", user, time.time() - g.start, e)
        abort(503)
    finally:
        con.close()
    for line in data["lines"]:
        CACHE.pop(line["sku"], None)
    log.info("Order %d for %s: %d lines, %.2f EUR, %s", order_id, user, len(data["lines"]), total, status)
    return jsonify(id=order_id, status=status), 201


@app.get("/orders/<int:order_id>")
def get_order(order_id):
    user = customer()
    con = connect()
    row = con.execute("SELECT customer, total, status FROM orders WHERE id = ?", (order_id,)).fetchone()
    con.close()
    if row is None:
        log.info("Order %d not found", order_id)
        abort(404)
    if row[0] != user:
        authlog.warning("%s may not read order %d of %s", user, order_id, row[0])
        abort(403)
    return jsonify(customer=row[0], total=row[1], status=row[2])


@app.get("/report")
def report():
    days = int(request.args.get("days", 7))
    log.info("Building sales report over %d days", days)
    time.sleep(days * SETTINGS["report_seconds_per_day"])
    con = connect()
    n, total = con.execute("SELECT COUNT(*), COALESCE(SUM(total), 0) FROM orders WHERE status = 'paid'").fetchone()
    con.close()
    log.info("Report over %d days: %d paid orders, %.2f EUR", days, n, total)
    return jsonify(orders=n, total=total)


@app.get("/orders/<int:order_id>/average")
def average_line(order_id):
    con = connect()
    qty = [r[0] for r in con.execute("SELECT qty FROM lines WHERE order_id = ?", (order_id,))]
    con.close()
    # a bug: an order without lines divides by zero
    return jsonify(average=sum(qty) / len(qty))


@app.post("/discounts")
def discount():
    data = request.get_json(silent=True) or {}
    # bugs: an unknown code raises KeyError, a price sent as text TypeError
    rate = SETTINGS["discounts"][data.get("code", "")]
    return jsonify(price=round(data["price"] * (1 - rate), 2))


@app.post("/admin/maintenance")
def maintenance():
    seconds = float(request.args.get("seconds", 2))
    con = connect(timeout=10)
    dblog.info("Maintenance: locking the database for %.1fs", seconds)
    con.execute("BEGIN EXCLUSIVE")
    time.sleep(seconds)
    con.execute("DELETE FROM orders WHERE status = 'failed' AND id < (SELECT MAX(id) - 200 FROM orders)")
    purged = con.total_changes
    con.commit()
    con.close()
    dblog.info("Maintenance done: %d failed orders purged", purged)
    return jsonify(purged=purged)


@app.errorhandler(404)
def not_found(e):
    return jsonify(error="not found"), 404
