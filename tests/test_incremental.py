"""Rebuilds: nothing changed, nothing done; one catalog changed, its pages only; any number
of workers, the same bytes."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from alert_i18n import alert_build, build, incremental, parallel, workspace
from alert_i18n.config import load
from alert_i18n.po.reader import read_po
from alert_i18n.po.writer import write_po

from .conftest import Run, snapshot

SLUG = "mali-2020-08"


def add_alerts(root: Path, count: int) -> list[str]:
    """Copies of the sample alert (and its catalogs) under other names."""
    slugs = []
    for number in range(count):
        slug = f"copy-{number}"
        text = (root / "source" / f"{SLUG}.md").read_text(encoding="utf-8")
        (root / "source" / f"{slug}.md").write_text(text.replace("2020-08", f"2020-0{number + 1}"),
                                                    encoding="utf-8")
        for lang in ("fr", "bm"):
            folder = root / "locales" / lang / "LC_MESSAGES"
            shutil.copy(folder / f"{SLUG}.po", folder / f"{slug}.po")
        slugs.append(slug)
    return slugs


def reword(root: Path, lang: str, slug: str, *, markup: str = " (révisé)") -> None:
    """Change the last translated list item of one catalog."""
    path = root / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    messages = list(catalog.messages)
    index = max(i for i, m in enumerate(messages)
                if m.translated and "list item" in " ".join(m.extracted_comments))
    messages[index] = replace(messages[index], msgstr=messages[index].msgstr + markup)
    path.write_text(write_po(replace(catalog, messages=tuple(messages))), encoding="utf-8")


def written(out: str) -> list[str]:
    return re.findall(r"^  (\S+)$", out, re.M)


def test_nothing_changed_nothing_written_nothing_read(content: Path, cli: Run,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, first, _ = cli("-C", content, "build")
    assert code == 0
    before = snapshot(content / "build")

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a rebuild with nothing changed reads no catalog or source")

    for module in (alert_build, build, workspace):
        monkeypatch.setattr(module, "read_catalog", no_reading)
        monkeypatch.setattr(module, "read_source", no_reading)
    code, again, _ = cli("-C", content, "build")
    assert code == 0
    assert snapshot(content / "build") == before
    assert "built 0 file(s)" in again
    # It still says what the full build said about each language.
    notes = [line for line in first.splitlines() if not line.startswith(("built", "  "))]
    assert notes and notes == [line for line in again.splitlines()
                               if not line.startswith(("built", "  "))]


def test_the_root_spelled_another_way_is_the_same_build(
        content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-C /path/site`, `-C site` or the current folder: the same build, not a full one
    each time the spelling changes (the files were known by their full names)."""
    assert cli("-C", content, "build")[0] == 0
    read = []
    real = build.read_source
    monkeypatch.setattr(build, "read_source", lambda config, name, **kw: (
        read.append(Path(name).stem), real(config, name, **kw))[1])
    monkeypatch.chdir(content.parent)
    code, out, _ = cli("-C", content.name, "build")
    assert code == 0 and "built 0 file(s)" in out and read == []
    monkeypatch.chdir(content)
    reword(content, "fr", SLUG)
    code, out, _ = cli("build")
    assert code == 0 and read == [SLUG]
    assert sorted(written(out)) == sorted([
        f"build/fr/{SLUG}.html", f"build/fr/{SLUG}.md", f"build/fr/{SLUG}.txt",
        f"build/{SLUG}.cap.xml"])


