"""weft over Dask: a pipeline mapped over a dask.bag, one per worker process.

    import dask.bag as db
    import weft.dask
    bag = db.from_sequence(records, npartitions=64)   # {"id", "text"} dicts, str or bytes
    lines = weft.dask.map_pipeline(bag, profile="news")
    lines.to_textfiles("out/*.jsonl")                 # or lines.compute()

Each worker process loads the pipeline once, at the first partition it
runs, and keeps it for every later partition (the cache is keyed by what
was loaded, so several pipelines may share a worker). A partition goes
through Pipeline.pipe on `jobs` threads of weft's own (1 by default: Dask
already runs a process or thread per core). The result is a bag of weft
run's JSON lines (output="json"), of dicts ("dict") or of weft.Doc ("doc"),
in the bag's order.

Works with every Dask scheduler; with dask.distributed the workers need the
weft package importable and the same plugins (a shared install), and a
script given by path must exist on every worker: pass its text with lua=
to avoid that. Give records ids: a bare text's default id is its position
in its partition, not in the bag.
"""

import weft

__all__ = ["map_pipeline", "loads"]

# Per process: (kind, source, options) -> Pipeline, and how many loads ran.
_cache = {}
_loaded = [0]


def loads():
    """How many pipelines this process has loaded for map_pipeline (with
    dask.distributed: client.run(weft.dask.loads) asks every worker)."""
    return _loaded[0]


def _pipeline(spec):
    p = _cache.get(spec)
    if p is None:
        kind, source, options = spec
        load = {"profile": weft.load_profile, "script": weft.load_script, "lua": weft.load_lua}[kind]
        opts = dict(options)
        if opts.get("settings") is not None:
            opts["settings"] = dict(opts["settings"])
        p = _cache[spec] = load(source, **opts)
        _loaded[0] += 1
    return p


def _run_partition(items, spec, jobs, output):
    docs = _pipeline(spec).pipe(items, jobs=jobs)
    if output == "json":
        return [d.to_json() for d in docs]
    if output == "dict":
        return [d.to_dict() for d in docs]
    return list(docs)


def _freeze(v):
    if isinstance(v, dict):
        return tuple(sorted((k, _freeze(x)) for k, x in v.items()))
    return v


def map_pipeline(bag, profile=None, script=None, lua=None, *, jobs=1, output="json", **options):
    """A bag of results: the pipeline (exactly one of a profile name, a
    script path, or script text) applied to every item of `bag` (str,
    bytes, or dicts with "text" and "id"), loaded once per worker process.
    options are those of weft.load_profile (settings, offsets, ...)."""
    given = [(k, v) for k, v in (("profile", profile), ("script", script), ("lua", lua)) if v is not None]
    if len(given) != 1:
        raise TypeError("map_pipeline needs exactly one of profile=, script=, lua=")
    if output not in ("json", "dict", "doc"):
        raise ValueError("output must be 'json', 'dict' or 'doc', not %r" % (output,))
    opts = dict(options)
    if "settings" in opts and opts["settings"] is not None:
        opts["settings"] = _freeze(opts["settings"])
    kind, source = given[0]
    spec = (kind, source, tuple(sorted(opts.items())))
    _pipeline(spec)  # a bad script or option fails here, not on a worker
    return bag.map_partitions(_run_partition, spec, jobs, output)
