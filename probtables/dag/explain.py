r"""Explanations of d-separation: the witness trail, or where each trail is blocked.

:func:`explain` answers the same question as :func:`probtables.dag.implies`,
``X ⊥ Y | Z``, and says why. When the statement does not hold it returns a
shortest *active* trail and, for each interior node, why the trail passes it
(a :class:`Step`: chain, fork or collider, observed or not, and for a collider
opened by an observed descendant, which one). When it holds, it lists the
shortest trails with the node that blocks each (:class:`BlockedTrail`) and
counts the rest. The concepts are taught in :mod:`probtables.dag`, which
re-exports every public name of this module.

Depends only on networkx, :mod:`probtables.independence` and the index of
:mod:`probtables.dag._graphindex`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from probtables.dag._graphindex import (
    StatementLike,
    _active_trail,
    _Index,
    _index,
    _statement,
)
from probtables.independence import Independence

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from probtables.factorization import Factorization

__all__ = ["explain", "Explanation", "Step", "BlockedTrail"]

_TRAIL_BUDGET = 200_000  # DFS expansions spent counting blocked trails in explain()

StepKind = Literal["chain", "fork", "collider"]
#: How a step that blocks the trail when observed is named in the text.
_PASS_THROUGH = {"chain": "a chain node", "fork": "a fork (a common cause)"}


@dataclass(frozen=True)
class Step:
    """One interior node of a trail, and what it does to the trail.

    Attributes
    ----------
    node : str
    kind : {"chain", "fork", "collider"}
        By the arrows on either side: ``a -> m -> b`` (or reversed), ``a <- m -> b``,
        ``a -> m <- b``.
    observed : bool
        Whether `node` is in the conditioning set.
    active : bool
        Whether the trail passes `node`: a chain or fork that is not observed,
        or a collider that is observed or has an observed descendant.
    opened_by : str or None
        For an unobserved collider that is active: its nearest observed descendant.
    via : tuple of str
        The directed path from `node` to `opened_by` (empty otherwise).
    """

    node: str
    kind: StepKind
    observed: bool
    active: bool
    opened_by: str | None = None
    via: tuple[str, ...] = ()

    def __str__(self) -> str:
        v = self.node
        if self.kind == "collider":
            if self.observed:
                return (
                    f"{v} is a collider and is observed (explaining away), so the trail is active at {v}"
                )
            if self.opened_by is not None:
                return (
                    f"{v} is a collider and is not observed, but its descendant {self.opened_by} is "
                    f"({' -> '.join(self.via)}), so the trail is active at {v}"
                )
            return f"{v} is a collider with no observed descendant, so the trail is blocked at {v}"
        what = _PASS_THROUGH[self.kind]
        if self.observed:
            return f"{v} is {what} and is observed, so the trail is blocked at {v}"
        return f"{v} is {what} and is not observed, so the trail is active at {v}"


@dataclass(frozen=True)
class BlockedTrail:
    """A trail between the two sides and the first node (from the left) that blocks it.

    Attributes
    ----------
    trail : tuple of str
    arrows : tuple of str
        ``"->"`` or ``"<-"`` for each edge of the trail.
    step : Step
        The blocking node.
    """

    trail: tuple[str, ...]
    arrows: tuple[str, ...]
    step: Step

    def __str__(self) -> str:
        return f"{_trail_text(self.trail, self.arrows)} is blocked at {self.step.node}: {_block_reason(self.step)}"


def _block_reason(step: Step) -> str:
    if step.kind == "collider":
        return "a collider that is not observed and has no observed descendant"
    return f"{_PASS_THROUGH[step.kind]} that is observed"


def _trail_text(trail: Sequence[str], arrows: Sequence[str]) -> str:
    parts = [str(trail[0])]
    for arrow, node in zip(arrows, trail[1:]):
        parts += [arrow, str(node)]
    return " ".join(parts)


def _names_text(names: Iterable[str], *, braces: bool = False) -> str:
    """Sorted names joined by commas; in braces when there are several and `braces`."""
    names = sorted(names)
    text = ", ".join(names)
    return "{" + text + "}" if braces and len(names) > 1 else text


@dataclass(frozen=True)
class Explanation:
    r"""Why a DAG does or does not imply a statement.

    Attributes
    ----------
    statement : Independence
    holds : bool
        Whether the DAG implies the statement (same as :func:`~probtables.dag.implies`).
    trail : tuple of str
        When it does not hold: a shortest active trail from a left variable
        to a right variable; empty when it holds.
    arrows : tuple of str
        ``"->"`` or ``"<-"`` for each edge of `trail`.
    steps : tuple of Step
        One per interior node of `trail`: its kind, whether observed, and for
        a collider opened by a descendant, which one.
    blocked : tuple of BlockedTrail
        When it holds: the shortest blocked trails (at most ``max_trails``),
        each with the node that blocks it.
    n_trails : int
        When it holds: how many trails join the two sides (all blocked).
    n_trails_exact : bool
        ``False`` if counting stopped early (a very large graph); `n_trails`
        is then a lower bound.

    Examples
    --------
    >>> g = pt.dag.build_dag([(("z",), ()), (("y",), ()), (("x",), ("y", "z"))])
    >>> e = pt.dag.explain(g, "y ⊥ z | x")
    >>> e.holds, e.trail, [(s.node, s.kind, s.observed) for s in e.steps]
    (False, ('y', 'x', 'z'), [('x', 'collider', True)])
    >>> print(pt.dag.explain(g, "y ⊥ z"))
    y ⊥ z holds: every trail between y and z is blocked when nothing is observed.
      - y -> x <- z is blocked at x: a collider that is not observed and has no observed descendant.
    """

    statement: Independence
    holds: bool
    trail: tuple[str, ...] = ()
    arrows: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    blocked: tuple[BlockedTrail, ...] = ()
    n_trails: int = 0
    n_trails_exact: bool = True

    def __str__(self) -> str:
        s = self.statement
        given = f"given {_names_text(s.given)}" if s.given else "when nothing is observed"
        left, right = _names_text(s.left, braces=True), _names_text(s.right, braces=True)
        if not self.holds:
            lines = [
                f"{s} does not hold: the trail {_trail_text(self.trail, self.arrows)} is active {given}."
            ]
            if not self.steps:
                lines.append(
                    f"  - {self.trail[0]} and {self.trail[1]} are adjacent: a single edge has no "
                    "interior node that could block it."
                )
            lines += [f"  - {step}." for step in self.steps]
            return "\n".join(lines)
        if self.n_trails == 0:
            return f"{s} holds: there is no trail at all between {left} and {right}."
        lines = [f"{s} holds: every trail between {left} and {right} is blocked {given}."]
        lines += [f"  - {b}." for b in self.blocked]
        rest = self.n_trails - len(self.blocked)
        if rest > 0 or not self.n_trails_exact:
            at_least = "" if self.n_trails_exact else "at least "
            lines.append(
                f"  ... and {at_least}{rest} more trail{'s' if rest != 1 else ''}, all blocked."
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        if self.holds:
            return f"<Explanation {self.statement}: holds, {self.n_trails} blocked trail(s)>"
        return f"<Explanation {self.statement}: does not hold, trail {_trail_text(self.trail, self.arrows)}>"

    def draw(
        self,
        structure: Factorization | str | nx.DiGraph | None = None,
        *,
        ax: Axes | None = None,
        title: str | None = None,
        pos: Mapping[Any, tuple[float, float]] | None = None,
        legend: bool = True,
        fontsize: float = 12,
    ) -> Axes:
        """Draw the trail(s), or the whole ``structure``, active trail in red (see :func:`probtables.plot.draw_explanation`)."""
        from probtables.plot import draw_explanation

        return draw_explanation(
            self, structure, ax=ax, title=title, pos=pos, legend=legend, fontsize=fontsize
        )

    def _repr_html_(self) -> str:
        from probtables._display.html import explanation_html

        return explanation_html(self)


def _arrows(graph: nx.DiGraph, trail: Sequence[str]) -> tuple[str, ...]:
    succ = graph.succ
    return tuple("->" if b in succ[a] else "<-" for a, b in zip(trail, trail[1:]))


def _steps(index: _Index, trail: Sequence[int], zs: set[int], an_z: set[int]) -> list[Step]:
    nodes, ch = index.nodes, index.ch
    out = []
    for k in range(1, len(trail) - 1):
        a, v, b = trail[k - 1], trail[k], trail[k + 1]
        into_from_a = v in ch[a]  # a -> v
        into_from_b = v in ch[b]  # b -> v
        if into_from_a and into_from_b:
            kind: StepKind = "collider"
        elif not into_from_a and not into_from_b:
            kind = "fork"
        else:
            kind = "chain"
        observed = v in zs
        if kind == "collider":
            active = v in an_z
            opened_by: str | None = None
            via: tuple[str, ...] = ()
            if active and not observed:
                path = _path_down_to(index, v, zs)
                opened_by, via = nodes[path[-1]], index.names(path)
            out.append(Step(nodes[v], kind, observed, active, opened_by, via))
        else:
            out.append(Step(nodes[v], kind, observed, not observed))
    return out


def _path_down_to(index: _Index, v: int, zs: set[int]) -> list[int]:
    """A shortest directed path from `v` to a node of `zs` (breadth first, ties by order)."""
    prev = {v: -1}
    queue = deque([v])
    while queue:
        u = queue.popleft()
        if u in zs:
            path = [u]
            while prev[path[-1]] != -1:
                path.append(prev[path[-1]])
            return path[::-1]
        for c in index.ch[u]:
            if c not in prev:
                prev[c] = u
                queue.append(c)
    raise AssertionError("no observed descendant")  # pragma: no cover - guarded by an_z


def _all_trails(index: _Index, xs: list[int], ys: set[int]) -> tuple[list[list[int]], bool]:
    """Simple trails from `xs` to `ys` whose interior avoids both sides; (trails, complete)."""
    ends = set(xs) | ys
    nbrs = [sorted(a) for a in index.adjacent()]
    trails: list[list[int]] = []
    budget = _TRAIL_BUDGET
    for x in sorted(xs):
        path = [x]
        on_path = {x}
        stack = [iter(nbrs[x])]
        while stack:
            budget -= 1
            if budget < 0:
                return trails, False
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            if nxt in on_path:
                continue
            if nxt in ys:
                trails.append(path + [nxt])
                continue
            if nxt in ends:
                continue
            path.append(nxt)
            on_path.add(nxt)
            stack.append(iter(nbrs[nxt]))
    return trails, True


def explain(graph: nx.DiGraph, statement: StatementLike, *, max_trails: int = 5) -> Explanation:
    r"""Why the DAG does or does not imply ``X ⊥ Y | Z``: a witness trail, or where each trail is blocked.

    Parameters
    ----------
    graph : networkx.DiGraph
        A DAG.
    statement : Independence or str
    max_trails : int, optional
        When the statement holds, how many blocked trails to list (the
        shortest ones); the rest are counted.

    Returns
    -------
    Explanation
        ``.holds`` agrees with :func:`~probtables.dag.implies`. When the
        statement does not hold, ``.trail`` is a shortest active trail from a
        left to a right variable and ``.steps`` says, for each interior node,
        why it lets the trail through; ``str()`` reads it out.

    Raises
    ------
    UnknownVariableError
        If the statement names a variable that is not a node of `graph`.
    StructureCycleError
        If `graph` has a cycle.

    See Also
    --------
    probtables.dag.implies

    Examples
    --------
    >>> g = pt.dag.build_dag([(("a",), ()), (("b",), ("a",)), (("c",), ("b",)), (("d",), ("c",))])
    >>> print(pt.dag.explain(g, "a ⊥ d"))
    a ⊥ d does not hold: the trail a -> b -> c -> d is active when nothing is observed.
      - b is a chain node and is not observed, so the trail is active at b.
      - c is a chain node and is not observed, so the trail is active at c.
    >>> print(pt.dag.explain(g, "a ⊥ d | c"))
    a ⊥ d | c holds: every trail between a and d is blocked given c.
      - a -> b -> c -> d is blocked at c: a chain node that is observed.
    """
    index = _index(graph, "explain")
    s, xs, ys, zs = _statement("explain", index, statement)
    y_set, z_set = set(ys), set(zs)
    an_z = index.ancestral(z_set)
    found = _active_trail(index, xs, y_set, z_set)
    if found is not None:
        trail = index.names(found)
        return Explanation(
            statement=s,
            holds=False,
            trail=trail,
            arrows=_arrows(graph, trail),
            steps=tuple(_steps(index, found, z_set, an_z)),
        )
    trails, complete = _all_trails(index, xs, y_set)
    trails.sort(key=lambda t: (len(t), t))
    blocked = []
    for t in trails[: max(max_trails, 0)]:
        step = next(st for st in _steps(index, t, z_set, an_z) if not st.active)
        names = index.names(t)
        blocked.append(BlockedTrail(names, _arrows(graph, names), step))
    return Explanation(
        statement=s, holds=True, blocked=tuple(blocked), n_trails=len(trails), n_trails_exact=complete
    )