def test_a_catalog_written_again_unchanged_is_read_once(
        content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved again with the same bytes (a new change time): read once to find it
    unchanged, then known by its new stamp; nothing is made again."""
    assert cli("-C", content, "build")[0] == 0
    path = content / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    path.write_bytes(path.read_bytes())
    read: list[str] = []
    real = incremental.disk.read_bytes
    monkeypatch.setattr(incremental.disk, "read_bytes", lambda name: (
        read.append(Path(name).name), real(name))[1])
    code, out, _ = cli("-C", content, "build")
    assert code == 0 and "built 0 file(s)" in out
    assert read == [f"{SLUG}.po"]
    read.clear()
    code, out, _ = cli("-C", content, "build")
    assert code == 0 and "built 0 file(s)" in out and read == []


def test_a_large_archive_is_looked_at_by_several_processes(
        content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each process looks at runs of alerts through its own connection: together they
    find what one process finds (the digest of everything too), and the build after
    them writes the same files."""
    slugs = add_alerts(content, 3)
    assert cli("-C", content, "build")[0] == 0
    reword(content, "fr", slugs[1])
    config = load(content)

    def found(jobs: int) -> tuple[object, ...]:
        start = incremental.start_build(config, (), workspace.FORMATS, jobs=jobs)
        start.manifest.close()
        return (start.inputs, start.kept, start.alert_inputs, start.alert_sources,
                start.files.changed)

    monkeypatch.setattr(incremental, "_BLOCK", 1)  # a block a stem, a process a block
    monkeypatch.setattr(incremental, "_LOOKS_A_PROCESS", 1)
    alone = found(1)
    runs = []
    real = parallel.ordered_map
    monkeypatch.setattr(parallel, "ordered_map", lambda function, tasks, **kw: (
        runs.append(len(tasks)), real(function, tasks, **kw))[1])
    assert found(2) == alone and runs == [2]
    assert list(alone[2]) == [slugs[1]] and len(alone[1]) == 3
    monkeypatch.setattr(parallel, "ordered_map", real)
    code, out, _ = cli("-C", content, "build", "-j", "2")
    assert code == 0 and sorted(written(out)) == sorted([
        f"build/fr/{slugs[1]}.html", f"build/fr/{slugs[1]}.md", f"build/fr/{slugs[1]}.txt",
        f"build/{slugs[1]}.cap.xml"])
    for jobs in (1, 2):  # the same digest of everything: nothing to do, either way
        start = incremental.start_build(config, (), workspace.FORMATS, jobs=jobs)
        start.manifest.close()
        assert start.replayed is not None


def test_rows_are_taken_in_order_and_out_of_order() -> None:
    """``InOrder`` walks one query as a merge join; a key asked for again, or before the
    last, is looked up alone; a key with no row has none."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (k TEXT, v INTEGER)")
    db.executemany("INSERT INTO t VALUES (?, ?)",
                   [("b", 2), ("a", 1), ("d", 4), ("c", 3), ("c", 30)])
    rows = incremental.InOrder(db, "SELECT k, v FROM t", "k")
    assert rows.take("a") == [("a", 1)]
    assert rows.take("b0") == []
    assert sorted(rows.take("c")) == [("c", 3), ("c", 30)]
    assert rows.take("b") == [("b", 2)]  # behind the walk: looked up
    assert rows.take("d") == [("d", 4)] and rows.take("e") == []
    rows.close()


def test_alerts_kept_by_one_rebuild_are_kept_by_the_next(
        content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a rebuild keeps of the alerts it does not make (their entries, their CAP
    files' stamps) lets the next rebuild keep them too: only the changed alert is read."""
    slugs = add_alerts(content, 2)
    assert cli("-C", content, "build")[0] == 0
    reword(content, "fr", slugs[0])
    assert cli("-C", content, "build")[0] == 0
    read: list[str] = []
    real = build.read_source
    monkeypatch.setattr(build, "read_source", lambda config, name, **kw: (
        read.append(Path(name).stem), real(config, name, **kw))[1])
    reword(content, "fr", slugs[1])
    code, out, _ = cli("-C", content, "build")
    assert code == 0 and read == [slugs[1]]
    assert f"build/{slugs[1]}.cap.xml" in written(out)


def test_one_catalog_changed_rewrites_only_its_pages(content: Path, cli: Run) -> None:
    slugs = add_alerts(content, 2)
    assert cli("-C", content, "build")[0] == 0
    reword(content, "fr", slugs[1])
    code, out, _ = cli("-C", content, "build")
    assert code == 0
    # Its page, Markdown and plain text, and the alert's CAP file (French <info>); not its
    # SMS, whose headline and summary did not change.
    assert sorted(written(out)) == sorted([
        f"build/fr/{slugs[1]}.html", f"build/fr/{slugs[1]}.md", f"build/fr/{slugs[1]}.txt",
        f"build/{slugs[1]}.cap.xml"])


def test_untouched_alerts_are_not_read_and_the_index_follows_a_new_title(
        content: Path, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the changed alert's source is read; the index pages are remade when what they
    list changes, and then only they and its pages are written."""
    slugs = add_alerts(content, 2)
    assert cli("-C", content, "build")[0] == 0
    read = []
    real = build.read_source
    monkeypatch.setattr(build, "read_source", lambda config, name, **kw: (
        read.append(Path(name).stem), real(config, name, **kw))[1])
    path = content / "locales" / "fr" / "LC_MESSAGES" / f"{slugs[0]}.po"
    catalog = read_po(path.read_bytes(), path=str(path))
    messages = [replace(m, msgstr=m.msgstr + " (nouveau)")
                if m.translated and "heading" in " ".join(m.extracted_comments) else m
                for m in catalog.messages]
    path.write_text(write_po(replace(catalog, messages=tuple(messages))), encoding="utf-8")
    code, out, _ = cli("-C", content, "build")
    assert code == 0 and read == [slugs[0]]
    assert "build/fr/index.html" in written(out) and "build/fr/feed.xml" in written(out)
    assert all(name.startswith(("build/fr/", f"build/{slugs[0]}.")) for name in written(out))
    assert (content / "build" / "fr" / "index.html").read_text(encoding="utf-8").count(
        "(nouveau)") >= 1


def test_a_deleted_or_edited_output_is_built_again(content: Path, cli: Run) -> None:
    assert cli("-C", content, "build")[0] == 0
    page = content / "build" / "bm" / f"{SLUG}.html"
    expected = page.read_bytes()
    page.unlink()
    markdown = content / "build" / "fr" / f"{SLUG}.md"
    markdown.write_text("edited by hand\n", encoding="utf-8")
    code, out, _ = cli("-C", content, "build")
    assert code == 0
    assert sorted(written(out)) == [f"build/bm/{SLUG}.html", f"build/fr/{SLUG}.md"]
    assert page.read_bytes() == expected


def test_errors_are_told_again_by_a_rebuild(content: Path, cli: Run) -> None:
    path = content / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[crise humanitaire](#)", "[crise humanitaire](javascript:x)"),
                    encoding="utf-8")
    first = cli("-C", content, "build")
    again = cli("-C", content, "build")
    assert first[0] == again[0] == 1
    assert "rejected" in first[2] and first[2] == again[2]
    assert "built 0 file(s)" in again[1]


def test_a_new_alert_builds_only_its_own_pages(content: Path, cli: Run) -> None:
    assert cli("-C", content, "build")[0] == 0
    (slug,) = add_alerts(content, 1)
    code, out, _ = cli("-C", content, "build")
    assert code == 0
    pages = {p for p in written(out) if slug in p}
    assert pages == {f"build/{lang}/{slug}.{ext}" for lang in ("en", "fr", "bm")
                     for ext in ("html", "md", "txt", "sms.txt", "sms.json")
                     } | {f"build/{slug}.cap.xml"}
    # The other alert's pages are untouched; the lists of alerts change.
    assert not {p for p in written(out) if SLUG in p}


def test_any_number_of_workers_writes_the_same_bytes_and_says_the_same(
    content: Path, tmp_path: Path
) -> None:
    add_alerts(content, parallel.MIN_TASKS + 1)
    reword(content, "fr", "copy-3", markup=" [lien](javascript:x)")  # one error, isolated
    other = tmp_path / "other"
    shutil.copytree(content, other)
    one = build.run_build(load(content), [], jobs=1)
    two = build.run_build(load(other), [], jobs=2)
    assert snapshot(content / "build") == snapshot(other / "build")
    assert one.written == two.written and one.notes == two.notes
    assert [str(e) for e in one.errors] == [str(e) for e in two.errors]
    assert len(one.errors) == 1 and "copy-3" in str(one.errors[0])


def test_the_manifest_is_kept_outside_build(content: Path, cli: Run) -> None:
    assert cli("-C", content, "build")[0] == 0
    assert not [p for p in (content / "build").rglob("*") if p.name.startswith(".")]
    manifest = incremental.Manifest.load(content)
    assert manifest.report.notes and manifest.inputs and manifest.count
    slug = (content / "source").glob("*.md").__next__().stem
    entry = manifest.alert(slug)
    assert entry is not None and entry.jobs and entry.published and entry.told["shown"]
    manifest.close()


@pytest.mark.parametrize(
    "damage", ["{not json", "SQLite format 3\0" + "x" * 200, "", "other", "entry"])
def test_a_damaged_manifest_costs_a_full_build_never_a_wrong_one(
    content: Path, cli: Run, damage: str
) -> None:
    assert cli("-C", content, "build")[0] == 0
    expected = snapshot(content / "build")
    shutil.rmtree(content / "build")
    path = content / incremental.CACHE / incremental.MANIFEST
    if damage in ("other", "entry"):  # another version of the tool's, or a damaged entry
        import sqlite3

        with sqlite3.connect(path) as db:
            if damage == "other":
                db.execute("UPDATE build SET value = 'someone else' WHERE key = 'fingerprint'")
            else:
                db.execute("UPDATE alerts SET head = '{'")
                db.execute("UPDATE pages SET jobs = '['")
        db.close()
    else:
        path.write_text(damage, encoding="utf-8")
    code, out, _ = cli("-C", content, "build")
    assert code == 0 and snapshot(content / "build") == expected
    assert f"built {len(expected)} file(s)" in out


def test_workers_keeps_small_builds_in_process() -> None:
    assert parallel.workers(0, parallel.MIN_TASKS - 1) == 1
    assert parallel.workers(None, 1000) == parallel.available_cores()
    assert parallel.workers(8, 3) == 3
    assert parallel.workers(1, 1000) == 1


def _slow_square(number: int) -> int:
    import time

    time.sleep(0.002 * (10 - number))  # the first tasks finish last
    return number * number


def test_ordered_map_keeps_task_order_across_processes() -> None:
    assert list(parallel.ordered_map(_slow_square, range(10), jobs=2)) == [
        n * n for n in range(10)]
    # Some tasks done in this process, the others by workers: still in order.
    assert list(parallel.ordered_map(_slow_square, range(10), jobs=2,
                                     here=lambda n: n % 3 == 0)) == [n * n for n in range(10)]


def test_parallel_rebuild_after_one_change_writes_its_pages_only(content: Path) -> None:
    slugs = add_alerts(content, parallel.MIN_TASKS + 1)
    config = load(content)
    assert not build.run_build(config, [], jobs=2).errors
    reword(content, "bm", slugs[4])
    report = build.run_build(config, [], jobs=2)
    assert sorted(report.written) == sorted([
        f"build/bm/{slugs[4]}.html", f"build/bm/{slugs[4]}.md", f"build/bm/{slugs[4]}.txt",
        f"build/{slugs[4]}.cap.xml"])


def test_digest_parts_cannot_run_together() -> None:
    assert incremental.digest("ab", "c") != incremental.digest("a", "bc")
    assert incremental.digest(None) != incremental.digest("")


def test_the_inputs_listed_are_globs(content: Path) -> None:
    """The build lists sources and catalogs without glob (a no-op rebuild's cost); the
    same files, in the same order, strays and hidden ones included."""
    (content / "locales" / ".hidden" / "LC_MESSAGES").mkdir(parents=True)
    (content / "locales" / ".hidden" / "LC_MESSAGES" / "b.po").write_text("")
    (content / "locales" / "fr" / "LC_MESSAGES" / "A.po").write_text("")
    (content / "locales" / "stray.po").write_text("")
    (content / "locales" / "xx").mkdir()
    (content / "source" / ".draft.md").write_text("# Draft\n")
    (content / "source" / "notes.txt").write_text("")
    config = load(content)
    assert workspace.catalog_names(config) == sorted(
        str(path) for path in config.locale_dir.glob("*/LC_MESSAGES/*.po"))
    assert workspace.source_paths(config) == sorted(config.source_dir.glob("*.md"))


@pytest.mark.parametrize("damage", [
    "UPDATE alerts SET told = '{'",  # what keeping an alert would tell
    "UPDATE alerts SET notes = '['",  # its front matter's notes, read to keep it
    "UPDATE alerts SET head = '['",  # its front matter, for the index pages
    "UPDATE alerts SET feed = '{'",  # its CAP feed entry
    "UPDATE alerts SET outputs = 'x'",  # the names of its outputs
    "UPDATE pages SET published = '{'",  # what the index pages list of it
    "UPDATE outputs SET stamp = '['",  # the stamp of an index page
])
def test_an_entry_damaged_under_intact_outputs_is_made_again(
        content: Path, cli: Run, damage: str) -> None:
    """Wherever a build reads a damaged entry, it makes the alert again or starts over
    from an empty manifest: the same files, never a traceback."""
    import sqlite3

    slugs = add_alerts(content, 1)
    assert cli("-C", content, "build")[0] == 0
    path = content / incremental.CACHE / incremental.MANIFEST
    with sqlite3.connect(path) as db:
        db.execute(damage)
    db.close()
    # A new title: the index pages are made again, from every alert's entry.
    source = content / "source" / f"{slugs[0]}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "## Genocide Emergency:", "## Genocide Emergency (updated):", 1), encoding="utf-8")
    code, _, err = cli("-C", content, "build")
    assert code == 0, err
    assert "Traceback" not in err
    expected = snapshot(content / "build")
    shutil.rmtree(content / incremental.CACHE)
    assert cli("-C", content, "build")[0] == 0
    assert snapshot(content / "build") == expected  # as a build from nothing makes it
    assert "(updated)" in (content / "build" / "en" / "index.html").read_text(encoding="utf-8")
