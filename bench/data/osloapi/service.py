"""A small inventory API in the manner of an OpenStack service, run by bench/data/osloapi/generate.py with
Debian's Python 3 and its oslo.config, oslo.log, oslo.context, oslo.concurrency and oslo.service
(eventlet's WSGI server): a request id per request, a process launcher with workers, periodic audits.
Every message it logs is a format string in MESSAGES (generate.py labels by them); usage:
/usr/bin/python3 service.py --config-file FILE
"""
import eventlet

eventlet.monkey_patch()

import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

import routes  # noqa: E402
import webob.dec  # noqa: E402
import webob.exc  # noqa: E402
from oslo_concurrency import lockutils  # noqa: E402
from oslo_config import cfg  # noqa: E402
from oslo_context import context  # noqa: E402
from oslo_log import log as logging  # noqa: E402
from oslo_service import loopingcall, service, wsgi  # noqa: E402

CONF = cfg.CONF
CONF.register_opts([
    cfg.IntOpt("bind_port", default=18700), cfg.IntOpt("workers", default=2),
    cfg.StrOpt("node", default="inv-node-1"), cfg.IntOpt("audit_interval", default=7),
    cfg.IntOpt("capacity_gb", default=2048), cfg.IntOpt("quota_items", default=12),
])
logging.register_options(CONF)
LOG = logging.getLogger("oats.inventory.api")
AUDIT = logging.getLogger("oats.inventory.audit")
SCHED = logging.getLogger("oats.inventory.placement")
TOKENS = {"tok-alice": ("alice", "p-1f6e"), "tok-bob": ("bob", "p-77aa"), "tok-ops": ("ops", "p-admin")}
STORE = {}
rnd = random.Random()


class Conflict(Exception):
    pass


class Backend:
    """Places items on shelves, with a lock per project, as a scheduler places instances on hosts."""
    SHELVES = [f"shelf-{n:02d}" for n in range(1, 7)]

    def __init__(self):
        self.free = {s: rnd.randint(100, 600) for s in self.SHELVES}

    def place(self, item_id, size):
        candidates = list(self.SHELVES)
        for name in ("CapacityFilter", "AffinityFilter", "ZoneFilter"):
            before = len(candidates)
            candidates = [s for s in candidates if self.free[s] >= size] if name == "CapacityFilter" else \
                [s for s in candidates if rnd.random() < 0.85]
            SCHED.debug("Filter %(filter)s returned %(count)d of %(before)d shelves for item %(item)s",
                        {"filter": name, "count": len(candidates), "before": before, "item": item_id})
            if not candidates:
                SCHED.warning("No valid shelf for item %(item)s of %(size)d GB after filter %(filter)s",
                              {"item": item_id, "size": size, "filter": name})
                return None
        chosen = max(candidates, key=lambda s: self.free[s])
        self.free[chosen] -= size
        SCHED.info("Placed item %(item)s (%(size)d GB) on %(shelf)s; %(free)d GB left there, weight %(weight).2f",
                   {"item": item_id, "size": size, "shelf": chosen, "free": self.free[chosen],
                    "weight": self.free[chosen] / 600.0})
        return chosen


BACKEND = Backend()


def audit():
    node = CONF.node
    used = sum(i["size"] for i in STORE.values())
    AUDIT.info("Auditing inventory of node %s", node)
    stale = [k for k, v in STORE.items() if v["status"] == "ERROR"]
    for k in stale[:2]:
        AUDIT.warning("Item %(item)s of project %(project)s has been in ERROR for %(age)d s, removing",
                      {"item": k, "project": STORE[k]["project"], "age": int(time.time() - STORE[k]["at"])})
        STORE.pop(k)
    AUDIT.info("Inventory view: node=%(node)s items=%(items)d used=%(used)dGB free=%(free)dGB shelves=%(shelves)d "
               "errored=%(errored)d projects=%(projects)s",
               {"node": node, "items": len(STORE), "used": used, "free": CONF.capacity_gb - used,
                "shelves": len(BACKEND.SHELVES), "errored": len(stale), "projects": ",".join(sorted({v["project"] for v in STORE.values()})) or "-"})
    if rnd.random() < 0.2:
        AUDIT.debug("Audit of node %(node)s took %(seconds).3f seconds", {"node": node, "seconds": rnd.uniform(0.01, 0.9)})


