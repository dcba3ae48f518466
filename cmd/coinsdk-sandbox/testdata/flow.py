#!/usr/bin/env python3
"""A whole Cryptopay flow against coinsdk-sandbox, with no coinsdk code.

Over the provider API (requests signed as Cryptopay documents: HMAC-SHA1 of
method, body MD5, Content-Type, Date and path) it creates an invoice and reads
it back; over the control API it pays part of it, tops it up and confirms
both payments; a local receiver gets the callbacks, each verified as Cryptopay
documents (X-Cryptopay-Signature = hex HMAC-SHA256 of the raw body under the
callback secret, compared in constant time).

Environment: COINSDK_SANDBOX_URL, CRYPTOPAY_BASE_URL, CRYPTOPAY_API_KEY,
CRYPTOPAY_API_SECRET, CRYPTOPAY_CALLBACK_SECRET (the server's env file).
Exits 0 and prints "flow ok" when every step checked out.
"""
import base64
import decimal
import email.utils
import hashlib
import hmac
import http.server
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.environ["COINSDK_SANDBOX_URL"]
BASE = os.environ["CRYPTOPAY_BASE_URL"]
KEY = os.environ["CRYPTOPAY_API_KEY"]
SECRET = os.environ["CRYPTOPAY_API_SECRET"]
CALLBACK_SECRET = os.environ["CRYPTOPAY_CALLBACK_SECRET"]

received = []  # (headers, raw body)
lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        with lock:
            received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def fail(msg):
    print("flow FAILED: " + msg)
    sys.exit(1)


def provider(method, path, payload=None):
    """A signed Cryptopay API request; returns (status, decoded JSON)."""
    url = BASE + path
    body = b"" if payload is None else json.dumps(payload).encode()
    content_type = "application/json" if payload is not None else ""
    date = email.utils.formatdate(usegmt=True)
    digest = hashlib.md5(body).hexdigest() if body else ""
    target = urllib.parse.urlsplit(url).path
    to_sign = "\n".join([method, digest, content_type, date, target])
    sig = base64.b64encode(hmac.new(SECRET.encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
    req = urllib.request.Request(url, data=body if payload is not None else None, method=method)
    req.add_header("Date", date)
    req.add_header("Authorization", "HMAC %s:%s" % (KEY, sig))
    if content_type:
        req.add_header("Content-Type", content_type)
    return send(req)


def control(method, path, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(ROOT + "/_sandbox/cryptopay" + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    return send(req)


def send(req):
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def verify(headers, body):
    sig = headers.get("X-Cryptopay-Signature", "")
    want = hmac.new(CALLBACK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(sig.encode(), want.encode())


def main():
    recv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=recv.serve_forever, daemon=True).start()
    callback = "http://127.0.0.1:%d/callbacks" % recv.server_address[1]

    status, _ = control("PUT", "/callback-url", {"url": callback})
    if status != 200:
        fail("set callback URL: %d" % status)

    # A request signed with a wrong secret is refused.
    global SECRET
    good, SECRET = SECRET, "wrong-" + SECRET
    status, _ = provider("GET", "/api/invoices")
    SECRET = good
    if status != 401:
        fail("a badly signed request got %d, want 401" % status)

    status, created = provider("POST", "/api/invoices", {
        "price_amount": "10", "price_currency": "EUR", "pay_currency": "BTC",
        "custom_id": "py-flow-%d" % int(time.time() * 1000)})
    if status != 201:
        fail("create invoice: %d %s" % (status, created))
    inv = created["data"]
    inv_id = inv["id"]
    due = decimal.Decimal(inv["pay_amount"])
    part = (due / 2).quantize(decimal.Decimal("0.00000001"), rounding=decimal.ROUND_DOWN)
    rest = due - part
    print("invoice %s: pay %s BTC (part %s, then %s)" % (inv_id, due, part, rest))

    status, paid1 = control("POST", "/invoices/%s/pay" % inv_id, {"amount": str(part)})
    if status != 200:
        fail("pay part: %d %s" % (status, paid1))
    status, half = provider("GET", "/api/invoices/" + inv_id)
    if status != 200 or decimal.Decimal(half["data"]["paid_amount"]) != part:
        fail("after a part payment: %d %s" % (status, half))
    if half["data"]["status"] == "completed":
        fail("a half-paid invoice is completed")

    status, paid2 = control("POST", "/invoices/%s/pay" % inv_id, {"amount": str(rest)})
    if status != 200:
        fail("top up: %d %s" % (status, paid2))
    for tx in (paid1["tx_id"], paid2["tx_id"]):
        status, r = control("POST", "/payments/%s/confirm" % tx)
        if status != 200:
            fail("confirm %s: %d %s" % (tx, status, r))

    status, final = provider("GET", "/api/invoices/" + inv_id)
    if status != 200 or final["data"]["status"] != "completed":
        fail("final invoice: %d %s" % (status, final))
    if decimal.Decimal(final["data"]["paid_amount"]) != due:
        fail("paid_amount %s, want %s" % (final["data"]["paid_amount"], due))

    # Callbacks: wait for the invoice's status_changed to completed.
    deadline = time.time() + 10
    events = []
    while time.time() < deadline:
        with lock:
            got = list(received)
        events = []
        for headers, body in got:
            if not verify(headers, body):
                fail("callback signature does not verify: %r" % body[:200])
            if verify(headers, body + b" "):
                fail("a tampered body verifies")
            ev = json.loads(body)
            if ev["data"].get("id") == inv_id:
                events.append((ev["event"], ev["data"]["status"]))
        if ("status_changed", "completed") in events:
            break
        time.sleep(0.05)
    for want in [("transaction_created", "new"), ("status_changed", "completed")]:
        if want not in events:
            fail("callback %s missing; got %s" % (want, events))
    if sum(1 for e in events if e[0] == "transaction_created") != 2:
        fail("want two transaction_created callbacks, got %s" % events)
    if sum(1 for e in events if e[0] == "transaction_confirmed") != 2:
        fail("want two transaction_confirmed callbacks, got %s" % events)

    status, deliveries = control("GET", "/deliveries")
    mine = [d for d in deliveries if d["object_id"] == inv_id] if status == 200 else []
    if len(mine) < 6 or not all(d["delivered"] and d["url"] == callback for d in mine):
        fail("the invoice's deliveries are not all accepted: %s" % [(d["id"], d["status_code"], d["url"]) for d in mine])
    print("callbacks verified: " + ", ".join("%s/%s" % e for e in events))
    print("flow ok")
    recv.shutdown()


if __name__ == "__main__":
    main()
