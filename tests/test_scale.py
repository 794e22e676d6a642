"""The Dask runner gives exactly what a single-process ingest gives: the same records, links and
failures, with the analysis on worker processes, input read lazily and few chunks in flight."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lagebild import clean, meta, pipeline
from lagebild.batch import FileDone
from lagebild.cli import main
from lagebild.errors import LagebildError
from lagebild.model import Article, RawArticle, ReadFailure
from lagebild.pipeline import default_stages, stage
from lagebild.scale import IN_FLIGHT_PER_WORKER, connect, dask_analyzer

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"
CHEAP = [clean.layout, clean.keep, meta.metadata, pipeline.identify]  # no models: for plumbing tests


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two single-threaded worker processes, as `--dask local` starts them on a two-core machine;
    processes, so that every task and result really crosses a pickle boundary."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, 40 Wikinews articles with a broken line among them, a repost of one of them in
    another outlet (so that there are links to compare), and a binary file."""
    d = tmp_path_factory.mktemp("in")
    for seed in (SAMPLES / "seeds").iterdir():
        shutil.copy(seed, d / seed.name)
    lines = (SAMPLES / "wikinews-de.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    lines.insert(17, "{not json")
    (d / "wikinews.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = json.loads(lines[12])
    repost = original | {"id": "repost-1", "outlet": "Nachrichten-Echo"}
    repost["text"] = original["text"].rsplit(". ", 1)[0] + "."  # a shortened copy
    (d / "repost.jsonl").write_text(json.dumps(repost, ensure_ascii=False) + "\n", encoding="utf-8")
    (d / "scan.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    return d


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def exported(db: str, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / f"export-{abs(hash(db))}.jsonl"
    invoke("export", "-o", str(out), "--db", db)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return sorted(records, key=lambda r: r["id"])


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


def failed_lines(result: Result) -> list[str]:
    return sorted(line for line in result.stderr.splitlines() if line.startswith("failed: "))


def test_scale_ingest_matches_single_process(cluster: Any, corpus: Path, tmp_path: Path) -> None:
    single_db, dask_db = f"sqlite:///{tmp_path / 'single.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    single = invoke("ingest", str(corpus), "--db", single_db, "-q")
    on_dask = invoke("ingest", str(corpus), "--db", dask_db, "-q", "--dask", cluster.scheduler_address)
    records = exported(dask_db, tmp_path)
    assert len(records) == 43
    assert records == exported(single_db, tmp_path)  # links and story ids included
    (repost,) = [r for r in records if r["id"] == "repost-1"]  # the comparison covers real links
    original = by_id(records)[repost["duplicate_of"]]
    assert repost["story_id"] == original["story_id"] and original["title"] == repost["title"]
    assert failed_lines(on_dask) == failed_lines(single)
    assert len(failed_lines(on_dask)) == 2  # the broken JSONL line and the PDF; the rest is stored
    assert on_dask.stdout.splitlines()[-1] == single.stdout.splitlines()[-1]


def test_scale_bad_input_is_reported_and_rerun_adds_nothing(cluster: Any, corpus: Path, db_url: str) -> None:
    from lagebild.scale import ingest
    from lagebild.store import open_store

    paths = [str(corpus / n) for n in ("wikinews.jsonl", "scan.pdf", "repost.jsonl")] + [
        str(SAMPLES / "seeds")
    ]
    with open_store(db_url) as store:
        report = ingest(paths, store, cluster.scheduler_address)
        assert report.added == store.count() == 43
        reasons = {(Path(f.path).name, f.record) for f in report.failures}
        assert reasons == {("wikinews.jsonl", "18"), ("scan.pdf", None)}
    with open_store(db_url) as store:
        again = ingest(paths, store, cluster.scheduler_address)
        assert (again.added, again.files_skipped, again.failures) == (0, 5, [])
        assert store.count() == 43


def test_scale_reads_lazily_with_bounded_chunks_in_flight(cluster: Any) -> None:
    read = 0

    def raws() -> Iterator[RawArticle | FileDone]:
        nonlocal read
        for i in range(60):
            read += 1
            yield RawArticle("many.jsonl", str(i + 1), raw_text=f"Meldung {i} aus Wien.")
            if i % 7 == 6:
                yield FileDone(f"part-{i}", "digest")

    chunk, limit = 4, IN_FLIGHT_PER_WORKER * 2
    out = []
    with distributed.Client(cluster) as client:
        for item in dask_analyzer(client, CHEAP, chunk=chunk, features=False)(raws()):
            out.append(item)
            done = sum(1 for x in out if not isinstance(x, FileDone))
            assert read - done <= limit * chunk  # never more than `limit` chunks read ahead
    articles = [x.article for x in out if not isinstance(x, FileDone | ReadFailure)]
    assert [a.record for a in articles] == [str(i + 1) for i in range(60)]  # input order
    assert [x.path for x in out if isinstance(x, FileDone)] == [f"part-{i}" for i in range(6, 60, 7)]
    for j, x in enumerate(out):  # each file mark right after the file's last article
        if isinstance(x, FileDone):
            assert out[j - 1].article.record == str(int(x.path.removeprefix("part-")) + 1)


@stage(requires=("id",), provides=())
def unpicklable_third(article: Article) -> Article:
    """Leaves something in article 3 that cannot travel back from the worker."""
    if article.record == "3":
        article.hints["lock"] = threading.Lock()
    return article


def test_scale_failed_task_costs_only_the_article_at_fault(cluster: Any) -> None:
    raws = [RawArticle("in.jsonl", str(i), raw_text=f"Meldung {i} aus Graz.") for i in range(1, 7)]
    with distributed.Client(cluster) as client:
        out = list(dask_analyzer(client, [*CHEAP, unpicklable_third], chunk=3, features=False)(raws))
    failures = [x for x in out if isinstance(x, ReadFailure)]
    assert [(f.record, f.reason.split(":")[0]) for f in failures] == [
        ("3", "analysis failed on a Dask worker")
    ]
    assert [x.article.record for x in out if not isinstance(x, ReadFailure)] == ["1", "2", "4", "5", "6"]


def test_scale_local_cluster_starts_and_closes() -> None:
    with connect("local", workers=1) as client:
        assert len(client.scheduler_info()["workers"]) == 1
        assert client.submit(sum, [1, 2]).result() == 3
    assert client.status == "closed"


def test_scale_missing_dask_says_which_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    result = CliRunner().invoke(
        main, ["ingest", str(SAMPLES / "seeds"), "--db", str(tmp_path / "x.db"), "--dask", "local"]
    )
    assert result.exit_code == 1
    assert "install lagebild[dask]" in result.output


def test_scale_address_and_workers_are_checked(tmp_path: Path) -> None:
    with pytest.raises(LagebildError, match="tcp://host:8786"), connect("localhost:8786"):
        pass
    with pytest.raises(LagebildError, match="local cluster only"), connect("tcp://x:1", workers=2):
        pass
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 2 and "--workers needs --dask local" in result.output


@pytest.mark.slow
def test_scale_local_cluster_on_the_sample_corpus_matches_single_process(tmp_path: Path) -> None:
    single_db, dask_db = f"sqlite:///{tmp_path / 'single.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    invoke("ingest", str(SAMPLES), "--db", single_db, "-q")
    invoke("ingest", str(SAMPLES), "--db", dask_db, "-q", "--dask", "local", "--workers", "2")
    records = exported(dask_db, tmp_path)
    assert len(records) == 302
    assert records == exported(single_db, tmp_path)


def test_scale_ingest_killed_midway_is_consistent_and_resumes(cluster: Any, tmp_path: Path) -> None:
    """Reading ahead for the workers must not mark a file before its article is committed."""
    from lagebild.scale import ingest
    from lagebild.store import open_store
    from test_batch_crash import ARTICLES, BATCH, assert_consistent, ingest_command, make_corpus

    corpus, db_url = make_corpus(tmp_path / "corpus"), f"sqlite:///{tmp_path / 'killed.db'}"
    open_store(db_url).close()
    command = [*ingest_command(corpus, db_url), "--dask", cluster.scheduler_address]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with open_store(db_url) as watcher:
            deadline = time.monotonic() + 120
            while watcher.count() < 3 * BATCH and proc.poll() is None:
                assert time.monotonic() < deadline, "ingest stored nothing in 120 s"
                time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "ingest ended before it could be killed"
    with open_store(db_url) as store:
        stored = store.count()
        assert 3 * BATCH <= stored < ARTICLES and stored % BATCH == 0, "a batch was stored in part"
        assert_consistent(store)
        stages = default_stages(clean=False)  # as ingest_command runs it
        report = ingest([str(corpus)], store, cluster.scheduler_address, stages=stages, batch_size=BATCH)
        assert not report.failures and report.added == ARTICLES - stored
        assert store.count() == ARTICLES
        assert_consistent(store)
