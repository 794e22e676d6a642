"""Readers: files and directories in, one `RawArticle` per article out, the format judged by content.

Bad input never raises: a file or record that cannot be read becomes a `ReadFailure` with the path,
the record (line, entry or WARC record number) and a reason, and reading goes on with the rest.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterable, Iterator
from typing import IO

from lagebild.ingest.decode import decode
from lagebild.ingest.feeds import read_feed
from lagebild.ingest.html import read_html
from lagebild.ingest.jsonl import read_json, read_jsonl
from lagebild.ingest.sniff import HEAD_BYTES, MAX_ARTICLE_BYTES, Sniffed, sniff
from lagebild.ingest.text import read_text
from lagebild.ingest.warc import read_warc
from lagebild.model import RawArticle, ReadFailure

__all__ = ["MAX_ARTICLE_BYTES", "iter_files", "read_bytes", "read_file"]

_FILE_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def iter_files(paths: Iterable[str]) -> Iterator[str | ReadFailure]:
    """Each given file and every file under each given directory, sorted, hidden ones skipped.

    A missing path, a broken link, something that is not a regular file, or a file or directory that
    cannot be read is yielded as a ReadFailure; the walk goes on.
    """
    seen: set[str] = set()
    for path in paths:
        item = _stat(path)
        if isinstance(item, ReadFailure):
            yield item
        elif stat.S_ISDIR(item.st_mode):
            yield from _walk(path, seen)
        else:
            yield _usable(path, item)


def read_file(path: str) -> Iterator[RawArticle | ReadFailure]:
    """Every article in one file; WARC and JSONL are read as a stream, not loaded whole."""
    st = _stat(path)
    usable = st if isinstance(st, ReadFailure) else _usable(path, st)
    if isinstance(usable, ReadFailure):
        yield usable
        return
    try:
        with open(path, "rb") as fh:
            sniffed = sniff(fh.read(HEAD_BYTES), path)
            fh.seek(0)
            yield from _read(sniffed, fh, path)
    except OSError as exc:
        yield ReadFailure(path, f"cannot read file: {exc.strerror or exc}")


def read_bytes(data: bytes, path: str) -> Iterator[RawArticle | ReadFailure]:
    """Every article in `data`, the content of the file `path`."""
    yield from _read(sniff(data[:HEAD_BYTES], path), io.BytesIO(data), path)


def _read(sniffed: Sniffed, stream: IO[bytes], path: str) -> Iterator[RawArticle | ReadFailure]:
    kind = sniffed.kind
    try:
        if kind == "binary":
            yield ReadFailure(path, f"binary file ({sniffed.detail}), not text")
        elif kind == "xml":
            yield ReadFailure(path, f"XML document with root <{sniffed.detail}>, neither RSS, Atom nor HTML")
        elif kind == "warc":
            yield from read_warc(stream, path)
        elif kind == "jsonl":
            yield from read_jsonl(stream, path)
        elif kind == "json":
            yield from read_json(stream.read(), path)
        elif kind == "feed":
            yield from read_feed(stream.read(), path)
        elif kind == "html":
            yield from read_html(stream.read(), path)
        else:
            yield from read_text(decode(stream.read()), path)
    except OSError:
        raise  # the caller names the file that could not be read
    except Exception as exc:
        # A parser choking on hostile input must cost this file only, not the batch.
        yield ReadFailure(path, f"cannot read this {kind} file ({type(exc).__name__}: {exc})")


def _stat(path: str) -> os.stat_result | ReadFailure:
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return ReadFailure(path, "broken symbolic link: its target does not exist")
        return ReadFailure(path, "no such file or directory")
    except OSError as exc:
        return ReadFailure(path, f"cannot read: {exc.strerror or exc}")


def _usable(path: str, st: os.stat_result) -> str | ReadFailure:
    """The path of a regular, readable file, else why not (opening a named pipe would hang)."""
    if stat.S_ISDIR(st.st_mode):
        return ReadFailure(path, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = _FILE_KINDS.get(stat.S_IFMT(st.st_mode), "a special file")
        return ReadFailure(path, f"not a regular file but {kind}")
    if not os.access(path, os.R_OK):
        return ReadFailure(path, "cannot read file: permission denied")
    return path


def _walk(directory: str, seen: set[str]) -> Iterator[str | ReadFailure]:
    real = os.path.realpath(directory)
    if real in seen:
        return  # a symbolic link back into a directory already walked
    seen.add(real)
    try:
        with os.scandir(directory) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield ReadFailure(directory, f"cannot read directory: {exc.strerror or exc}")
        return
    for entry in entries:
        item = _stat(entry.path)
        if isinstance(item, ReadFailure):
            yield item
        elif stat.S_ISDIR(item.st_mode):
            yield from _walk(entry.path, seen)
        else:
            yield _usable(entry.path, item)
