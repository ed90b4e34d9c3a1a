"""One window per journal: a second copy asks the first to come to the front, then exits.

The first copy listens on a local socket whose name comes from a hash of the data
folder (and the user), so two different journals can be open side by side while two
copies of the same journal cannot. Only the owning user may connect. If the first copy
doesn't answer, the second carries on, and its unlock screen then says calmly that the
journal is open elsewhere (the journal's own lock file decides that).
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

REQUEST = b"raise\n"
REPLY = b"ok\n"
TIMEOUT_MS = 1500


def server_name(root: Path) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name known for this id (some containers)
        user = ""
    try:
        folder = str(root.expanduser().resolve())
    except OSError:
        folder = str(root)
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:24]
    return f"practitioner-journal-{digest}"


class SingleInstance(QObject):
    """Listens for later copies of the app; ``activation_requested`` asks to raise the window."""

    activation_requested = Signal()

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(root)
        self._server: QLocalServer | None = None

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def ask_running_to_raise(self, timeout_ms: int = TIMEOUT_MS) -> bool:
        """True when another copy on this journal answered and will show its window."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        try:
            socket.write(REQUEST)
            if not socket.waitForBytesWritten(timeout_ms):
                return False
            reply = b""
            while REPLY not in reply and socket.waitForReadyRead(timeout_ms):
                reply += bytes(socket.readAll().data())
            return REPLY in reply
        finally:
            socket.abort()

    def listen(self) -> bool:
        """Start answering later copies. False if another live copy already listens."""
        # Asked first: with access options set, Qt binds elsewhere and renames the socket
        # into place, which would silently take the name from a live copy.
        if self._someone_listens():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
                return False
            QLocalServer.removeServer(self.name)  # left behind by a copy that crashed
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _someone_listens(self) -> bool:
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        connected = probe.waitForConnected(300)
        probe.abort()
        return connected

    def _on_new_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.setParent(self)
            buffer = bytearray()

            def read(socket: QLocalSocket = socket, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(socket.readAll().data()))
                if len(buffer) > 64:  # not one of ours
                    socket.abort()
                    return
                if REQUEST in buffer:
                    buffer.clear()
                    socket.write(REPLY)
                    socket.flush()
                    socket.disconnectFromServer()
                    self.activation_requested.emit()

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()
