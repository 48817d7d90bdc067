"""One Digits window per user: a second start hands over to the window already open.

Your examples (``personal.npz``) and the network kept on closing
(``network-in-use.npz``) live in the user data folder. Two windows writing
them would each keep their own idea of them, and the last to close would
win: a network, or examples, silently lost. So the first window holds a lock
in that folder (``.window.lock``, released by the system when the process
ends, even by a crash) and listens on a local socket named after the folder.
A second ``digits`` finds the lock taken, sends the first window its request
(come to the front; open these weights, if ``--weights`` named a file), and
ends saying so. Where no lock can be made (a read-only folder), nothing is
written there anyway, and the window opens as it would.
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import filelock

from network.storage.files import user_data_dir

LOCK_NAME = ".window.lock"
ANSWER = b"ok\n"
HAND_OVER_WAIT = 5.0
"""Seconds a second start keeps trying to reach the first window (it may still be starting)."""


def server_name(folder):
    """The local socket's name: one per user data folder (tests and users with another folder
    each have their own)."""
    return "digits-" + hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:20]


class Claim:
    """The right to be the window for the user data folder ``folder``."""

    def __init__(self, folder=None):
        self.folder = Path(folder) if folder is not None else user_data_dir()
        self._lock = filelock.FileLock(self.folder / LOCK_NAME, timeout=0)
        self._server = None

    def take(self):
        """True when this process is the first (or no lock can be made here); False when another
        window holds the folder."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except filelock.Timeout:
            return False
        except OSError:
            pass
        return True

    def listen(self, on_request):
        """Take the requests of later starts: ``on_request(dict)`` runs on the GUI thread for each."""
        from PySide6.QtNetwork import QLocalServer

        name = server_name(self.folder)
        QLocalServer.removeServer(name)     # a socket left by a crashed window (the lock says it is gone)
        self._server = QLocalServer()
        if not self._server.listen(name):
            self._server = None
            return

        def arrived():
            socket = self._server.nextPendingConnection()
            if socket is None:
                return

            def read():
                if not socket.canReadLine():
                    return
                try:
                    request = json.loads(bytes(socket.readLine()).decode("utf-8"))
                except ValueError:
                    request = None
                socket.write(ANSWER)
                socket.flush()
                socket.disconnectFromServer()
                if isinstance(request, dict):
                    on_request(request)

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            read()

        self._server.newConnection.connect(arrived)

    def release(self):
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.is_locked:
            self._lock.release()


def hand_over(request, folder=None, wait=None):
    """Send ``request`` (a dict) to the window open on ``folder``; True once it answered (trying for
    ``wait`` seconds, HAND_OVER_WAIT by default)."""
    from PySide6.QtNetwork import QLocalSocket

    name = server_name(folder if folder is not None else user_data_dir())
    line = (json.dumps(request) + "\n").encode("utf-8")
    deadline = time.monotonic() + (HAND_OVER_WAIT if wait is None else wait)
    while time.monotonic() < deadline:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(500):
            socket.write(line)
            socket.waitForBytesWritten(1000)
            answered = b""
            while len(answered) < len(ANSWER) and socket.waitForReadyRead(1000):
                answered += bytes(socket.readAll())
            socket.abort()
            if answered.startswith(ANSWER):
                return True
        else:
            time.sleep(0.1)
    return False
