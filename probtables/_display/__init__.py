"""The package's private home for presentation: what the text, HTML and matplotlib views share.

``html`` renders tables, factorizations, explanations and reports as HTML/SVG and LaTeX for
notebooks. Only the presentation layers (``Table._repr_html_``, ``plot``, ``cli``, the explanation
and report objects) import from here.
"""
