"""Sweep specs: flags and files, validation before anything is written, resolved-spec identity."""

from __future__ import annotations

import json
import shutil
import socket
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yieldsim.cli import main
from yieldsim.sweeps.fingerprint import code_fingerprint
from yieldsim.sweeps.space import SpecError
from yieldsim.sweeps.spec import Flags, resolve
from yieldsim.sweeps.specfile import stored_identity
from yieldsim.sweeps.store import SPEC_FILE, check_folder

ROOT = Path(__file__).resolve().parent.parent
CHEAP = ["--scenario", "japan-sells", "--set", "n_funds=300", "--steps", "20"]
ONE_AXIS = ["--vary", "dealer_capacity_bn=50,100"]

BAD_SPECS = [
    (["--vary", "nosuch=1,2"], "unknown parameter 'nosuch'"),
    (["--vary", "japan_sale.size_bn=1,2"], "has no field 'size_bn'"),
    (["--vary", "nosale.amount_bn=1,2"], "no event with id 'nosale'"),
    (["--vary", "dealer_capacity_bn=400:50:3"], "range is reversed"),
    (["--vary", "dealer_capacity_bn=50:50:3"], "range is empty"),
    (["--design", "lhs", "--vary", "dealer_capacity_bn=400:50"], "range is reversed"),
    (["--vary", "dealer_capacity_bn="], "has no values"),
    (["--vary", "dealer_capacity_bn=50,abc"], "takes a number, not 'abc'"),
    (["--vary", "japan_sale.amount_bn=0:x:3"], "bound takes a number, not 'x'"),
    (["--set", "dealer_capacity_bn=big", "--vary", "lf_leverage=10,20"],
     "takes a number, not 'big'"),
    (["--design", "lhs", "--samples", "0", "--vary", "dealer_capacity_bn=50:400"],
     "samples must be at least 1, not 0"),
    (["--design", "lhs", "--samples", "-5", "--vary", "dealer_capacity_bn=50:400"],
     "samples must be at least 1, not -5"),
    (["--design", "sobol", "--samples", "12", "--vary", "dealer_capacity_bn=50:400"],
     "power of two"),
    (["--vary", "dealer_capacity_bn=0:400:3"], "out of range"),
    (["--vary", "japan_sale.days=1:10:3"], "whole numbers"),
    (["--vary", "dealer_capacity_bn=50:400"], "bounds a:b are for --design lhs or sobol"),
    (["--design", "lhs", "--vary", "dealer_capacity_bn=50:400:3"], "a:b:n is a grid range"),
    (["--design", "sobol", "--vary", "dealer_capacity_bn=50,100"], "give lo:hi"),
    (["--design", "lhs"], "needs at least one --vary"),
    (["--samples", "4", *ONE_AXIS], "--samples applies to lhs and sobol"),
    (["--replicates", "0", *ONE_AXIS], "replicates must be at least 1"),
    (["--vary", "dealer_capacity_bn=50,50"], "twice"),
    (["--vary", "dealer_capacity_bn=50,100", "--set", "dealer_capacity_bn=10"], "both"),
    (["--scheduler", "tcp://127.0.0.1:1", "--backend", "local", *ONE_AXIS],
     "--scheduler needs --backend dask"),
    (["--scenario", "atlantis", *ONE_AXIS], "unknown scenario 'atlantis'"),
    (["--samples", "many", *ONE_AXIS], "invalid int value"),
    (["--spec", "/nonexistent/sweep.toml"], "does not exist"),
]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; return exit status, stdout and stderr."""
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(("argv", "message"), BAD_SPECS)
def test_bad_spec_is_one_line_exit_2_and_writes_nothing(
        argv: list[str], message: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sweep"
    code, stdout, stderr = run(["sweep", *CHEAP, *argv, "--out", str(out)], capsys)
    assert code == 2
    assert message in stderr
    assert stderr.count("\n") == 1 and stderr.startswith("yieldsim: error:")
    assert stdout == ""
    assert not out.exists()


def free_port() -> int:
    """A local TCP port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_scheduler_is_refused_before_writing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sweep"
    address = f"tcp://127.0.0.1:{free_port()}"
    code, _, stderr = run(["sweep", *CHEAP, *ONE_AXIS, "--backend", "dask", "--scheduler",
                           address, "--out", str(out)], capsys)
    assert code == 2
    assert f"cannot reach the Dask scheduler at {address}" in stderr
    assert stderr.count("\n") == 1
    assert not out.exists()


