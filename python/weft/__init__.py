"""weft from Python: text-processing pipelines of C plugins driven by Lua.

    import weft
    nlp = weft.load_profile("news")          # or weft.load_script("x.lua"),
                                              # weft.load_lua("return weft.pipeline{...}")
    doc = nlp("Mayor Helen Brandt spoke.")   # or nlp.run(text, id="doc-1")
    for ent in doc.layers["entity"]:
        print(ent.label, ent.text, ent.begin, ent.end, ent.score, ent.attrs)
    print(doc.attrs["sentiment.compound"], doc.errors)

    for doc in nlp.pipe(texts, jobs=4):     # weft's worker threads, input order
        print(doc.to_json())                 # the line `weft run` writes

Offsets count code points by default (Python's own unit: text[begin:end]
is the span); pass offsets="bytes" or "utf16" to a loader, run or pipe for
the others. A document a stage failed on comes back with doc.errors set, as
in the CLI; a pipeline that cannot load raises weft.Error with weft's
message (script:line, stage, parameter).

Everything runs in libweft (C); this module only wraps its results. A
Doc holds the JSON object `weft run -f jsonl` writes for the document and
parses it on first use, so streaming through pipe() costs the calling
thread almost nothing. The whole guide is docs/python.md in weft's
source tree (and README.md's Python section).
"""

import json as _json
import os as _os
from collections.abc import Mapping as _Mapping

from . import _weft
from ._weft import Error

__all__ = [
    "Error",
    "Pipeline",
    "Doc",
    "Pipe",
    "Span",
    "load_profile",
    "load_script",
    "load_lua",
    "version",
    "lua_version",
]

__version__ = _weft.version()


def version():
    """The version of libweft, as weft -V prints it."""
    return _weft.version()


def lua_version():
    """The Lua libweft runs scripts with ("Lua 5.4.x")."""
    return _weft.lua_version()


class Span:
    """One record of a layer: begin/end (in the document's offsets unit),
    label, score, attrs, and the text it covers."""

    __slots__ = ("_doc", "_r")

    def __init__(self, doc, record):
        self._doc = doc
        self._r = record

    @property
    def begin(self):
        """Start offset, in doc.offsets units, into doc.text (or into
        self.view when the layer indexes another view)."""
        return self._r["begin"]

    @property
    def end(self):
        """End offset (exclusive)."""
        return self._r["end"]

    @property
    def label(self):
        """The record's label ("PER", "word"...), or None."""
        return self._r.get("label")

    @property
    def score(self):
        """The record's score, or None."""
        return self._r.get("score")

    @property
    def attrs(self):
        """The record's attributes (a dict, empty when it has none)."""
        return self._r.get("attrs", {})

    @property
    def view(self):
        """The view the offsets index: doc.view unless the layer is over
        another one (e.g. "raw" under a cleaned "text")."""
        return self._r.get("view", self._doc.view)

    @property
    def text(self):
        """The covered text; None for a record over another view than
        doc.view unless the pipeline was loaded with span_text=True."""
        t = self._r.get("text")
        if t is not None or "view" in self._r:
            return t
        return self._doc._slice(self._r["begin"], self._r["end"])

    def to_dict(self):
        """The record as weft run writes it."""
        return dict(self._r)

    def __repr__(self):
        return "Span(%r, %d, %d, %r)" % (self.label, self.begin, self.end, self.text)


class _Layers(_Mapping):
    """doc.layers: layer name -> list of Span, made on first access."""

    __slots__ = ("_doc", "_raw", "_made")

    def __init__(self, doc, raw):
        self._doc = doc
        self._raw = raw
        self._made = {}

    def __getitem__(self, name):
        got = self._made.get(name)
        if got is None:
            doc = self._doc
            got = [Span(doc, r) for r in self._raw[name]]
            self._made[name] = got
        return got

    def __iter__(self):
        return iter(self._raw)

    def __len__(self):
        return len(self._raw)

    def __repr__(self):
        return "{%s}" % ", ".join("%r: <%d records>" % (k, len(v)) for k, v in self._raw.items())


