#!/usr/bin/env python3
# careen - an HTTP server that lies, for the tests of what careen does
# when a remote disk's server misbehaves.  It is http-range-server.py
# (whose handler it reuses) with the file's bytes served wrongly, as
# MODE says:
#
#   size      HEAD claims a size 4 times the file's; GETs past the real
#             end are refused (416)
#   short     every GET's reply stops half way (the Content-Length is
#             the full one) and the connection is closed
#   garbage   every reply is random bytes, not HTTP
#   drip      every GET's body comes 1 byte a second
#   reset     every GET's body is cut after 512 bytes by a TCP reset
#
# HEAD answers truthfully (but for "size" and "garbage"), so that the
# client opens the disk and the lie comes when it reads.  Every request
# is logged to stderr; PUT and every other write method is refused.
#
#   http-lying-server.py MODE DIR PORTFILE

import importlib.util
import os
import socket
import struct
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "http_range_server", os.path.join(here, "http-range-server.py"))
base = importlib.util.module_from_spec(spec)
spec.loader.exec_module(base)
RangeHandler = base.Handler


class LyingFile:
    """Stands for the response's stream: passes the headers, then lies
    about the body as the server's mode says."""

    def __init__(self, handler, wfile):
        self.handler = handler
        self.wfile = wfile
        self.body = False
        self.sent = 0

    def write(self, data):
        mode = self.handler.mode
        if not self.body:
            return self.wfile.write(data)
        if mode == "short":
            half = self.handler.body_length // 2
            data = data[:max(0, half - self.sent)]
            self.sent += len(data)
            self.wfile.write(data)
            if self.sent >= half:
                raise ConnectionAbortedError("short reply sent")
            return len(data)
        if mode == "drip":
            for b in data:
                self.wfile.write(bytes([b]))
                self.wfile.flush()
                time.sleep(1)
            return len(data)
        if mode == "reset":
            data = data[:max(0, 512 - self.sent)]
            self.sent += len(data)
            self.wfile.write(data)
            self.wfile.flush()
            if self.sent >= 512:
                # SO_LINGER 0: close sends RST instead of FIN.
                self.handler.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER,
                    struct.pack("ii", 1, 0))
                raise ConnectionResetError("reset sent")
            return len(data)
        return self.wfile.write(data)

    def flush(self):
        self.wfile.flush()

    def __getattr__(self, name):
        return getattr(self.wfile, name)


class Handler(RangeHandler):
    def _open(self):
        path, size = super()._open()
        if (path is not None and self.mode == "size" and
                self.command == "HEAD"):
            size *= 4
        return path, size

    def end_headers(self):
        super().end_headers()
        if isinstance(self.wfile, LyingFile):
            self.wfile.flush()
            self.wfile.body = True

    def do_GET(self):
        if self.mode == "garbage":
            self.wfile.write(os.urandom(4096))
            self.close_connection = True
            return
        path, size = RangeHandler._open(self)
        self.body_length = size
        rng = self.headers.get("Range", "")
        if rng.startswith("bytes=") and path is not None:
            first, _, last = rng[6:].partition("-")
            if first.isdigit():
                end = int(last) if last.isdigit() else size - 1
                self.body_length = min(end, size - 1) - int(first) + 1
        if self.mode == "size":
            RangeHandler.do_GET(self)
            return
        self.wfile = LyingFile(self, self.wfile)
        try:
            RangeHandler.do_GET(self)
        except (ConnectionAbortedError, ConnectionResetError,
                BrokenPipeError):
            self.close_connection = True

    def do_HEAD(self):
        if self.mode == "garbage":
            self.wfile.write(os.urandom(512))
            self.close_connection = True
            return
        RangeHandler.do_HEAD(self)

    def send_error(self, code, message=None, explain=None):
        if isinstance(self.wfile, LyingFile):
            self.wfile.body = False
        super().send_error(code, message, explain)

    def do_POST(self):
        self.send_error(405)

    do_DELETE = do_PATCH = do_POST


def main():
    mode = sys.argv[1]
    if mode not in ("size", "short", "garbage", "drip", "reset"):
        sys.exit("http-lying-server: unknown mode '%s'" % mode)
    Handler.mode = mode
    # The range server's main serves with its module's Handler: ours.
    base.Handler = Handler
    sys.argv = sys.argv[:1] + sys.argv[2:]
    base.main()


if __name__ == "__main__":
    main()
