"""Surveys: the SPF and DMARC state of a list of domains, as the New Zealand study measured it.

- :mod:`.facts`: one domain's check becomes the study's categories (one adapter function).
- :mod:`.runner`: many domains at once, with a concurrency that backs off when the resolver fails.
- :mod:`.results`: the JSON Lines file, written as each domain completes, and resumed.
- :mod:`.summary`, :mod:`.table`, :mod:`.chart`: the counts, a CSV, an SVG bar chart.
- :mod:`.command`: ``dmarc-check survey``; :mod:`.cluster`: the same on a Dask cluster.
"""
