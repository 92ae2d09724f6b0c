"""The small WSGI service that bench/data/uwsgi/generate.py runs under uWSGI: a stock lookup with a few
slow and broken routes, so that uWSGI logs its requests, harakiri, broken pipes and tracebacks."""
import json
import os
import time

STOCK = {f"sku-{n}": n * 7 % 40 for n in range(60)}


def application(env, start_response):
    path = env.get("PATH_INFO", "")
    if path.startswith("/items/"):
        sku = path[len("/items/"):]
        if sku not in STOCK:
            start_response("404 Not Found", [("Content-Type", "application/json")])
            return [b'{"error": "no such item"}']
        body = json.dumps({"sku": sku, "stock": STOCK[sku]}).encode()
    elif path == "/orders" and env["REQUEST_METHOD"] == "POST":
        order = json.loads(env["wsgi.input"].read(int(env.get("CONTENT_LENGTH") or 0)))
        body = json.dumps({"sku": order["sku"], "left": STOCK[order["sku"]] - int(order["qty"])}).encode()
    elif path == "/report":
        time.sleep(float(env.get("QUERY_STRING", "").partition("=")[2] or 1))
        body = b'{"report": "ready"}'
    elif path == "/export":
        body = b"sku,stock\n" + b"".join(b"%s,%d\n" % (k.encode(), v) for k, v in STOCK.items()) * 400
    elif path == "/ratio":
        body = b"%d" % (100 // int(env.get("QUERY_STRING", "").partition("=")[2] or 0))
    elif path == "/crash":
        os._exit(3)
    elif path == "/health":
        body = b"ok"
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