def write_spec(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_flags_override_the_spec_file(tmp_path: Path) -> None:
    spec_file = write_spec(tmp_path / "s.toml", """
        name = "mine"
        scenario = "japan-sells"
        replicates = 5
        seed = 3
        [vary]
        "japan_sale.amount_bn" = "0:300:4"
        dealer_capacity_bn = [50, 100]
        [set]
        n_funds = 500
        lf_leverage = 15
    """.replace("\n        ", "\n"))
    spec, execution = resolve(Flags(spec=spec_file, replicates=2, vary=["lf_leverage=10,30"],
                                    set=["dealer_capacity_bn=75"], workers=3))
    assert spec.name == "mine" and spec.seed == 3 and spec.replicates == 2
    assert spec.axis_names == ["japan_sale.amount_bn", "lf_leverage"]
    assert spec.axes[0].values == (0.0, 100.0, 200.0, 300.0)
    assert spec.settings == {"n_funds": 500, "dealer_capacity_bn": 75.0}
    assert spec.steps == 125  # the scenario's length, resolved
    assert execution.workers == 3 and execution.backend == "local"


@pytest.mark.parametrize(("text", "message"), [
    ("scenario = 'japan-sells'\nreplicas = 3\n", "unknown key 'replicas'"),
    ("scenario = 'japan-sells'\n[vary]\njapan_sale.amount_bn = [1, 2]\n", "quote dotted names"),
    ("scenario = 'japan-sells'\nreplicates = 'three'\n", "replicates takes a whole number"),
    ("scenario = 'japan-sells'\ncrn = 'yes'\n", "crn must be true or false"),
    ("scenario = 'japan-sells\n", "malformed TOML"),
])
def test_bad_spec_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    spec_file = write_spec(tmp_path / "bad.toml", text)
    with pytest.raises(SpecError, match=message):
        resolve(Flags(spec=spec_file))


def test_shipped_spec_files_resolve() -> None:
    breach, _ = resolve(Flags(spec=Path("japan-breach")))
    assert breach.axis_names == ["japan_sale.amount_bn", "dealer_capacity_bn"]
    assert breach.run_count() == 7 * 7 * 80
    sobol, _ = resolve(Flags(spec=Path("sobol-japan")))
    assert sobol.design == "sobol" and sobol.run_count() == 64 * (5 + 2)


def test_sweep_id_is_stable_and_tracks_what_decides_results() -> None:
    base = Flags(scenario="japan-sells", vary=["dealer_capacity_bn=50,100"])
    first, _ = resolve(base)
    again, _ = resolve(Flags(scenario="japan-sells", vary=["dealer_capacity_bn=50,100"],
                             workers=7, backend="local"))
    assert first.sweep_id() == again.sweep_id()
    for changed in (Flags(scenario="japan-sells", vary=["dealer_capacity_bn=50,100"], seed=8),
                    Flags(scenario="japan-sells", vary=["dealer_capacity_bn=50,101"]),
                    Flags(scenario="japan-sells", vary=["dealer_capacity_bn=50,100"], crn=False),
                    Flags(scenario="japan-sells", vary=["dealer_capacity_bn=50,100"], steps=9)):
        assert resolve(changed)[0].sweep_id() != first.sweep_id()


NAMES = ["dealer_capacity_bn", "lf_leverage", "rm_budget_pct", "japan_sale.amount_bn"]


@settings(max_examples=40, deadline=None)
@given(design=st.sampled_from(["grid", "lhs", "sobol"]),
       chosen=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True),
       bounds=st.lists(st.tuples(st.floats(1.0, 5.0), st.floats(5.5, 9.9)), min_size=4,
                       max_size=4),
       replicates=st.integers(1, 50), seed=st.integers(0, 2**40), crn=st.booleans())