class Doc(_weft.DocBase):
    """A processed document: a snapshot that stays valid after later runs.

    Doc(json_line) wraps one JSON Lines object as weft run writes it
    (bytes or str)."""

    # The storage (_json, _d, _layers, _enc), construction and to_json()
    # are in C (_weft.DocBase): pipe() makes a Doc per result and a
    # stream's loop calls to_json() without running Python code for either.
    __slots__ = ()

    def _data(self):
        d = self._d
        if d is None:
            d = self._d = _json.loads(self._json)
        return d

    @property
    def id(self):
        """The document's id."""
        return self._data()["id"]

    @property
    def text(self):
        """The text of the written view (the cleaned text when a stage made
        one, else the input); invalid UTF-8 became U+FFFD."""
        return self._data()["text"]

    @property
    def view(self):
        """Which view doc.text is: "text" or "raw"."""
        return self._data()["view"]

    @property
    def offsets(self):
        """The unit of every offset: "codepoints", "bytes" or "utf16"."""
        return self._data()["offsets"]

    @property
    def attrs(self):
        """Document attributes ("title", "sentiment.compound", ...)."""
        return self._data()["attrs"]

    @property
    def layers(self):
        """Layer name -> list of Span, in the order stages made them."""
        lay = self._layers
        if lay is None:
            lay = self._layers = _Layers(self, self._data()["layers"])
        return lay

    @property
    def errors(self):
        """The failures, as weft run writes them: dicts with "stage" and
        "message" (and "offset" when a stage gave one). Empty when every
        stage succeeded."""
        return self._data()["errors"]

    @property
    def failed(self):
        """True when a stage failed on this document."""
        return bool(self._data()["errors"])

    def _slice(self, begin, end):
        unit = self._data()["offsets"]
        text = self._d["text"]
        if unit == "codepoints":
            return text[begin:end]
        if self._enc is None:
            self._enc = text.encode("utf-16-le" if unit == "utf16" else "utf-8", "surrogatepass")
        if unit == "utf16":
            return self._enc[2 * begin : 2 * end].decode("utf-16-le", "replace")
        return self._enc[begin:end].decode("utf-8", "replace")

    def __reduce__(self):
        # pickled (to another process: Dask, multiprocessing) as its JSON line
        return (Doc, (self._json,))

    def to_dict(self):
        """The document as a dict, as weft run writes it (a fresh copy)."""
        return _json.loads(self._json)

    def __str__(self):
        return self.text

    def __repr__(self):
        d = self._data()
        return "<weft.Doc id=%r view=%r layers=%r errors=%d>" % (
            d["id"],
            d["view"],
            list(d["layers"]),
            len(d["errors"]),
        )


class Pipeline:
    """A loaded pipeline. Call it on a text, or stream many through pipe().

    Each pipeline has an engine of its own. Calling it from several Python
    threads at once is safe (the GIL is released while C runs; each call
    takes a processor of its own from a pool)."""

    __slots__ = ("_p",)

    def __init__(self, _p):
        self._p = _p

    @property
    def name(self):
        """The name the script gave (weft.pipeline { name = ... }), or None."""
        return self._p.name

    @property
    def script(self):
        """The script file the pipeline came from, or None."""
        return self._p.script

    @property
    def stages(self):
        """Each stage as (instance name, plugin or None for inline Lua, line)."""
        return self._p.stages

    @property
    def offsets(self):
        """The default offsets unit of this pipeline's results."""
        return self._p.offsets

    def __call__(self, text, id=None, *, offsets=None):
        """Process one text (str or bytes) and return its Doc."""
        return Doc(self._p.run_json(text, id, offsets))

    def run(self, text, id=None, *, offsets=None):
        """Process one text (str or bytes) under this id; return its Doc."""
        return Doc(self._p.run_json(text, id, offsets))

    def pipe(self, texts, jobs=0, *, offsets=None):
        """Process an iterable of texts on `jobs` worker threads of weft's
        own (0: the online CPUs, as weft run -j; 1: the calling thread) and
        yield a Doc per text in input order, streaming: a bounded number of
        documents is in flight at a time (3 batches of up to 32 per worker;
        with jobs=1, one). The first batches are small (1, 2, 4, ...) so
        that the first results come after one document.

        An item is a str, bytes, or a dict with "text" and optionally "id"
        (a JSON Lines record); ids default to the item's position from 0.
        An exception from the iterable (or a bad item) is raised after the
        documents before it have been yielded.

        The iterator has close() (also called on leaving a `with` block):
        it stops the workers and drops the documents still in flight, for
        a loop left early. Ctrl-C raises KeyboardInterrupt once the
        documents being processed are done (not the whole batch in flight)
        and closes the stream."""
        return self._p.pipe_json(texts, jobs, offsets, doc=Doc)

    def __repr__(self):
        return "<weft.Pipeline %r: %s>" % (
            self.name,
            " -> ".join(s[0] for s in self.stages),
        )


