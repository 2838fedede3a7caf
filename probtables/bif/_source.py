"""Where BIF text comes from: a file (plain or gzip-compressed), a stream, or the text itself.

The rule that tells them apart (documented in :func:`probtables.read_bif`):

* an object with a ``read`` method is a stream (text or binary);
* a ``str`` that contains a newline or a ``{`` is the BIF text itself: every
  BIF network has at least one ``{ ... }`` block, and file names have neither;
* any other ``str``, and every ``os.PathLike``, is the name of a file.

Bytes that start with the gzip magic number (``1f 8b``) are decompressed,
whatever the file is called; text is decoded as UTF-8, a byte-order mark
skipped.
"""

from __future__ import annotations

import gzip
import os
import zlib
from typing import IO, Any

from probtables.errors import BIFError

__all__ = ["bif_text", "is_bif_text"]

_GZIP_MAGIC = b"\x1f\x8b"


def is_bif_text(source: object) -> bool:
    """Whether `source` is BIF text rather than a file name (a ``str`` with a newline or a ``{``).

    >>> from probtables.bif._source import is_bif_text
    >>> is_bif_text("network x { }"), is_bif_text("asia.bif")
    (True, False)
    """
    return isinstance(source, str) and ("\n" in source or "{" in source)


def _decode(data: bytes, where: str) -> str:
    if data[:2] == _GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise BIFError(f"{where}: cannot decompress gzip data: {exc}") from None
    try:
        return data.decode("utf-8-sig")  # "-sig": skip a byte-order mark
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BIFError(
            f"{where}, line {line}: byte {exc.start} (0x{data[exc.start]:02x}) is not UTF-8; "
            "a BIF file is UTF-8 text, plain or gzip-compressed."
        ) from None


def bif_text(source: str | os.PathLike[str] | IO[Any]) -> tuple[str, str]:
    """The BIF text of `source` and the name to show in messages (see the module's rule).

    >>> from probtables.bif._source import bif_text
    >>> import io
    >>> bif_text(io.StringIO("network x { }"))
    ('network x { }', '<stream>')
    """
    read = getattr(source, "read", None)
    if callable(read):
        name = getattr(source, "name", None)
        where = name if isinstance(name, str) else "<stream>"
        content = read()
        if isinstance(content, bytes):
            return _decode(content, where), where
        if not isinstance(content, str):
            raise BIFError(
                f"read_bif(): the stream's read() returned {type(content).__name__}, not str or bytes."
            )
        return content.removeprefix("\ufeff"), where
    if is_bif_text(source):
        return str(source).removeprefix("\ufeff"), "<string>"
    if not isinstance(source, (str, os.PathLike)):
        raise BIFError(
            "read_bif(): expected a file name, a path, a text or binary stream, or BIF text; "
            f"got {type(source).__name__}."
        )
    where = os.fspath(source)
    with open(source, "rb") as handle:
        data = handle.read()
    return _decode(data, str(where)), str(where)
