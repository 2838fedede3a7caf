"""read_bif reads a file (plain or gzip), a text or binary stream, and a string of BIF text."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest
from networks import ASIA

import probtables as pt
from probtables.errors import BIFError

ASIA_TEXT = ASIA.read_text(encoding="utf-8")
WET = (
    "variable rain { type discrete [ 2 ] { yes, no }; } "
    "variable wet { type discrete [ 2 ] { yes, no }; } "
    "probability ( rain ) { table 0.2, 0.8; } "
    "probability ( wet | rain ) { (yes) 0.9, 0.1; (no) 0.15, 0.85; }"
)


def assert_same_network(f: pt.Factorization, g: pt.Factorization) -> None:
    assert [(t.head, t.given) for t in f.terms] == [(t.head, t.given) for t in g.terms]
    for a, b in zip(f.terms, g.terms):
        assert a.table.states == b.table.states
        assert a.table.equals(b.table, atol=0.0)


@pytest.fixture(scope="module")
def asia() -> pt.Factorization:
    return pt.read_bif(ASIA)


def test_gzip_file_by_suffix_and_by_content(asia, tmp_path: Path) -> None:
    packed = gzip.compress(ASIA_TEXT.encode("utf-8"))
    (tmp_path / "asia.bif.gz").write_bytes(packed)
    (tmp_path / "asia.bif").write_bytes(packed)  # the magic number decides, not the name
    assert_same_network(pt.read_bif(tmp_path / "asia.bif.gz"), asia)
    assert_same_network(pt.read_bif(str(tmp_path / "asia.bif")), asia)


def test_text_and_binary_streams(asia) -> None:
    assert_same_network(pt.read_bif(io.StringIO(ASIA_TEXT)), asia)
    assert_same_network(pt.read_bif(io.BytesIO(ASIA_TEXT.encode("utf-8"))), asia)
    assert_same_network(pt.read_bif(io.BytesIO(gzip.compress(ASIA_TEXT.encode("utf-8")))), asia)
    with open(ASIA, encoding="utf-8") as handle:
        assert_same_network(pt.read_bif(handle), asia)
    with gzip.open(io.BytesIO(gzip.compress(ASIA_TEXT.encode("utf-8"))), "rt") as handle:
        assert_same_network(pt.read_bif(handle), asia)


def test_a_string_with_a_newline_or_a_brace_is_bif_text(asia) -> None:
    assert_same_network(pt.read_bif(ASIA_TEXT), asia)
    wet = pt.read_bif(WET)  # one line: the braces make it text
    assert str(wet) == "p(rain)p(wet | rain)"
    assert wet.terms[1].table.p(wet="yes", rain="no") == 0.15
    assert str(pt.read_bif("\ufeff" + WET)) == "p(rain)p(wet | rain)"  # a byte-order mark is skipped


def test_any_other_string_is_a_file_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wet.bif").write_text(WET, encoding="utf-8")
    assert str(pt.read_bif("wet.bif")) == "p(rain)p(wet | rain)"
    with pytest.raises(FileNotFoundError):
        pt.read_bif("network asia")  # no newline and no brace: a (missing) file name


def test_errors_name_the_stream_or_the_string() -> None:
    broken = "variable a {\n  type discrete [ 2 ] { y, n }\n}\n"
    message = "line 3: expected ';' after the state list, found '}'"
    with pytest.raises(BIFError, match=re.escape(f"<string>, {message}")):
        pt.read_bif(broken)
    with pytest.raises(BIFError, match=re.escape(f"<stream>, {message}")):
        pt.read_bif(io.StringIO(broken))


def test_bytes_that_are_not_utf8_are_a_bif_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.bif"
    path.write_bytes("variable caf\u00e9 { }".encode("latin-1"))
    with pytest.raises(
        BIFError,
        match=re.escape(
            f"{path}, line 1: byte 12 (0xe9) is not UTF-8; a BIF file is UTF-8 text, plain or gzip-compressed."
        ),
    ):
        pt.read_bif(path)


def test_broken_gzip_is_a_bif_error(tmp_path: Path) -> None:
    path = tmp_path / "asia.bif.gz"
    path.write_bytes(gzip.compress(ASIA_TEXT.encode("utf-8"))[:100])
    with pytest.raises(
        BIFError,
        match=re.escape(
            f"{path}: cannot decompress gzip data: Compressed file ended before the end-of-stream marker was reached"
        ),
    ):
        pt.read_bif(path)


def test_something_else_is_refused() -> None:
    with pytest.raises(
        BIFError,
        match=re.escape(
            "read_bif(): expected a file name, a path, a text or binary stream, or BIF text; got int."
        ),
    ):
        pt.read_bif(3)  # type: ignore[arg-type]