#: What Pipeline.pipe returns: an iterator of Docs with close() and
#: with-block support (the type the stubs name).
Pipe = _weft.PipeJSON


def _search_path(kw, key):
    """plugin_path / profile_path: a str of colon-separated folders, a path,
    or a list of them."""
    v = kw.get(key)
    if v is None or isinstance(v, str):
        return
    if isinstance(v, (list, tuple)):
        kw[key] = ":".join(_os.fsdecode(_os.fspath(x)) for x in v)
    elif isinstance(v, (bytes, _os.PathLike)):
        kw[key] = _os.fsdecode(_os.fspath(v))
    else:
        raise TypeError(
            "%s must be a str of colon-separated folders, a path or a list of them, not %s"
            % (key, type(v).__name__)
        )


def _settings(kw):
    """settings: a mapping; a list or tuple value is a list parameter's
    items (weft's text form joins them with commas)."""
    v = kw.get("settings")
    if v is None:
        return
    if not isinstance(v, _Mapping):
        raise TypeError(
            "settings must be a mapping {'stage.param': value}, not %s" % type(v).__name__
        )
    out = {}
    for key, val in v.items():
        if isinstance(val, (list, tuple)):
            items = []
            for x in val:
                if isinstance(x, _os.PathLike):
                    x = _os.fsdecode(_os.fspath(x))
                elif isinstance(x, (str, int, float)) and not isinstance(x, bool):
                    x = str(x)
                else:
                    raise TypeError(
                        "settings[%r]: a list of str, numbers or paths, not of %s (a table "
                        "parameter is set in the script)" % (key, type(x).__name__)
                    )
                if "," in x:
                    raise ValueError("settings[%r]: an item may not contain ',': %r" % (key, x))
                items.append(x)
            val = ",".join(items)
        out[key] = val
    kw["settings"] = out


def _load(kw, **what):
    _settings(kw)
    _search_path(kw, "plugin_path")
    _search_path(kw, "profile_path")
    return Pipeline(_weft.load(**what, **kw))


def load_profile(name, **options):
    """Load a profile by name ("news", "sentiment", ...), as weft run -p.

    Options (for every loader): settings={"stage.param": value} over the
    script's values (as --set), plugin_path, profile_path, offsets
    ("codepoints" by default, "bytes", "utf16"), span_text (add "text" to
    every record, as --span-text), verbosity ("error", "warning", "note",
    "debug": stage messages go to stderr), unsafe_lua, lua_memory (MiB
    each inline Lua stage's state may hold, as weft run --lua-memory; 64
    by default, 0: no limit), lua_budget (VM instructions per call; 100 million, 0: none),
    warn_repeats (a warning many documents give is shown for its first 3
    and counted after that, the counts printed when a pipe() ends; 0:
    every one, the default with verbosity "note" or "debug")."""
    return _load(options, profile=name)


def load_script(path, **options):
    """Load a pipeline script file (see docs/lua-dsl.md); options as for
    load_profile."""
    return _load(options, path=path)


def load_lua(source, name="(lua)", **options):
    """Load a pipeline from script text ("return weft.pipeline { ... }");
    name is used in messages and to resolve relative paths. Options as for
    load_profile."""
    return _load(options, text=source, name=name)