def test_resolved_spec_round_trips_through_its_toml(tmp_path_factory: pytest.TempPathFactory,
                                                     design: str, chosen: list[str],
                                                     bounds: list[tuple[float, float]],
                                                     replicates: int, seed: int,
                                                     crn: bool) -> None:
    vary = []
    for name, (lo, hi) in zip(chosen, bounds, strict=False):
        text = f"{lo!r}:{hi!r}" if design != "grid" else f"{lo!r},{hi!r},{(lo + hi) / 2!r}"
        vary.append(f"{name}={text}")
    samples = {"grid": None, "lhs": 7, "sobol": 8}[design]
    spec, _ = resolve(Flags(scenario="japan-sells", vary=vary, design=design, samples=samples,
                            replicates=replicates, seed=seed, crn=crn,
                            set=["n_funds=300", "fed_backstop=false"]))
    folder = tmp_path_factory.mktemp("spec")
    path = folder / SPEC_FILE
    path.write_text(spec.to_toml(), encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))
    assert json.dumps(stored_identity(path)) == json.dumps(spec.identity())
    reread, _ = resolve(Flags(spec=path))
    assert json.dumps(reread.identity()) == json.dumps(spec.identity())
    assert check_folder(folder, spec) is True


def sweep_argv(out: Path, replicates: int = 1) -> list[str]:
    return ["sweep", *CHEAP, "--vary", "dealer_capacity_bn=50,400", "--replicates",
            str(replicates), "--workers", "1", "--out", str(out)]


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_a_folder_holding_another_sweep_or_other_files_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sweep"
    code, stdout, _ = run(sweep_argv(out), capsys)
    assert code == 0 and "2 runs, 2 ok, 0 failed" in stdout
    before = snapshot(out)
    code, _, stderr = run(sweep_argv(out, replicates=3), capsys)
    assert code == 2 and "holds a different sweep (differs in: replicates 1 -> 3)" in stderr
    assert snapshot(out) == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    code, _, stderr = run(sweep_argv(other), capsys)
    assert code == 2 and "holds no sweep" in stderr
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    code, stdout, _ = run(sweep_argv(out), capsys)
    assert code == 0 and "0 ran in this session" in stdout
    # a model default that changed since (a recalibration) is named, and refused
    spec_file = out / SPEC_FILE
    text = spec_file.read_text()
    stored = tomllib.loads(text)["resolved_params"]["news_level_bp"]
    spec_file.write_text(text.replace(f"\nnews_level_bp = {stored!r}\n", "\nnews_level_bp = 1.5\n")
                         .replace('params_sha256 = "', 'params_sha256 = "0'))
    code, _, stderr = run(sweep_argv(out), capsys)
    assert code == 2
    assert f"differs in: model parameters (news_level_bp 1.5 -> {stored!r})" in stderr
    # so is a change of the model's code since
    spec_file.write_text(text.replace('code_sha256 = "', 'code_sha256 = "0')
                         .replace('"model/market.py" = "', '"model/market.py" = "0'))
    code, _, stderr = run(sweep_argv(out), capsys)
    assert code == 2 and "differs in: model code (model/market.py)" in stderr


def test_a_folder_left_by_a_sweep_killed_while_creating_it_is_reused(tmp_path: Path) -> None:
    spec, _ = resolve(Flags(scenario="japan-sells", vary=["dealer_capacity_bn=50,100"]))
    out = tmp_path / "sweep"
    (out / "records").mkdir(parents=True)
    (out / ".lock").touch()
    (out / ".spec.toml.tmp4242").write_text("half")
    assert check_folder(out, spec) is False
    (out / "records" / "run-0000000.json").write_text("{}")
    with pytest.raises(ValueError, match="holds no sweep"):
        check_folder(out, spec)


def test_code_fingerprint_follows_what_the_code_does_not_its_comments(tmp_path: Path) -> None:
    skip = shutil.ignore_patterns("__pycache__")
    for package in ("model", "agents", "yieldsim"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=skip)
    before = code_fingerprint(tmp_path)
    assert {"model/market.py", "agents/leveraged.py", "model/yieldmodel.py",
            "model/data/tic_major_holders_2025.csv"} <= set(before)
    assert not {"yieldsim/cli.py", "yieldsim/plot.py", "yieldsim/sweeps/spec.py"} & set(before)
    market = tmp_path / "model" / "market.py"
    text = market.read_text()
    market.write_text(text.replace('"""', '"""Reworded. ', 1) + "\n# a note\n")
    assert code_fingerprint(tmp_path) == before
    market.write_text(text + "\nEXTRA_SPREAD_BP = 1.0\n")
    after = code_fingerprint(tmp_path)
    assert [name for name in after if after[name] != before[name]] == ["model/market.py"]
