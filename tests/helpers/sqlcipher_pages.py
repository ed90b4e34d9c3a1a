"""Decrypt SQLCipher 4 pages in Python, to look inside free pages and the WAL.

SQLite's own API only shows live rows. To prove that deleted text is gone
from the file (free pages, old index segments) and from the write-ahead log,
the tests decrypt every page themselves with the raw key, the way SQLCipher 4
lays them out by default: AES-256-CBC over each page except its reserved
tail (a 16-byte IV, then a 64-byte HMAC-SHA512); page 1 starts with the
16-byte salt instead of the SQLite header.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVE = 16 + 64
WAL_HEADER = 32
FRAME_HEADER = 24


def decrypt_page(page: bytes, key: bytes, *, first: bool) -> bytes:
    start = 16 if first else 0
    end = len(page) - RESERVE
    iv = page[end : end + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start:end]) + decryptor.finalize()


def database_pages(data: bytes, key: bytes, page_size: int = PAGE_SIZE) -> Iterator[bytes]:
    for offset in range(0, len(data) - page_size + 1, page_size):
        yield decrypt_page(data[offset : offset + page_size], key, first=offset == 0)


def wal_pages(data: bytes, key: bytes, page_size: int = PAGE_SIZE) -> Iterator[bytes]:
    frame = FRAME_HEADER + page_size
    for offset in range(WAL_HEADER, len(data) - frame + 1, frame):
        page_number = int.from_bytes(data[offset : offset + 4], "big")
        page = data[offset + FRAME_HEADER : offset + frame]
        yield decrypt_page(page, key, first=page_number == 1)


def plaintext(path: Path, key: bytes) -> bytes:
    """Every page of a database file or its ``-wal``, decrypted and joined."""
    data = path.read_bytes()
    pages = wal_pages if path.name.endswith("-wal") else database_pages
    return b"".join(pages(data, key))
