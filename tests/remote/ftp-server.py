#!/usr/bin/env python3
# careen - a small read-only FTP server for the tests: serves the files
# of one directory to one user with a password, on 127.0.0.1 on a free
# port, writes the port to PORTFILE and logs every command to stderr.
# It answers what qemu's curl driver sends (USER, PASS, PWD, TYPE,
# EPSV/PASV, SIZE, MDTM, REST, RETR, ABOR, QUIT, and PBSZ/PROT for
# FTPS); every command that writes is refused.
#
# With --tls it speaks implicit FTPS, the kind an ftps:// URL names: TLS
# from the first byte on the control connection and on each data
# connection.  The data connection's TLS handshake is done as soon as
# the client connects, before RETR: the curl of Debian 12 handshakes
# there and waits.
#
#   ftp-server.py [--tls CERT KEY] DIR USER PASSWORD PORTFILE

import os
import socket
import socketserver
import ssl
import sys
import threading
import time

CHUNK = 1 << 16


class Session(socketserver.StreamRequestHandler):
    def setup(self):
        if self.server.tls:
            self.request = self.server.tls.wrap_socket(self.request,
                                                       server_side=True)
        super().setup()
        self.user = None
        self.logged_in = False
        self.offset = 0
        self.data_listener = None
        self.data_conn = None
        self.data_ready = threading.Event()

    def reply(self, line):
        sys.stderr.write("< %s\n" % line)
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def path_of(self, arg):
        name = os.path.basename(arg)
        path = os.path.join(self.server.root, name)
        return path if name and os.path.isfile(path) else None

    # The data connection is accepted (and secured) in the background
    # as soon as the client is told where to connect.
    def open_passive(self):
        self.close_data()
        lst = socket.socket()
        lst.bind(("127.0.0.1", 0))
        lst.listen(1)
        lst.settimeout(10)
        self.data_listener = lst
        self.data_ready.clear()

        def accept():
            try:
                conn, _ = lst.accept()
                if self.server.tls:
                    conn = self.server.tls.wrap_socket(conn, server_side=True)
                self.data_conn = conn
            except OSError as e:
                sys.stderr.write("data connection: %s\n" % e)
            self.data_ready.set()

        threading.Thread(target=accept, daemon=True).start()
        return lst.getsockname()[1]

    def close_data(self):
        for s in (self.data_conn, self.data_listener):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass
        self.data_conn = self.data_listener = None

    def retr(self, arg):
        path = self.path_of(arg)
        if path is None:
            self.reply("550 No such file.")
            return
        if not self.data_ready.wait(10) or self.data_conn is None:
            self.reply("425 No data connection.")
            return
        self.reply("150 Opening data connection.")
        try:
            with open(path, "rb") as f:
                f.seek(self.offset)
                while True:
                    buf = f.read(CHUNK)
                    if not buf:
                        break
                    self.data_conn.sendall(buf)
            if self.server.tls:
                self.data_conn.unwrap()
        except OSError:
            # The client closes the data connection once it has the
            # range it wanted.
            self.close_data()
            self.reply("426 Transfer aborted.")
            return
        self.close_data()
        self.reply("226 Transfer complete.")

    def handle(self):
        self.reply("220 careen test FTP server")
        while True:
            line = self.rfile.readline()
            if not line:
                break
            line = line.decode(errors="replace").rstrip("\r\n")
            cmd, _, arg = line.partition(" ")
            cmd = cmd.upper()
            sys.stderr.write("> %s\n" % (line if cmd != "PASS" else
                                         "PASS ****"))
            if cmd == "USER":
                self.user = arg
                self.reply("331 Password please.")
            elif cmd == "PASS":
                if (self.user, arg) == (self.server.user,
                                        self.server.password):
                    self.logged_in = True
                    self.reply("230 Logged in.")
                else:
                    self.reply("530 Login incorrect.")
            elif cmd == "QUIT":
                self.reply("221 Bye.")
                break
            elif cmd in ("PBSZ", "PROT") and self.server.tls:
                self.reply("200 OK.")
            elif not self.logged_in:
                self.reply("530 Log in first.")
            elif cmd == "PWD":
                self.reply('257 "/"')
            elif cmd == "CWD":
                self.reply("250 OK." if arg in ("/", "") else "550 No.")
            elif cmd == "TYPE":
                self.reply("200 Type set.")
            elif cmd == "EPSV":
                self.reply("229 Entering Extended Passive Mode (|||%d|)"
                           % self.open_passive())
            elif cmd == "PASV":
                port = self.open_passive()
                self.reply("227 Entering Passive Mode (127,0,0,1,%d,%d)"
                           % (port >> 8, port & 255))
            elif cmd == "SIZE":
                path = self.path_of(arg)
                if path is None:
                    self.reply("550 No such file.")
                else:
                    self.reply("213 %d" % os.path.getsize(path))
            elif cmd == "MDTM":
                path = self.path_of(arg)
                if path is None:
                    self.reply("550 No such file.")
                else:
                    self.reply("213 " + time.strftime(
                        "%Y%m%d%H%M%S", time.gmtime(os.path.getmtime(path))))
            elif cmd == "REST":
                self.offset = int(arg) if arg.isdigit() else 0
                self.reply("350 Restarting at %d." % self.offset)
            elif cmd == "RETR":
                self.retr(arg)
                self.offset = 0
            elif cmd == "ABOR":
                self.close_data()
                self.reply("226 Aborted.")
            elif cmd in ("STOR", "APPE", "DELE", "RNFR", "RNTO", "MKD",
                         "RMD", "SITE"):
                self.reply("550 This server is read-only.")
            else:
                self.reply("502 Not implemented.")
        self.close_data()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True


def main():
    args = sys.argv[1:]
    tls = None
    if args[:1] == ["--tls"]:
        tls, args = args[1:3], args[3:]
    root, user, password, portfile = args

    srv = Server(("127.0.0.1", 0), Session)
    srv.root, srv.user, srv.password = root, user, password
    srv.tls = None
    if tls:
        srv.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        srv.tls.load_cert_chain(tls[0], tls[1])
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
