r"""LaTeX and HTML for a :class:`~probtables.derivation.Derivation`.

The LaTeX is an ``aligned`` block, one line per step, the rule on the right as
the notes write ``&& \text{Applied to } p(w, x)``; the HTML is a two-column
table of the same lines for a notebook.

Examples
--------
>>> d = pt.Factorization.parse("p(y)p(x|y)").derive("p(x)")
>>> print(derivation_latex(d))
\begin{aligned}
p(x) &= \sum_{y} p(x, y) && \text{sum rule} \\
&= \sum_{y} p(y)\,p(x \mid y) && \text{the factorization}
\end{aligned}
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from probtables._display.html import _latex_name, _latex_term, _latex_text
from probtables.derivation import Factor, Product, Sum, values_text
from probtables.notation import Item, TermSpec

if TYPE_CHECKING:
    from probtables.derivation import Derivation

__all__ = ["derivation_latex", "derivation_html", "expression_latex"]


def _factor_latex(head: Any, given: Any, values: dict[str, Any]) -> str:
    spec = TermSpec(
        tuple(Item.of(n, values.get(n)) for n in head), tuple(Item.of(n, values.get(n)) for n in given)
    )
    return _latex_term(spec)


def expression_latex(expr: Any, values: dict[str, Any]) -> str:
    r"""One expression tree of a derivation as LaTeX (``\sum_{x}``, ``\frac{..}{..}``, thin spaces).

    >>> from probtables.derivation import Factor, Sum
    >>> expression_latex(Sum(("x",), Factor(("x",), ("y",))), {"y": 1})
    '\\sum_{x} p(x \\mid y=1)'
    """
    if isinstance(expr, Factor):
        return _factor_latex(expr.head, expr.given, values)
    if isinstance(expr, Product):
        if not expr.items:
            return "1"
        parts = []
        for k, item in enumerate(expr.items):
            part = expression_latex(item, values)
            if isinstance(item, Sum) and k < len(expr.items) - 1:
                part = rf"\left({part}\right)"
            parts.append(part)
        return r"\,".join(parts)
    if isinstance(expr, Sum):
        inner = {k: v for k, v in values.items() if k not in expr.over}
        signs = " ".join(rf"\sum_{{{_latex_name(n)}}}" for n in expr.over)
        return f"{signs} {expression_latex(expr.body, inner)}"
    num = expression_latex(expr.numerator, values)
    den = expression_latex(expr.denominator, values)
    return rf"\frac{{{num}}}{{{den}}}"


def _lhs_latex(derivation: Derivation) -> str:
    values = dict(derivation.bound)
    return _factor_latex(derivation.lhs.head, derivation.lhs.given, values)


def derivation_latex(derivation: Derivation) -> str:
    r"""The derivation as ``\begin{aligned} ... \end{aligned}``, rules in ``\text{...}``."""
    values = dict(derivation.bound)
    rows = []
    for k, step in enumerate(derivation.steps):
        left = _lhs_latex(derivation) if k == 0 else ""
        reason = rf"\text{{{_latex_text(step.rule)}}}"
        rows.append(f"{left} &= {expression_latex(step.expression, values)} && {reason}")
    if derivation.conclusion:
        first = derivation.conclusion.splitlines()[0]
        rows.append(rf"& && \text{{{_latex_text(first)}}}")
    if not rows:
        rows.append(_lhs_latex(derivation))
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def derivation_html(derivation: Derivation) -> str:
    """The derivation as an HTML table (expression, rule), with the conclusion below."""
    rows = []
    for k, step in enumerate(derivation.steps):
        left = escape(derivation.query) if k == 0 else ""
        rows.append(
            f"<tr><td style='text-align: right; white-space: nowrap;'><code>{left}</code></td>"
            f"<td style='white-space: nowrap;'><code>= {escape(step.text)}</code></td>"
            f"<td style='color: #555; text-align: left;'>{escape(step.reason)}</td></tr>"
        )
        if step.values:
            rows.append(
                f"<tr><td></td><td colspan='2' style='color: #555; text-align: left;'>"
                f"{escape(values_text(step.values))}</td></tr>"
            )
    table = f'<table class="probtables-derivation">{"".join(rows)}</table>'
    note = ""
    if derivation.conclusion:
        note = "<pre style='white-space: pre-wrap;'>" + escape(derivation.conclusion) + "</pre>"
    return f'<div class="probtables-derivation">{table}{note}</div>'
