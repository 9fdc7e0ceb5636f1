"""pyribs' side of the side-by-side comparison: runs one of pyribs 0.8.3's sphere-example
configurations (examples/sphere.py) on the LP sphere or LP Rastrigin, timing the loop only, and
prints one JSON line like `qd bench --json`.

    PYRIBS=/path/to/pyribs-0.8.3 DIM=100 python3 pyribs_sphere.py ALGORITHM ITERATIONS SEED sphere|rastrigin [ES|-] [true|example]

ALGORITHM is a key of the example's CONFIG (map_elites, cma_mae, cma_mega, dds, ...); ES
replaces the emitters' evolution strategy (e.g. cma_es); the last argument chooses the gradient
of the normalised objective (true, the default) or the example's own -2(x - s). For timings
that compare with this engine, unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE and set
OPENBLAS_NUM_THREADS=1.
"""
import copy, json, sys, time, types

for name in ["fire", "tqdm", "matplotlib", "matplotlib.pyplot", "ribs.visualize"]:
    mod = types.ModuleType(name)
    mod.cvt_archive_heatmap = mod.grid_archive_heatmap = None
    sys.modules[name] = mod
_root = __import__("os").environ.get("PYRIBS")
if not _root:
    sys.exit("PYRIBS: set it to a pyribs 0.8.3 source checkout (the folder holding ribs/ and examples/sphere.py).")
sys.path[:0] = [_root, _root + "/examples"]
import numpy as np
import sphere as S

alg, iters, seed, task = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
es = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] != "-" else None
grad_mode = sys.argv[6] if len(sys.argv) > 6 else "true"   # true: gradient of the normalised objective; example: pyribs example's -2(x-s)
dim = int(__import__("os").environ.get("DIM", "100"))
SHIFT = 5.12 * 0.4

def raw(x):
    d = x - SHIFT
    if task == "sphere":
        return np.sum(d * d, axis=1), 2 * d
    return 10 * x.shape[1] + np.sum(d * d - 10 * np.cos(2 * np.pi * d), axis=1), 2 * d + 20 * np.pi * np.sin(2 * np.pi * d)

WORST = raw(np.full((1, dim), -5.12))[0][0]

def evaluate(x):
    r, dr = raw(x)
    obj = (r - WORST) / (0 - WORST) * 100
    ograd = dr * (100 / (0 - WORST)) if grad_mode == "true" else -2 * (x - SHIFT)
    clipped = x.copy()
    m = (clipped < -5.12) | (clipped > 5.12)
    clipped[m] = 5.12 / clipped[m]
    meas = np.stack([clipped[:, : dim // 2].sum(1), clipped[:, dim // 2:].sum(1)], axis=1)
    der = np.ones_like(x)
    der[m] = -5.12 / np.square(x[m])
    mg = np.zeros((x.shape[0], 2, dim))
    mg[:, 0, : dim // 2] = der[:, : dim // 2]
    mg[:, 1, dim // 2:] = der[:, dim // 2:]
    return obj, ograd, meas, mg

config = copy.deepcopy(S.CONFIG[alg])
config["dim"] = dim
if es:
    for e in config["emitters"]:
        e["kwargs"]["es"] = es
scheduler = S.create_scheduler(config, alg, seed=seed)
archive = scheduler.result_archive
start = time.perf_counter()
for itr in range(iters):
    if config["is_dqd"]:
        sols = scheduler.ask_dqd()
        o, og, me, mg = evaluate(sols)
        scheduler.tell_dqd(o, me, np.concatenate((og[:, None, :], mg), axis=1))
    sols = scheduler.ask()
    o, _, me, _ = evaluate(sols)
    scheduler.tell(o, me)
wall = time.perf_counter() - start
s = archive.stats
print(json.dumps({"algorithm": alg + (":" + es if es else ""), "task": task, "dim": dim, "grad": grad_mode, "iterations": iters, "seed": seed,
                  "wall_seconds": wall, "norm_qd_score": float(s.norm_qd_score), "coverage": float(s.coverage)}))
