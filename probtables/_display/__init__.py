"""The package's private home for presentation: what the text, HTML and matplotlib views share.

``html`` renders tables, factorizations, explanations and reports as HTML/SVG and LaTeX for
notebooks; ``layout`` places a DAG in layers for both the SVG and the matplotlib drawings; ``text``
writes assignments, probabilities, number pairs and text tables for reports and assertion messages.
A shared internal: any module of probtables may import it (see docs/architecture.md).
"""
