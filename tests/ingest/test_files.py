"""Walking inputs: sorted, hidden files skipped, every unreadable path reported and the rest read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lagebild.ingest import iter_files, read_file
from lagebild.model import RawArticle, ReadFailure

BODY = "Die Außenminister beider Länder trafen sich am Montag in Wien zu Gesprächen über die Lage."


def names(items: list[str | ReadFailure], root: Path) -> list[str]:
    return [os.path.relpath(i if isinstance(i, str) else i.path, root) for i in items]


def test_files_directory_is_walked_sorted_and_hidden_entries_skipped(tmp_path: Path) -> None:
    for rel in ("b.txt", "a/z.txt", "a/c.txt", ".git/config", "a/.hidden.txt", "c/d/e.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(BODY, encoding="utf-8")
    items = list(iter_files([str(tmp_path)]))
    assert all(isinstance(i, str) for i in items)
    assert names(items, tmp_path) == ["a/c.txt", "a/z.txt", "b.txt", "c/d/e.txt"]


def test_files_given_file_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    a, missing = list(iter_files([str(tmp_path / "a.txt"), str(tmp_path / "nope.txt")]))
    assert a == str(tmp_path / "a.txt")
    assert isinstance(missing, ReadFailure) and missing.reason == "no such file or directory"


def test_files_broken_symlink_and_fifo_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    items = list(iter_files([str(tmp_path)]))
    reasons = {Path(i.path).name: i.reason for i in items if isinstance(i, ReadFailure)}
    assert reasons == {
        "dangling.txt": "broken symbolic link: its target does not exist",
        "pipe.txt": "not a regular file but a named pipe",
    }
    assert [i for i in items if isinstance(i, str)] == [str(tmp_path / "good.txt")]


def test_files_read_file_on_a_fifo_fails_instead_of_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    (failure,) = list(read_file(str(tmp_path / "pipe")))
    assert isinstance(failure, ReadFailure) and "named pipe" in failure.reason


def test_files_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(BODY, encoding="utf-8")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    assert names(list(iter_files([str(tmp_path)])), tmp_path) == ["d/a.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files and directories without permission")
def test_files_unreadable_file_and_directory_are_reported(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "closed").mkdir()
    os.chmod(tmp_path / "secret.txt", 0)
    os.chmod(tmp_path / "closed", 0)
    try:
        items = list(iter_files([str(tmp_path)]))
    finally:
        os.chmod(tmp_path / "closed", 0o700)
    reasons = {Path(i.path).name: i.reason for i in items if isinstance(i, ReadFailure)}
    assert reasons["secret.txt"] == "cannot read file: permission denied"
    assert reasons["closed"].startswith("cannot read directory:")
    assert str(tmp_path / "good.txt") in items


def test_files_mixed_directory_every_bad_file_reported_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Gespräche in Wien\n\n" + BODY, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(("Müller über Öl und Gas\n\n" + BODY).encode("cp1252"))
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "page.html").write_text(f"<html><body><p>{BODY}</p>", encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": BODY}), "{kaputt", json.dumps({"id": "j2"})]
    (tmp_path / "records.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "huge.txt").write_bytes(b"Wort " * 2_000_000)
    os.symlink(tmp_path / "gone", tmp_path / "dangling.txt")
    articles: list[RawArticle] = []
    failures: list[str] = []
    for item in iter_files([str(tmp_path)]):
        for got in [item] if isinstance(item, ReadFailure) else read_file(item):
            if isinstance(got, ReadFailure):
                failures.append(f"{Path(got.path).name}:{got.record}")
            else:
                articles.append(got)
    assert failures == [
        "dangling.txt:None",
        "empty.txt:None",
        "huge.txt:None",
        "records.jsonl:2",
        "records.jsonl:3",
        "report.pdf:None",
    ]
    assert sorted(a.hints.get("title", a.hints.get("id", "")) for a in articles) == [
        "",
        "Gespräche in Wien",
        "Müller über Öl und Gas",
        "j1",
    ]
