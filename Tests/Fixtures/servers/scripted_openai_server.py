#!/usr/bin/env python3
"""A scripted OpenAI-compatible server for PassLab's client tests.

Real HTTP on 127.0.0.1: each POST /v1/completions takes the next step of
the script (a JSON list; the last step repeats):
  {"status": 200, "text": "...", "finish_reason": "stop"}  a completion
  {"status": 503, "body": "..."}                          an HTTP error
  {"delay": 5, ...}                                        answer late
  {"raw": "not json"}                                      a broken body
  {"endless": true}                                        a 200 body that never ends (until the client hangs up)
Every request body is appended to REQUESTS (JSON lines) so tests can check
what the client sent. GET /v1/models lists MODEL; GET /stats
gives the request count, the most requests ever in flight at once and the
bytes streamed by endless answers ("streamed"). Prints the port once
listening.

usage: scripted_openai_server.py SCRIPT.json REQUESTS.jsonl MODEL
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

script = json.load(open(sys.argv[1]))
requests_log = sys.argv[2]
model = sys.argv[3]
lock = threading.Lock()
position = [0]
in_flight = [0, 0]  # now, most ever
streamed = [0]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/stats":
            self.send(200, json.dumps({"requests": position[0], "maxInFlight": in_flight[1], "streamed": streamed[0]}))
        elif self.path.rstrip("/") == "/v1/models":
            self.send(200, json.dumps({"object": "list", "data": [{"id": model, "object": "model"}]}))
        else:
            self.send(404, json.dumps({"error": "not found"}))

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        with lock:
            step = script[min(position[0], len(script) - 1)]
            position[0] += 1
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
            with open(requests_log, "a") as log:
                log.write(json.dumps({"path": self.path, "authorization": self.headers.get("Authorization"),
                                      "body": json.loads(body)}) + "\n")
        try:
            self.answer(step)
        finally:
            with lock:
                in_flight[0] -= 1

    def answer(self, step):
        if self.path.rstrip("/") != "/v1/completions":
            self.send(404, json.dumps({"error": "not found"}))
            return
        time.sleep(step.get("delay", 0))
        if step.get("endless"):
            self.stream_forever()
        elif "raw" in step:
            self.send(200, step["raw"], "text/plain")
        elif step.get("status", 200) != 200:
            self.send(step["status"], step.get("body", json.dumps({"error": "scripted failure"})))
        else:
            text = step.get("text", "")
            self.send(200, json.dumps({"id": "cmpl-1", "object": "text_completion", "model": model,
                                       "choices": [{"index": 0, "text": text, "finish_reason": step.get("finish_reason", "stop")}],
                                       "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}))

    def stream_forever(self):
        # No Content-Length: an HTTP/1.0 body that ends only when the connection does.
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        chunk = ("A" * 65536).encode()
        try:
            self.wfile.write(b'{"choices": [{"index": 0, "text": "')
            while True:
                self.wfile.write(chunk)
                self.wfile.flush()
                with lock:
                    streamed[0] += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