class API:
    def __init__(self):
        m = routes.Mapper()
        m.connect("/", action="versions", conditions={"method": ["GET"]})
        m.connect("/healthcheck", action="health", conditions={"method": ["GET"]})
        m.connect("/v1/{project}/items", action="index", conditions={"method": ["GET"]})
        m.connect("/v1/{project}/items", action="create", conditions={"method": ["POST"]})
        m.connect("/v1/{project}/items/{item}", action="show", conditions={"method": ["GET"]})
        m.connect("/v1/{project}/items/{item}", action="delete", conditions={"method": ["DELETE"]})
        m.connect("/v1/{project}/items/{item}/action", action="act", conditions={"method": ["POST"]})
        m.connect("/v1/{project}/items/{item}/labels/{label}", action="label", conditions={"method": ["PUT"]})
        m.connect("/v1/{project}/items/{item}/volumes/{volume}/attachments", action="attachments",
                  conditions={"method": ["GET"]})
        self.mapper = m

    @webob.dec.wsgify
    def __call__(self, req):
        rid = "req-" + str(uuid.uuid4())
        token = req.headers.get("X-Auth-Token")
        user, project = TOKENS.get(token, (None, None))
        ctx = context.RequestContext(request_id=rid, user_id=user, project_id=project)
        match = self.mapper.match(environ=req.environ)
        try:
            if match is None:
                LOG.info("No route for %(method)s %(path)s", {"method": req.method, "path": req.path})
                raise webob.exc.HTTPNotFound()
            action = match.pop("action")
            if action not in ("versions", "health"):
                if token is None:
                    LOG.warning("Authentication required for %s", req.path)
                    raise webob.exc.HTTPUnauthorized()
                if user is None:
                    LOG.warning("Token %(token)s... is not valid, refusing %(method)s %(path)s",
                                {"token": token[:6], "method": req.method, "path": req.path})
                    raise webob.exc.HTTPUnauthorized()
                if match["project"] != project and project != "p-admin":
                    LOG.warning("Policy %(rule)s denied user %(user)s on project %(project)s",
                                {"rule": f"inventory:{action}", "user": user, "project": match["project"]})
                    raise webob.exc.HTTPForbidden()
            LOG.debug("Calling method '%(action)s' for %(method)s %(path)s",
                      {"action": action, "method": req.method, "path": req.path}, context=ctx)
            body = getattr(self, action)(req, ctx, **match)
            return webob.Response(json.dumps(body).encode(), content_type="application/json", charset="utf-8",
                                  status=202 if req.method == "POST" else 200)
        except webob.exc.HTTPException as e:
            return e
        except Conflict as e:
            LOG.info("HTTP exception thrown: %s", e, context=ctx)
            return webob.exc.HTTPConflict(explanation=str(e))
        except Exception:
            LOG.exception("Unexpected error while handling %(method)s %(path)s", {"method": req.method, "path": req.path},
                          context=ctx)
            return webob.exc.HTTPInternalServerError()

    def versions(self, req, ctx):
        return {"versions": [{"id": "v1", "status": "CURRENT"}]}

    def health(self, req, ctx):
        if rnd.random() < 0.1:
            LOG.warning("Health check degraded: %(check)s took %(ms)d ms", {"check": rnd.choice(["db", "store", "queue"]),
                                                                        "ms": rnd.randint(500, 3000)})
        return {"status": "ok"}

    def index(self, req, ctx, project):
        items = [dict(id=k, **v) for k, v in STORE.items() if v["project"] == project]
        limit = req.params.get("limit")
        if limit is not None:
            items = items[:int(limit)]   # a limit that is not a number fails here: a 500 with its traceback
        return {"items": items}

    def _get(self, ctx, project, item):
        if item not in STORE or STORE[item]["project"] != project:
            LOG.info("Item %(item)s could not be found in project %(project)s", {"item": item, "project": project},
                     context=ctx)
            raise webob.exc.HTTPNotFound()
        return STORE[item]

    def show(self, req, ctx, project, item):
        return self._get(ctx, project, item)

    def create(self, req, ctx, project):
        try:
            body = json.loads(req.body or b"{}")
        except ValueError as e:
            LOG.info("Malformed request body: %s", e, context=ctx)
            raise webob.exc.HTTPBadRequest()
        name, size = body.get("name"), body.get("size", 1)
        if not name:
            LOG.info("Invalid input for field 'name': %r is not a string", name, context=ctx)
            raise webob.exc.HTTPBadRequest()

        @lockutils.synchronized(f"quota-{project}")
        def reserve():
            count = sum(1 for v in STORE.values() if v["project"] == project)
            if count >= CONF.quota_items:
                LOG.warning("Quota exceeded for project %(project)s: requested 1, used %(used)d of %(quota)d items",
                            {"project": project, "used": count, "quota": CONF.quota_items}, context=ctx)
                raise webob.exc.HTTPForbidden()
            item = str(uuid.uuid4())
            STORE[item] = {"project": project, "name": name, "size": int(size), "status": "BUILDING", "at": time.time()}
            return item
        item = reserve()
        shelf = BACKEND.place(item, int(size))
        if shelf is None:
            STORE[item]["status"] = "ERROR"
            LOG.error("Item %(item)s went to ERROR: no valid shelf found for %(size)s GB", {"item": item, "size": size},
                      context=ctx)
        else:
            STORE[item].update(status="ACTIVE", shelf=shelf)
            LOG.info("Created item %(item)s '%(name)s' of %(size)s GB for project %(project)s on %(shelf)s",
                     {"item": item, "name": name, "size": size, "project": project, "shelf": shelf}, context=ctx)
        return {"id": item}

    def delete(self, req, ctx, project, item):
        it = self._get(ctx, project, item)
        if it["status"] == "LOCKED":
            raise Conflict(f"Cannot 'delete' item {item} while it is in status LOCKED")
        STORE.pop(item)
        LOG.info("Deleted item %(item)s of project %(project)s, freeing %(size)d GB",
                 {"item": item, "project": project, "size": it["size"]}, context=ctx)
        return {}

    def act(self, req, ctx, project, item):
        it = self._get(ctx, project, item)
        try:
            body = json.loads(req.body or b"{}")
        except ValueError as e:
            LOG.info("Malformed request body: %s", e, context=ctx)
            raise webob.exc.HTTPBadRequest()
        action = next(iter(body), None)
        if action == "lock":
            it["status"] = "LOCKED"
        elif action == "unlock":
            it["status"] = "ACTIVE"
        elif action == "resize":
            new = body["resize"]["size"]   # a resize without a size fails here: a 500 with its traceback
            if it["status"] != "ACTIVE":
                raise Conflict(f"Cannot 'resize' item {item} while it is in status {it['status']}")
            LOG.info("Resizing item %(item)s from %(old)d GB to %(new)d GB", {"item": item, "old": it["size"], "new": new},
                     context=ctx)
            it["size"] = new
        else:
            LOG.info("Unknown action %(action)r for item %(item)s", {"action": action, "item": item}, context=ctx)
            raise webob.exc.HTTPBadRequest()
        return {}

    def label(self, req, ctx, project, item, label):
        it = self._get(ctx, project, item)
        it.setdefault("labels", []).append(label)
        LOG.debug("Item %(item)s now has %(n)d labels", {"item": item, "n": len(it["labels"])}, context=ctx)
        return {}

    def attachments(self, req, ctx, project, item, volume):
        self._get(ctx, project, item)
        if not volume.startswith("vol-"):
            LOG.info("Volume %(volume)s is not attached to item %(item)s", {"volume": volume, "item": item}, context=ctx)
            raise webob.exc.HTTPNotFound()
        return {"attachments": [{"volume": volume, "device": "/dev/vdb"}]}


class InventoryService(service.ServiceBase):
    def __init__(self):
        self.server = wsgi.Server(CONF, "inventory-api", API(), host="127.0.0.1", port=CONF.bind_port)
        self.timer = None

    def start(self):
        LOG.info("Starting inventory service on node %(node)s with %(shelves)d shelves",
                 {"node": CONF.node, "shelves": len(BACKEND.SHELVES)})
        self.server.start()
        self.timer = loopingcall.FixedIntervalLoopingCall(audit)
        self.timer.start(interval=CONF.audit_interval, initial_delay=rnd.uniform(1, 3))

    def stop(self):
        if self.timer:
            self.timer.stop()
        self.server.stop()

    def wait(self):
        self.server.wait()

    def reset(self):
        LOG.info("Reloading inventory service: quota %(quota)d items, audit every %(interval)d s",
                 {"quota": CONF.quota_items, "interval": CONF.audit_interval})
        self.server.reset()


def main():
    CONF(sys.argv[1:], project="oats-inventory")
    logging.setup(CONF, "oats-inventory")
    launcher = service.launch(CONF, InventoryService(), workers=CONF.workers, restart_method="mutate")
    launcher.wait()


if __name__ == "__main__":
    main()
