#!/usr/bin/env python3
"""A stand-in SMS gateway for the scenario: answers 503 to the first --fail POSTs, then 200, and
appends every accepted JSON body (one line) to --out. The platform's HTTP gateway adapter must retry
the refused ones."""
import argparse
import http.server
import json
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--fail", type=int, default=1)
options = parser.parse_args()
lock = threading.Lock()
seen = {"posts": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            seen["posts"] += 1
            refuse = seen["posts"] <= options.fail
            if not refuse:
                message = json.loads(body)
                message["idempotency_key"] = self.headers.get("Idempotency-Key")
                with open(options.out, "a") as f:
                    f.write(json.dumps(message, ensure_ascii=False) + "\n")
        self.send_response(503 if refuse else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", options.port), Handler).serve_forever()
