"""Parsing BIF 0.15 text into a :class:`~probtables.bif.BIFNetwork`: :func:`parse_bif`.

Two phases. The first reads the text, token by token from the
:class:`~probtables.bif._scan.Scanner`, into raw blocks: the network's name,
each variable's states, each probability block's header and lines, all with
their token positions. The second checks the blocks against the declarations
(unknown variables and states, missing or repeated configurations, tables of
the wrong length) and builds the arrays. Every error names the source and the
line, what was expected and what was found.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from probtables._limits import check_cells
from probtables.bif._model import BIFCpt, BIFNetwork, _hint
from probtables.bif._scan import Entry, Scanner, Token
from probtables.bif._write import fmt_config
from probtables.errors import BIFError

__all__ = ["parse_bif"]


class _Block(NamedTuple):
    child: Token
    parents: tuple[Token, ...]
    entries: tuple[Entry, ...]
    properties: tuple[str, ...]
    start: int  # token index of the keyword "probability"


class _Variable(NamedTuple):
    states: tuple[str, ...]
    properties: tuple[str, ...]
    start: int


def parse_bif(text: str, *, source: str = "<string>") -> BIFNetwork:
    r"""Parse the text of a BIF 0.15 file into a :class:`BIFNetwork`.

    Parameters
    ----------
    text : str
        The whole file.
    source : str, default "<string>"
        The file name to show in error messages.

    Returns
    -------
    BIFNetwork
        Variables and tables in file order; each table an array of shape
        ``(card(parent1), ..., card(parentk), card(child))``. The numbers are
        kept exactly as parsed: nothing is normalized here (the ``Table``
        constructor checks the sums, in :func:`read_bif`).

    Raises
    ------
    BIFError
        For a malformed file. The message names the source, the line, what
        was expected and what was found, for instance an unknown variable or
        state, a table of the wrong length, a parent configuration missing or
        given twice, an unterminated block, a second probability block for a
        variable, or a variable without one.

    See Also
    --------
    format_bif : the inverse.
    read_bif : read a file into a ``Factorization`` of tables.

    Examples
    --------
    >>> net = pt.bif.parse_bif('''
    ... variable a { type discrete [ 2 ] { yes, no }; }
    ... variable b { type discrete [ 3 ] { lo, mid, hi }; }
    ... probability ( a ) { table 0.3, 0.7; }
    ... probability ( b | a ) {
    ...   (yes) 0.1, 0.2, 0.7;
    ...   default 0.5, 0.25, 0.25;   // every other configuration of a
    ... }
    ... ''')
    >>> net.cpt("b").values
    array([[0.1 , 0.2 , 0.7 ],
           [0.5 , 0.25, 0.25]])

    Errors give the line and the offending text:

    >>> pt.bif.parse_bif('''variable a {
    ...   type discrete [ 2 ] { yes, no }
    ... }''', source="a.bif")
    Traceback (most recent call last):
    ...
    probtables.errors.BIFError: a.bif, line 3: expected ';' after the state list, found '}'
    """
    scanner = Scanner(text, source)
    name: str | None = None
    net_properties: tuple[str, ...] = ()
    network_start = -1
    variables: dict[str, _Variable] = {}
    blocks: list[_Block] = []
    while True:
        tok = scanner.next()
        if tok.kind == "eof":
            break
        if tok.kind == "word" and tok.value == "network":
            if network_start >= 0:
                raise scanner.error(
                    tok.start,
                    f"a second network block (the first is on line {scanner.line(network_start)})",
                )
            network_start = tok.start
            name, net_properties = _parse_network(scanner, tok)
        elif tok.kind == "word" and tok.value == "variable":
            var_tok, var = _parse_variable(scanner, tok)
            if var_tok.value in variables:
                first = scanner.line(variables[var_tok.value].start)
                raise scanner.error(
                    var_tok.start,
                    f"variable {var_tok.value!r} declared twice (first on line {first})",
                )
            variables[var_tok.value] = var
        elif tok.kind == "word" and tok.value == "probability":
            blocks.append(_parse_probability(scanner, tok))
        else:
            raise scanner.error(
                tok.start,
                f"expected 'network', 'variable' or 'probability', found {tok.found()}",
            )
    return _build(scanner, name or "unknown", net_properties, variables, blocks)


def _block_items(scanner: Scanner, what: str, opened: Token, properties: list[str]) -> Iterator[Token]:
    """The tokens that open the lines of a block, up to its closing ``}``.

    ``property`` lines are read into ``properties``; the end of the file raises.
    """
    while True:
        tok = scanner.next()
        if tok.kind == "punct" and tok.value == "}":
            return
        if tok.kind == "word" and tok.value == "property":
            properties.append(scanner.property_text())
        elif tok.kind == "eof":
            raise scanner.error(
                tok.start,
                f"unterminated {what} (opened on line {scanner.line(opened.start)}): "
                "expected '}', found end of file",
            )
        else:
            yield tok


def _parse_network(scanner: Scanner, keyword: Token) -> tuple[str, tuple[str, ...]]:
    name = scanner.expect_name("the network name")
    scanner.expect("{", "after the network name")
    properties: list[str] = []
    for tok in _block_items(scanner, "network block", keyword, properties):
        raise scanner.error(
            tok.start, f"expected 'property' or '}}' in the network block, found {tok.found()}"
        )
    return name.value, tuple(properties)


def _parse_variable(scanner: Scanner, keyword: Token) -> tuple[Token, _Variable]:
    name = scanner.expect_name("a variable name after 'variable'")
    scanner.expect("{", f"after 'variable {name.value}'")
    states: tuple[str, ...] | None = None
    properties: list[str] = []
    for tok in _block_items(scanner, f"variable block {name.value!r}", keyword, properties):
        if tok.kind == "word" and tok.value == "type":
            if states is not None:
                raise scanner.error(tok.start, f"variable {name.value!r} has a second 'type' line")
            states = _parse_type(scanner, name.value)
        else:
            raise scanner.error(
                tok.start,
                f"expected 'type', 'property' or '}}' in variable {name.value!r}, found {tok.found()}",
            )
    if states is None:
        raise scanner.error(
            keyword.start, f"variable {name.value!r} has no 'type discrete [ n ] {{ ... }};' line"
        )
    return name, _Variable(states, tuple(properties), keyword.start)


def _parse_type(scanner: Scanner, var: str) -> tuple[str, ...]:
    kind = scanner.next()
    if kind.kind != "word" or kind.value != "discrete":
        raise scanner.error(
            kind.start,
            f"expected 'discrete' after 'type' (only discrete variables are supported), "
            f"found {kind.found()}",
        )
    scanner.expect("[", "after 'discrete'")
    count_tok = scanner.next()
    if (
        count_tok.kind != "word"
        or not re.fullmatch(r"[0-9]+", count_tok.value)
        or int(count_tok.value) == 0
    ):
        raise scanner.error(
            count_tok.start, f"expected the number of states of {var!r}, found {count_tok.found()}"
        )
    scanner.expect("]", "after the number of states")
    scanner.expect("{", "before the state list")
    states: list[str] = []
    seen: set[str] = set()  # a set: the duplicate check stays linear in the number of states
    while True:
        st = scanner.expect_name(f"a state name of {var!r}")
        if st.value in seen:
            raise scanner.error(st.start, f"state {st.value!r} of {var!r} listed twice")
        states.append(st.value)
        seen.add(st.value)
        tok = scanner.peek()
        if tok.kind == "punct" and tok.value == ",":
            scanner.next()
        elif tok.kind == "punct" and tok.value == "}":
            scanner.next()
            break
        elif tok.kind not in ("word", "str"):
            raise scanner.error(
                tok.start, f"expected ',' or '}}' in the state list, found {tok.found()}"
            )
    scanner.expect(";", "after the state list")
    if int(count_tok.value) != len(states):
        raise scanner.error(
            count_tok.start,
            f"variable {var!r} declares {int(count_tok.value)} states but lists "
            f"{len(states)}: {tuple(states)}",
        )
    return tuple(states)


def _parse_probability(scanner: Scanner, keyword: Token) -> _Block:
    scanner.expect("(", "after 'probability'")
    child = scanner.expect_name("the child variable after 'probability ('")
    parents: list[Token] = []
    tok = scanner.next()
    if tok.kind == "punct" and tok.value in "|,":
        tok = _parent_after(scanner, tok)
    while not (tok.kind == "punct" and tok.value == ")"):
        if tok.kind not in ("word", "str") or tok.value == "":
            raise scanner.error(
                tok.start, f"expected a parent name or ')' in the header, found {tok.found()}"
            )
        parents.append(tok)
        tok = scanner.next()
        if tok.kind == "punct" and tok.value == ",":
            tok = _parent_after(scanner, tok)
    scanner.expect("{", f"after the header of the probability block of {child.value!r}")
    entries: list[Entry] = []
    properties: list[str] = []
    context = f"the values of {child.value!r}"
    for tok in _block_items(scanner, f"probability block of {child.value!r}", keyword, properties):
        if tok.kind == "word" and tok.value in ("table", "default"):
            values, vstart = scanner.numbers(context)
            entries.append(Entry(tok.value, (), (), values, tok.start, vstart))
        elif tok.kind == "punct" and tok.value == "(":
            if not parents:
                raise scanner.error(
                    tok.start,
                    f"{child.value!r} has no parents, so its block takes 'table', found '('",
                )
            scanner.pos = tok.start
            plain = scanner.plain_entries()  # the usual layout, many lines at once
            if plain:
                entries.extend(plain)
            else:
                scanner.pos = tok.start + 1
                entries.append(_parse_config(scanner, tok, context))
        else:
            raise scanner.error(
                tok.start,
                f"expected 'table', 'default', '(', 'property' or '}}' in the probability "
                f"block of {child.value!r}, found {tok.found()}",
            )
    return _Block(child, tuple(parents), tuple(entries), tuple(properties), keyword.start)


def _parent_after(scanner: Scanner, sep: Token) -> Token:
    """The parent name after ``|`` or ``,`` in the header of a probability block."""
    tok = scanner.next()
    if tok.kind not in ("word", "str"):
        raise scanner.error(
            tok.start, f"expected a parent name after {sep.value!r}, found {tok.found()}"
        )
    return tok


def _parse_config(scanner: Scanner, opened: Token, context: str) -> Entry:
    """A line ``(s1, s2) v1, v2, ...;`` after its ``(``, token by token."""
    names: list[str] = []
    where: list[int] = []
    while True:
        st = scanner.expect_name("a parent state")
        names.append(st.value)
        where.append(st.start)
        nxt = scanner.next()
        if nxt.kind == "punct" and nxt.value == ")":
            break
        if nxt.kind == "punct" and nxt.value == ",":
            continue
        if nxt.kind in ("word", "str"):
            scanner.pos = nxt.start  # states separated by spaces only
            continue
        raise scanner.error(nxt.start, f"expected ',' or ')' in the parent states, found {nxt.found()}")
    values, vstart = scanner.numbers(context)
    return Entry("config", tuple(names), where, values, opened.start, vstart)


def _unknown_variable(scanner: Scanner, tok: Token, variables: Mapping[str, Any]) -> BIFError:
    return scanner.error(
        tok.start,
        f"unknown variable {tok.value!r} in a probability block (no variable block "
        f"declares it){_hint(tok.value, variables)}",
    )


def _build(
    scanner: Scanner,
    name: str,
    net_properties: tuple[str, ...],
    variables: dict[str, _Variable],
    blocks: list[_Block],
) -> BIFNetwork:
    cpts: list[BIFCpt] = []
    block_of: dict[str, _Block] = {}
    for block in blocks:
        child = block.child.value
        if child not in variables:
            raise _unknown_variable(scanner, block.child, variables)
        if child in block_of:
            raise scanner.error(
                block.start,
                f"a second probability block for {child!r} "
                f"(the first is on line {scanner.line(block_of[child].start)})",
            )
        parents: list[str] = []
        for ptok in block.parents:
            if ptok.value not in variables:
                raise _unknown_variable(scanner, ptok, variables)
            if ptok.value == child:
                raise scanner.error(ptok.start, f"{child!r} is listed as its own parent")
            if ptok.value in parents:
                raise scanner.error(ptok.start, f"parent {ptok.value!r} of {child!r} is listed twice")
            parents.append(ptok.value)
        block_of[child] = block
        values = _block_values(scanner, block, tuple(parents), variables)
        cpts.append(BIFCpt(child, tuple(parents), values, block.properties))
    for var, info in variables.items():
        if var not in block_of:
            raise scanner.error(info.start, f"variable {var!r} has no probability block")
    return BIFNetwork(
        name,
        {var: info.states for var, info in variables.items()},
        tuple(cpts),
        net_properties,
        {var: info.properties for var, info in variables.items() if info.properties},
    )


def _block_values(
    scanner: Scanner,
    block: _Block,
    parents: tuple[str, ...],
    variables: dict[str, _Variable],
) -> np.ndarray:
    child = block.child.value
    child_states = variables[child].states
    n_child = len(child_states)
    parent_states = [variables[p].states for p in parents]
    parent_cards = tuple(len(s) for s in parent_states)
    n_configs = math.prod(parent_cards)
    table: Entry | None = None
    default: Entry | None = None
    configs: list[Entry] = []
    for entry in block.entries:
        if entry.kind == "config":
            configs.append(entry)
            continue
        earlier = table if entry.kind == "table" else default
        if earlier is not None:
            raise scanner.error(
                entry.start,
                f"a second '{entry.kind}' line for {child!r} "
                f"(the first is on line {scanner.line(earlier.start)})",
            )
        if entry.kind == "table":
            table = entry
        else:
            default = entry
    if table is not None:
        other = configs[0] if configs else default
        if other is not None:
            raise scanner.error(
                other.start,
                f"the probability block of {child!r} has a 'table' line "
                f"(line {scanner.line(table.start)}), which gives every value; "
                f"found {'parent configurations' if configs else 'a default line'} too",
            )
        n = n_child * n_configs
        if len(table.values) != n:
            if parents:
                need = f"{n} values ({n_child} states x {n_configs} parent configurations)"
            else:
                need = f"{n} values (one per state)"
            raise scanner.error(
                table.values_start,
                f"the table of {child!r} needs {need}, found {len(table.values)}",
            )
        # JavaBayes order: the header's variables as nested loops, child slowest
        arr = np.array(table.values, dtype=np.float64).reshape((n_child, *parent_cards))
        return np.moveaxis(arr, 0, -1)

    check_cells(
        "read_bif",
        (*parent_cards, n_child),
        (*parents, child),
        what=f"the table of {child!r} (line {scanner.line(block.start)})",
        hint="refused before allocating it",
    )
    # rows[flat index of the parent configuration, C order] = the child's values
    rows: list[list[float] | None] = [None] * n_configs
    first: list[int] = [0] * n_configs  # token index of the entry that gave each row
    strides = [math.prod(parent_cards[k + 1 :]) for k in range(len(parents))]
    index_of = [{s: i for i, s in enumerate(states)} for states in parent_states]
    lookups = list(zip(parents, index_of, strides))
    for entry in configs:
        if len(entry.states) != len(parents):
            raise scanner.error(
                entry.start,
                f"expected {len(parents)} parent state{'s' * (len(parents) != 1)} "
                f"{fmt_config(parents)}, found {len(entry.states)}: "
                f"{fmt_config(entry.states)}",
            )
        flat = 0
        for k, (state, (parent, lookup, stride)) in enumerate(zip(entry.states, lookups)):
            i = lookup.get(state)
            if i is None:
                raise scanner.error(
                    entry.where[k],
                    f"{state!r} is not a state of {parent!r}; its states are {variables[parent].states}",
                )
            flat += i * stride
        if rows[flat] is not None:
            raise scanner.error(
                entry.start,
                f"parent configuration {fmt_config(entry.states)} of "
                f"{child!r} given twice (first on line {scanner.line(first[flat])})",
            )
        _check_row(scanner, entry, child, n_child)
        rows[flat] = entry.values
        first[flat] = entry.start
    if default is not None:
        _check_row(scanner, default, child, n_child)
        rows = [default.values if row is None else row for row in rows]
    elif not parents:
        raise scanner.error(block.start, f"the probability block of {child!r} has no 'table' line")
    elif None in rows:
        missing = [
            fmt_config([states[i] for states, i in zip(parent_states, key)])
            for flat, key in enumerate(itertools.product(*(range(n) for n in parent_cards)))
            if rows[flat] is None
        ]
        shown = ", ".join(missing[:4]) + (", ..." if len(missing) > 4 else "")
        raise scanner.error(
            block.start,
            f"the probability block of {child!r} misses {len(missing)} of {n_configs} parent "
            f"configurations {fmt_config(parents)}: {shown}",
        )
    return np.array(rows, dtype=np.float64).reshape((*parent_cards, n_child))


def _check_row(scanner: Scanner, entry: Entry, child: str, n_child: int) -> None:
    if len(entry.values) != n_child:
        raise scanner.error(
            entry.values_start,
            f"expected {n_child} values for {child!r} (one per state), found {len(entry.values)}",
        )
