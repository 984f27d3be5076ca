"""`yieldsim viz`: check the request, then serve the live view with Solara in this process.

Every check that can fail runs before the server starts, so a wrong port, a port in use, a
host this machine cannot bind or a bad scenario ends in one line and exit status 2, never in
a server log. The page binds 127.0.0.1 unless told otherwise: it has controls that run code
on this machine's CPU, so exposing it is a choice the user makes, with a warning.

Solara and uvicorn are imported only once the checks pass, so `yieldsim --help` and the
other subcommands stay fast and work without the `viz` extra installed.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
import warnings
from typing import Any

from model.scenario import load_scenario
from model.values import show
from yieldsim.limits import option
from yieldsim.usage import add_scenario_and_seed

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
APP = "yieldsim.viz.app:Page"
DEFAULT_PORT = 8765


def add_viz_parser(commands: Any) -> None:
    """Register `yieldsim viz`."""
    viz = commands.add_parser("viz", help="serve the live view (a Solara page) in the browser")
    add_scenario_and_seed(viz)
    viz.add_argument("--host", default="127.0.0.1",
                     help="address to bind (default: %(default)s, this machine only)")
    viz.add_argument("--port", type=option("--port", 1, 65535, "TCP ports end there"),
                     default=DEFAULT_PORT,
                     help="port to serve on (default: %(default)s)")
    viz.set_defaults(handler=cmd_viz)


def check_scenario(name: str) -> None:
    """Load the scenario and build a tiny model from it, as `scenarios validate` does.

    Raises:
        ScenarioError: The file or name is bad, or the model refuses it.

    """
    scenario = load_scenario(name)  # fails fast, before the model's imports
    from model.yieldmodel import YieldModel

    YieldModel(scenario=scenario, rng=0, n_funds=3)


def check_port(host: str, port: int) -> None:
    """Make sure the server will be able to listen on host:port, by binding it once.

    Every address the host resolves to is tried, as the server binds them all
    (`localhost` is both 127.0.0.1 and ::1). SO_REUSEADDR matches what uvicorn sets, so a
    port left in TIME_WAIT by a previous run passes while a port another program listens
    on fails.

    Raises:
        UsageError: Port out of range, host unknown or not local, port in use or forbidden.

    """
    from yieldsim.usage import UsageError

    if not 1 <= port <= 65535:
        raise UsageError(f"--port must be from 1 to 65535, not {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise UsageError(f"--host {show(host)} is not an address or a name this machine can "
                         "resolve: use 127.0.0.1 (or 0.0.0.0 to serve on every interface)"
                         ) from None
    for family, kind, proto, _, address in dict.fromkeys(
            (i[0], i[1], i[2], "", i[4]) for i in infos):
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise UsageError(bind_problem(host, port, exc)) from None


def bind_problem(host: str, port: int, exc: OSError) -> str:
    """One line saying why host:port cannot be bound, and what to do."""
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use: stop what listens there or choose another " \
               "with --port"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}: choose one above 1023 with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {host} is not an address of this machine: use 127.0.0.1"
    return f"cannot listen on {host}:{port} ({exc.strerror}): choose another --host or --port"


def url_of(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def cmd_viz(args: argparse.Namespace) -> int:
    """Check everything, then serve until interrupted."""
    from yieldsim.usage import UsageError

    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more, not {args.seed}")
    check_port(args.host, args.port)
    check_scenario(args.scenario)
    if args.host not in LOCAL_HOSTS:
        print(f"yieldsim: warning: --host {args.host} makes the live view and its controls "
              "reachable from other machines; use 127.0.0.1 to keep it on this one",
              file=sys.stderr)
    print(f"yieldsim live view: {url_of(args.host, args.port)} (scenario {args.scenario}, "
          f"seed {args.seed}; Ctrl+C stops it)", flush=True)
    if not serve(args.host, args.port, args.scenario, args.seed):
        raise UsageError(f"the server could not start on {args.host}:{args.port}: see the "
                         "message above, or choose another --port")
    return 0


def serve(host: str, port: int, scenario: str, seed: int) -> bool:
    """Run Solara's server in this process until it is stopped.

    Returns:
        False if the server failed to start (it reports why itself).

    """
    os.environ["SOLARA_APP"] = APP
    os.environ["SERVER_NAME"] = host
    os.environ["SERVER_PORT"] = str(port)
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    from yieldsim.viz.session import ENV_SCENARIO, ENV_SEED

    os.environ[ENV_SCENARIO] = scenario
    os.environ[ENV_SEED] = str(seed)
    import uvicorn
    from solara.server import settings

    settings.main.mode = "production"
    # Solara's "runs on Solara" banner is absolutely placed over the bottom-right chart;
    # the page credits Solara in its sidebar instead.
    settings.theme.show_banner = False
    settings.telemetry.mixpanel_enable = False
    # Solara warns on every page load over plain http that it cannot set a cross-site
    # cookie; the live view is never embedded in another site, so the warning is noise.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none")
    config = uvicorn.Config("solara.server.starlette:app", host=host, port=port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit:
        return False
    return server.started
