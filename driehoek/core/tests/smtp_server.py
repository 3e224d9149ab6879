"""A small SMTP server on a loopback port, in a thread, for the outbox tests.

``SmtpServer(port=...)`` listens on 127.0.0.1 (a free port unless given); ``refuse=True``
answers every recipient with 550. What it accepted is in ``messages`` (sender, recipients, the
raw message). Only what ``smtplib`` (Django's SMTP backend) says is understood."""

from __future__ import annotations

import socket
import socketserver
import threading
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message


def free_port() -> int:
    """A loopback port nobody listens on (right now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> Message:
        return message_from_bytes(self.data)


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        self.reply("220 localhost test SMTP")
        sender, recipients = "", []
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-localhost")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 localhost")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                if server.refuse:
                    self.reply("550 5.1.1 Mailbox unavailable")
                else:
                    recipients.append(command.split(":", 1)[1].strip(" <>"))
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data_line = self.rfile.readline(1 << 20)
                    if not data_line or data_line == b".\r\n":
                        break
                    lines.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                with server.lock:
                    server.messages.append(Received(sender, recipients, b"".join(lines)))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, *, refuse: bool):
        super().__init__(address, _Handler)
        self.refuse = refuse
        self.messages: list[Received] = []
        self.lock = threading.Lock()


class SmtpServer:
    def __init__(self, port: int | None = None, *, refuse: bool = False):
        self.port = port or free_port()
        self.refuse = refuse
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def messages(self) -> list[Received]:
        return list(self._server.messages) if self._server else []

    def start(self) -> SmtpServer:
        self._server = _Server(("127.0.0.1", self.port), refuse=self.refuse)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
