"""pyleak.py - a Python service loop that keeps references it should drop.

Each "request" builds a small record (a dict with a payload); a request
log meant to hold the last 1,000 records has no eviction, so every record
stays reachable: a leak of about <KiB/s> (default 200) for <seconds>.
usage: python3 pyleak.py [<KiB/s> [<seconds>]]"""
import sys
import time

rate = float(sys.argv[1]) if len(sys.argv) > 1 else 200.0
secs = float(sys.argv[2]) if len(sys.argv) > 2 else 180.0
PAYLOAD = 2048  # bytes of text per record, plus the dict around it
per_tick = max(1, int(rate * 1024 / 10 / (PAYLOAD + 400)))

request_log = []  # the bug: meant to be bounded, never trimmed
start = time.monotonic()
n = 0
while time.monotonic() - start < secs:
    for _ in range(per_tick):
        n += 1
        body = ("%08d" % n) * (PAYLOAD // 8)
        record = {"id": n, "path": "/item/%d" % n, "body": body,
                  "headers": {"accept": "*/*", "n": str(n)}}
        # work that is dropped again: the garbage a real handler makes
        scratch = [body[i:i + 64] for i in range(0, len(body), 64)]
        record["lines"] = len(scratch)
        request_log.append(record)
    time.sleep(0.1)
