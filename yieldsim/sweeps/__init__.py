"""Parameter sweeps: many runs over a design, in parallel, resumable, with a results table.

The package is split by responsibility so that each part can be tested alone:

- `space`: what can be swept (model parameters and `<event id>.<field>`), with types and
  admissible ranges;
- `spec`: the sweep specification (TOML file and command-line flags), validated before any
  file is written, and its canonical form that decides whether a folder can be resumed;
- `fingerprint`: digests of the code and data that compute a run;
- `specfile`: reading spec files, writing the resolved spec, comparing identities;
- `design`: grid, Latin hypercube and Sobol (Saltelli) design points;
- `seeds`: per-run seeds derived from one root seed (common random numbers by default);
- `worker`: the function a worker process runs for one design point and replicate;
- `backends`: a local process pool and Dask distributed, behind one executor interface;
- `engine`: the submit/collect loop with bounded work in flight and clean stopping;
- `store`: the sweep folder (per-run records written atomically, results, manifest);
- `results`: turning run records into the results table;
- `session`: one invocation on a folder (resume, run the rest, write it up), without UI;
- `report`: per-point tables, plots and Sobol indices;
- `command`: the `yieldsim sweep` command line.
"""
