#!/usr/bin/env python3
# careen - a small HTTP/1.1 server for the tests: serves the files of
# one directory and answers HEAD and "Range: bytes=A-B" GETs, which
# qemu's curl driver needs (python's http.server ignores ranges).
# Listens on 127.0.0.1 on a free port, writes the port to PORTFILE,
# and logs every request to stderr.  With --tls it speaks HTTPS with
# the certificate and key of the two PEM files.
#
#   http-range-server.py [--tls CERT KEY] DIR PORTFILE

import http.server
import os
import re
import ssl
import sys
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _open(self):
        name = os.path.basename(
            urllib.parse.unquote(self.path.split("?", 1)[0]))
        path = os.path.join(self.server.root, name)
        if not name or not os.path.isfile(path):
            self.send_error(404)
            return None, 0
        return path, os.path.getsize(path)

    def do_HEAD(self):
        path, size = self._open()
        if path is None:
            return
        self.send_response(200)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(size))
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()

    def do_GET(self):
        path, size = self._open()
        if path is None:
            return
        start, end = 0, size - 1
        rng = self.headers.get("Range")
        if rng:
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", rng.strip())
            if not m or int(m.group(1)) >= size:
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % size)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            start = int(m.group(1))
            if m.group(2):
                end = min(int(m.group(2)), size - 1)
            self.send_response(206)
            self.send_header("Content-Range",
                             "bytes %d-%d/%d" % (start, end, size))
        else:
            self.send_response(200)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        # One request a connection: qemu's curl driver stalls on this
        # server's kept-alive connections.
        self.send_header("Connection", "close")
        self.close_connection = True
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        with open(path, "rb") as f:
            f.seek(start)
            left = end - start + 1
            while left > 0:
                buf = f.read(min(left, 1 << 20))
                if not buf:
                    break
                self.wfile.write(buf)
                left -= len(buf)

    # Writes are refused: the tests check that the image is never changed.
    def do_PUT(self):
        self.send_error(405)


def main():
    args = sys.argv[1:]
    tls = None
    if args[:1] == ["--tls"]:
        tls, args = args[1:3], args[3:]
    root, portfile = args
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls[0], tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.root = root
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
