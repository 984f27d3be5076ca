"""The live view: `yieldsim viz` serves a Solara page that runs one model in the browser.

Modules: `svgchart` draws panels as SVG strings, `history` keeps a bounded, decimated copy of
the series the panels plot, `session` owns one tab's model (step, reset, inject), `panels`
turns a session into what the page shows, `app` holds the Solara components and `server`
the command. Only `app` and the server's start-up import Solara, so the command line and the
model stay usable without the `viz` extra.
"""
