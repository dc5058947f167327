"""The web pages of `swapledger serve`: server-rendered HTML over the reviewed ledger.

routes.py (the pages, mounted by api/app.py), auth.py (the analyst's login cookie
and CSRF tokens), present.py (what the templates print: names, days, highlighted
quotes, safe links), charts.py (server-side SVG), filters.py (the ledger's filters),
templates/ (Jinja2, autoescaped) and static/ (the one stylesheet). Nothing is
loaded from elsewhere: the pages work offline.
"""
