"""Tests of `import weft` (python/weft). Run by tests/e2e/test_python.sh
with PYTHONPATH=build/python, from the repository root:

    PYTHONPATH=build/python python3 -m unittest discover -s python/tests
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

import weft

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("WEFT_BUILD", "build")
WEFT = os.path.join(ROOT, BUILD, "weft")
GRAIN = os.path.join(ROOT, "examples", "news", "grain-exports.txt")


def cli(args, stdin=None):
    """weft run's stdout (bytes) for these arguments."""
    r = subprocess.run([WEFT, "run", *args], input=stdin, capture_output=True, check=False)
    return r.stdout


class TestLoad(unittest.TestCase):
    def test_profile(self):
        p = weft.load_profile("news")
        self.assertEqual(p.name, "news")
        self.assertEqual(p.offsets, "codepoints")
        self.assertIn("tokenizer", [s[0] for s in p.stages])
        self.assertIn("news", repr(p))

    def test_unknown_profile_raises_weft_message(self):
        with self.assertRaises(weft.Error) as c:
            weft.load_profile("no_such_profile")
        self.assertIn("no profile named 'no_such_profile'", str(c.exception))
        with self.assertRaises(weft.Error) as c:
            weft.load_profile("nwes")
        self.assertIn("no profile named 'nwes' (did you mean 'news'?)", str(c.exception))

    def test_script_error_names_line_and_stage(self):
        with self.assertRaises(weft.Error) as c:
            weft.load_lua('return weft.pipeline {\n weft.stage "tokenizr" {} }')
        msg = str(c.exception)
        self.assertIn("(lua):2", msg)
        self.assertIn("did you mean 'tokenizer'", msg)

    def test_bad_parameter(self):
        with self.assertRaises(weft.Error) as c:
            weft.load_profile("news", settings={"tokenizer.no_such_param": 1})
        self.assertIn("no_such_param", str(c.exception))
        with self.assertRaises(weft.Error) as c:
            weft.load_profile("tokens", settings={"tokenizer.sentences": "maybe"})
        msg = str(c.exception)  # script:line, stage, parameter
        self.assertRegex(msg, r"tokens\.lua:\d+: stage 'tokenizer': .*parameter 'sentences'")
        with self.assertRaises(ValueError):
            weft.load_profile("tokens", settings={"nodot": 1})

    def test_messages_name_python_arguments_not_cli_flags(self):
        with self.assertRaises(weft.Error) as c:
            weft.load_profile("tokens", settings={"tokenizer.stlye": "ptb"})
        msg = str(c.exception)
        self.assertIn(
            "unknown parameter 'stlye' (did you mean 'style'?) (set by settings['tokenizer.stlye'])",
            msg,
        )
        with self.assertRaises(weft.Error) as c:
            weft.load_profile("tokens", settings={"tokeniser.style": "ptb"})
        self.assertIn("settings['tokeniser.style']: the pipeline has no stage", str(c.exception))
        with self.assertRaises(weft.Error) as c:
            weft.load_profile("news", settings={"entities.min_score": 5})
        self.assertIn("out of range [0, 1] (set by settings['entities.min_score'])", str(c.exception))
        with self.assertRaises(weft.Error) as c:
            weft.load_lua('return weft.pipeline { weft.stage "no_such_stage" {} }')
        self.assertIn("add a plugin folder with plugin_path= or WEFT_PLUGIN_PATH", str(c.exception))
        p = weft.load_lua(
            'return weft.pipeline { weft.lua "clock" { run = function(doc) os.time() end } }'
        )
        m = p("hi").errors[0]["message"]
        self.assertIn("'os' is not available in the sandbox of inline stages; unsafe_lua=True allows it", m)
        for text in (msg, str(c.exception), m):
            self.assertNotIn("--", text)

    def test_repeated_warnings_are_counted(self):
        # the library writes to the process's stderr: look at it from outside
        code = (
            "import weft\n"
            "p = weft.load_profile('news'%s)\n"
            "for d in p.pipe(['x'] * 10, jobs=2): pass\n"
            "print('after', flush=True)\n"
        )
        env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, BUILD, "python"))
        def stderr(opts):
            r = subprocess.run([sys.executable, "-c", code % opts], capture_output=True,
                               env=env, check=True, text=True)
            self.assertEqual(r.stdout, "after\n")
            return [l for l in r.stderr.splitlines() if "no main text found" in l]
        lines = stderr("")
        self.assertEqual(len(lines), 4, lines)
        self.assertEqual(
            lines[-1],
            "weft: warning: 7 more documents: boilerplate: no main text found "
            "(warn_repeats=0 lists every one)",
        )
        self.assertEqual(len(stderr(", warn_repeats=0")), 10)
        self.assertEqual(len(stderr(", verbosity='note'")), 10)
        self.assertEqual(len(stderr(", verbosity='error'")), 0)

    def test_list_settings(self):
        import pathlib
        text = "Anna Berg met Paul Weber of Siemens in Berlin on Monday."
        base = {l.label for l in weft.load_profile("entities")(text).layers["entity"]}
        self.assertIn("ORG", base)
        for labels in (["PER", "LOC"], ("PER", "LOC"), "PER,LOC"):
            p = weft.load_profile("entities", settings={"entities.labels": labels})
            got = {l.label for l in p(text).layers["entity"]}
            self.assertEqual(got, {"PER", "LOC"} & base, labels)
        with tempfile.TemporaryDirectory() as d:
            g = pathlib.Path(d) / "g.tsv"
            g.write_text("Paul Weber\tPER\n")
            weft.load_profile("entities", settings={"entities.gazetteer": [g]})
        with self.assertRaisesRegex(TypeError, "a table parameter is set in the script"):
            weft.load_profile("entities", settings={"entities.patterns": [{"label": "X"}]})
        with self.assertRaisesRegex(ValueError, "may not contain ','"):
            weft.load_profile("entities", settings={"entities.labels": ["PER,LOC"]})
        with self.assertRaisesRegex(TypeError, "settings must be a mapping"):
            weft.load_profile("entities", settings=[("entities.min_score", 0.5)])

    def test_search_paths_as_lists(self):
        import pathlib
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "mine.lua"), "w") as f:
                f.write('return weft.pipeline { name = "mine", weft.stage "tokenizer" {} }')
            for pp in ([d], (pathlib.Path(d),), pathlib.Path(d), "/nonexistent:" + d):
                self.assertEqual(weft.load_profile("mine", profile_path=pp).name, "mine")
        with self.assertRaisesRegex(TypeError, "plugin_path must be a str of colon-separated"):
            weft.load_profile("tokens", plugin_path=3)

    def test_lua_limits(self):
        spin = 'return weft.pipeline { weft.lua "spin" { run = function(doc) while true do end end } }'
        p = weft.load_lua(spin, lua_budget=1000)
        self.assertIn("instruction budget of 1000 exceeded (an endless loop, or a walk over a very "
                      "large document? lua_budget= raises it, 0 lifts it)",
                      p("hi").errors[0]["message"])
        hog = ('return weft.pipeline { weft.lua "hog" { run = function(doc) '
               'local t = {} for i = 1, 1e7 do t[i] = i end end } }')
        p = weft.load_lua(hog, lua_memory=16)  # MiB, as weft run --lua-memory
        self.assertIn("Lua memory limit of 16 MiB reached", p("hi").errors[0]["message"])
        self.assertEqual(weft.load_lua(hog, lua_memory=0, lua_budget=0)("hi").errors, [])
        with self.assertRaises(ValueError):
            weft.load_lua(spin, lua_memory=-1)
        with self.assertRaises(TypeError):
            weft.load_lua(spin, lua_budget="many")

    def test_script_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write('return weft.pipeline { name = "toks", weft.stage "tokenizer" {} }\n')
        try:
            p = weft.load_script(f.name)
            self.assertEqual(p.name, "toks")
            self.assertEqual(p.script, f.name)
            self.assertEqual(len(p("one two").layers["token"]), 2)
        finally:
            os.unlink(f.name)
        with self.assertRaises(weft.Error):
            weft.load_script("/nonexistent/x.lua")

    def test_bad_options(self):
        with self.assertRaises(ValueError):
            weft.load_profile("tokens", offsets="words")
        with self.assertRaises(ValueError):
            weft.load_profile("tokens", verbosity="loud")
        with self.assertRaises(TypeError):
            weft.load_profile("tokens", no_such_option=1)

    def test_version(self):
        self.assertRegex(weft.version(), r"^\d+\.\d+")
        self.assertIn("Lua", weft.lua_version())
        self.assertTrue(weft.__doc__ and "pipe" in weft.__doc__)


class TestDoc(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.news = weft.load_profile("news")
        with open(GRAIN, encoding="utf-8") as f:
            cls.grain = f.read()

    def test_news_document(self):
        d = self.news.run(self.grain, id="grain")
        self.assertEqual(d.id, "grain")
        self.assertEqual(d.attrs["title"], "Farmers welcome record grain exports")
        self.assertIsInstance(d.attrs["sentiment.compound"], float)
        self.assertTrue(d.text.startswith("Grain exports"))
        ents = {(e.label, e.text) for e in d.layers["entity"]}
        self.assertIn(("ORG", "Valmont Farmers Union"), ents)
        for e in d.layers["entity"]:
            self.assertEqual(d.text[e.begin : e.end], e.text)
            self.assertIsInstance(e.score, float)
            self.assertIn("source", e.attrs)
        self.assertEqual(d.errors, [])
        self.assertFalse(d.failed)
        self.assertIn("entity", d.layers)
        self.assertIn("entity", repr(d.layers))

    def test_same_as_cli(self):
        """to_json() is weft run's JSON Lines line, byte for byte."""
        want = cli(["-p", "news", "--offsets", "codepoints", GRAIN]).decode().rstrip("\n")
        got = json.loads(want)
        d = self.news.run(self.grain, id=got["id"])
        self.assertEqual(d.to_json(), want)
        self.assertEqual(d.to_dict(), got)

    def test_call_is_run(self):
        self.assertEqual(self.news(self.grain, "x").to_json(), self.news.run(self.grain, "x").to_json())

    def test_offsets_units(self):
        p = weft.load_lua('return weft.pipeline { weft.stage "tokenizer" {} }')
        text = "h\u00e9llo w\U0001F600rld caf\u00e9"
        for unit in ("codepoints", "bytes", "utf16"):
            d = p.run(text, offsets=unit)
            self.assertEqual(d.offsets, unit)
            words = [t.text for t in d.layers["token"]]
            self.assertIn("caf\u00e9", words, unit)
        cp = p.run(text).layers["token"][-1]
        by = p.run(text, offsets="bytes").layers["token"][-1]
        u16 = p.run(text, offsets="utf16").layers["token"][-1]
        self.assertEqual((cp.begin, cp.end), (len(text) - 4, len(text)))
        self.assertEqual(by.end, len(text.encode("utf-8")))
        self.assertEqual(u16.end, len(text.encode("utf-16-le")) // 2)
        b = weft.load_lua('return weft.pipeline { weft.stage "tokenizer" {} }', offsets="bytes")
        self.assertEqual(b("\u00e9 x").layers["token"][1].begin, 3)

    def test_snapshot_outlives_later_runs(self):
        p = weft.load_profile("tokens")
        a = p("one two")
        b = p("three four five")
        self.assertEqual([t.text for t in a.layers["token"]], ["one", "two"])
        self.assertEqual(len(b.layers["token"]), 3)

    def test_bytes_and_invalid_utf8(self):
        p = weft.load_profile("tokens")
        d = p("café été ".encode("utf-8") + b"\xff bad")
        self.assertEqual(d.text, "café été \ufffd bad")
        self.assertEqual(d.layers["token"][-1].text, "bad")
        # lone surrogates of a surrogateescape decoding are the bytes again
        s = "café été ".encode("utf-8") + b"\xff ok"
        self.assertEqual(p(s.decode("utf-8", "surrogateescape")).text, "café été \ufffd ok")
        # Latin-1 bytes read as the CLI reads a Latin-1 file
        self.assertEqual(p(b"M\xfcller in M\xfcnchen").text, "Müller in München")
        with self.assertRaises(TypeError):
            p(42)

    def test_failed_document_has_errors(self):
        p = weft.load_lua(
            'return weft.pipeline { weft.lua "boom" { run = function(doc) error("bad thing") end } }',
            name="boom.lua",
        )
        d = p("hi")
        self.assertTrue(d.failed)
        self.assertEqual(d.errors[0]["stage"], "boom")
        self.assertIn("boom.lua:1: bad thing", d.errors[0]["message"])

    def test_span_text_and_records(self):
        p = weft.load_profile("entities", span_text=True)
        d = p("Mayor Helen Brandt spoke in Valmont.")
        e = d.layers["entity"][0]
        self.assertEqual(e.to_dict()["text"], e.text)
        self.assertEqual(e.view, d.view)
        self.assertIn(e.label, repr(e))

    def test_settings(self):
        src = 'return weft.pipeline { weft.stage "tokenizer" {} }'
        self.assertTrue(weft.load_lua(src, settings={"tokenizer.sentences": False}))


class TestPipe(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.p = weft.load_profile("news")
        cls.texts = ["Text number %d about Mayor Helen Brandt in Valmont." % i for i in range(200)]

    def test_order_and_equal_to_single_runs(self):
        for jobs in (1, 2, 3):
            docs = list(self.p.pipe(self.texts, jobs=jobs))
            self.assertEqual([d.id for d in docs], [str(i) for i in range(200)])
            self.assertEqual(docs[7].to_json(), self.p.run(self.texts[7], id="7").to_json())

    def test_jobs_range(self):
        # as weft run -j: 1 to 1024 workers, 0 for the online CPUs
        for bad in (-1, 1025, 5000):
            with self.assertRaisesRegex(ValueError, "from 1 to 1024"):
                list(self.p.pipe(["x"], jobs=bad))

    def test_dicts_and_ids(self):
        items = [{"id": "a", "text": "one"}, {"text": b"two"}, "three", {"id": 5, "text": "four"}]
        docs = list(self.p.pipe(iter(items), jobs=2))
        self.assertEqual([d.id for d in docs], ["a", "1", "2", "5"])
        self.assertEqual(docs[1].text, "two")

    def test_same_as_cli_over_jsonl(self):
        lines = "".join(json.dumps({"id": "d%d" % i, "text": t}) + "\n" for i, t in enumerate(self.texts))
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            f.write(lines)
        try:
            want = cli(["-p", "news", "--offsets", "codepoints", "-j", "2", f.name]).decode()
        finally:
            os.unlink(f.name)
        items = [json.loads(x) for x in lines.splitlines()]
        got = "".join(d.to_json() + "\n" for d in self.p.pipe(items, jobs=2))
        self.assertEqual(got, want)

    def test_input_error_after_earlier_documents(self):
        def gen():
            yield "one"
            yield "two"
            raise RuntimeError("input broke")

        seen = []
        with self.assertRaises(RuntimeError):
            for d in self.p.pipe(gen(), jobs=2):
                seen.append(d.text)
        self.assertEqual(seen, ["one", "two"])
        with self.assertRaises(TypeError):
            list(self.p.pipe(["ok", 3.5], jobs=2))
        with self.assertRaises(KeyError):
            list(self.p.pipe([{"id": "x"}]))
        with self.assertRaises(ValueError):
            self.p.pipe([], jobs=-1)

    def test_early_break_and_empty(self):
        for d in self.p.pipe(self.texts * 5, jobs=2):
            break
        self.assertEqual(list(self.p.pipe([], jobs=2)), [])
        it = self.p.pipe(self.texts, jobs=2)
        next(it)
        del it  # threads stopped and joined with documents in flight

    def test_failures_stream_on(self):
        p = weft.load_lua(
            'return weft.pipeline { weft.lua "picky" { run = function(doc)'
            ' if doc:text():find("bad") then error("no bad") end end } }'
        )
        docs = list(p.pipe(["good", "bad", "good"], jobs=2))
        self.assertEqual([d.failed for d in docs], [False, True, False])

    def test_no_growth_over_rounds(self):
        """Results, slots and input references are all given back: peak
        memory stays put over rounds of the same work (a leaked JSON line
        per document would add megabytes)."""
        import resource

        texts = self.texts * 10
        peak = []
        for _ in range(6):
            for d in self.p.pipe(texts, jobs=2):
                d.attrs
            peak.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        self.assertLess(peak[-1] - peak[1], 3000, peak)  # KiB

    def test_many_batches_in_order(self):
        """Documents cross to the workers in batches (32 documents or 64 KiB
        of text, 3 per worker in flight): a stream many rings long, with
        texts of every size (one larger than a whole batch's byte budget),
        comes back in input order, each result the same as a single run."""
        p = weft.load_profile("tokens")
        big = "Word number %d. " * 6000 % tuple(range(6000))  # > 64 KiB
        texts = ["t%d %s" % (i, "x " * (i % 97)) for i in range(1500)]
        texts[40] = texts[1000] = big
        want = [p.run(t, id=str(i)).to_json() for i, t in enumerate(texts)]
        for jobs in (2, 3):
            got = [d.to_json() for d in p.pipe(texts, jobs=jobs)]
            self.assertEqual(len(got), len(want))
            self.assertTrue(got == want, "jobs=%d" % jobs)

    def test_input_error_inside_a_batch(self):
        """An input failing in the middle of a batch: the documents read
        before it (a full batch and part of the next) come out, then the
        exception."""

        def gen(n):
            for i in range(n):
                yield "doc %d" % i
            raise RuntimeError("input broke")

        for jobs in (1, 2, 3):
            seen = []
            with self.assertRaises(RuntimeError):
                for d in self.p.pipe(gen(70), jobs=jobs):
                    seen.append(d.id)
            self.assertEqual(seen, [str(i) for i in range(70)])
        with self.assertRaises(TypeError):  # a bad item after a batch's worth
            list(self.p.pipe(["ok"] * 40 + [None], jobs=2))

    def test_read_ahead_is_bounded(self):
        """pipe() reads an endless iterable as it goes: no more items than
        the ring holds (3 batches of 32 per worker; one with jobs=1) are
        read ahead of the document handed out."""
        pulled = [0]

        def endless():  # "endless": a reader that does not stop fails, not hangs
            while pulled[0] < 100000:
                pulled[0] += 1
                yield "text %d" % pulled[0]

        for jobs in (1, 2, 4):
            pulled[0] = 0
            it = self.p.pipe(endless(), jobs=jobs)
            ahead = 3 * 32 * jobs if jobs > 1 else 1
            for k in range(300):
                d = next(it)
                self.assertLessEqual(pulled[0] - k, ahead, (jobs, k))
            self.assertEqual(d.id, "299")
            del it

    def test_pipe_close_and_with(self):
        """close() (and leaving a with block) ends a stream early: nothing
        more comes out, the input is not read further, closing twice is
        fine, and the next pipe on the same pipeline works."""
        for jobs in (1, 2):
            pulled = [0]

            def endless():
                while True:
                    pulled[0] += 1
                    yield "Some words %d." % pulled[0]

            it = self.p.pipe(endless(), jobs=jobs)
            self.assertEqual(next(it).id, "0")
            it.close()
            seen = pulled[0]
            self.assertEqual(list(it), [])
            self.assertEqual(pulled[0], seen)
            it.close()
            with self.p.pipe(["a b", "c d", "e f"], jobs=jobs) as docs:
                self.assertEqual(next(docs).text, "a b")
            self.assertIsNone(next(docs, None))
            again = [d.text for d in self.p.pipe(["Ada wrote.", "Bo read."], jobs=jobs)]
            self.assertEqual(again, ["Ada wrote.", "Bo read."])

    def test_pipe_ctrl_c_does_not_wait_for_the_batch(self):
        """Ctrl-C while the caller waits for workers raises KeyboardInterrupt
        at once (not after the batch in flight) and closes the stream."""
        import signal

        # each slow document notes its start in a file: how many started
        # tells, without a clock, whether ^C waited for a batch of 32
        fd, started = tempfile.mkstemp()
        os.close(fd)
        self.addCleanup(os.unlink, started)
        slow = weft.load_lua(
            'return weft.pipeline { weft.lua "slow" { run = function(doc) '
            'if doc:text() == "fast" then return end '
            "local f = io.open(%r, 'a') f:write('x') f:close() "
            "local n = 0 for i = 1, 20000000 do n = n + i end end } }" % started,
            unsafe_lua=True,
        )
        # Python's own ^C handler (a Dask test earlier in the run may have
        # installed another one)
        old = signal.signal(signal.SIGINT, signal.default_int_handler)
        self.addCleanup(signal.signal, signal.SIGINT, old)
        # A stream starts with small batches (1, 1, 2, 2, ... 16, 16 documents
        # with two workers: 62) so that its first results come early; fast
        # documents get past them, then come full batches of 32 slow ones.
        it = slow.pipe(["fast"] * 62 + ["x"] * 200, jobs=2)
        # ^C 0.3 s after the last fast document, while the loop waits inside
        # next() for a batch of 32 slow ones (each takes about 0.1 s: seconds
        # a batch, far more than a loaded machine delays a timer thread)
        timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
        got = 0
        try:
            with self.assertRaises(KeyboardInterrupt):
                for _ in it:
                    got += 1
                    if got == 62:
                        timer.start()
        finally:
            timer.cancel()
        self.assertEqual(got, 62)
        # the two workers stopped inside their batches of 32, not after them
        with open(started) as f:
            self.assertLess(len(f.read()), 64)
        self.assertIsNone(next(it, None))

    def test_pipe_first_result_after_one_document(self):
        """The first batches of a stream are small: the first result does
        not wait for a whole batch of 32 documents to be read and done."""
        pulled = [0]

        def endless():
            while True:
                pulled[0] += 1
                yield "Some words %d." % pulled[0]

        with self.p.pipe(endless(), jobs=2) as it:
            self.assertEqual(next(it).id, "0")
            # the ring of 6 batches holds 1 + 1 + 2 + 2 + 4 + 4 at most
            self.assertLessEqual(pulled[0], 14)
            ids = [next(it).id for _ in range(300)]
        self.assertEqual(ids, [str(i) for i in range(1, 301)])

    def test_results_outlive_pipe_and_pipeline(self):
        """A Doc owns its result: it stays whole after the pipe, the
        pipeline and its engine are gone, and can be read from another
        thread."""
        import gc

        p = weft.load_profile("tokens")
        docs = list(p.pipe(["Doc %d has some words." % i for i in range(100)], jobs=2))
        want = docs[42].to_json()
        del p
        gc.collect()
        out = []
        d = docs[42]
        t = threading.Thread(target=lambda: out.append((d.to_json(), len(d.layers["token"]))))
        t.start()
        t.join()
        self.assertEqual(out, [(want, 6)])
        self.assertEqual(docs[99].text, "Doc 99 has some words.")

    def test_streaming_runs_no_python_code(self):
        """pipe() makes each Doc in C and to_json() is C: consuming a
        stream enters no Python function per document (the cost that kept
        jobs=1 on short texts above the CLI)."""
        import sys

        p = weft.load_profile("tokens")
        for jobs in (1, 2):
            it = p.pipe(["text %d" % i for i in range(100)], jobs=jobs)
            calls = []
            sys.setprofile(lambda frame, ev, arg: ev == "call" and calls.append(frame.f_code.co_name))
            try:
                got = [d.to_json() for d in it]
            finally:
                sys.setprofile(None)
            self.assertEqual(len(got), 100)
            self.assertEqual([c for c in calls if c != "<listcomp>"], [], jobs)
            self.assertIs(type(next(iter(p.pipe(["x"], jobs=jobs)))), weft.Doc)

    def test_doc_storage(self):
        """Doc over _weft.DocBase: made from str or bytes, positionally or
        by keyword, subclassable (with a __dict__ too), pickled as its
        line; pipe_json only makes DocBase subclasses."""
        import pickle

        line = self.p.run("Good day.", id="a").to_json()
        for d in (weft.Doc(line), weft.Doc(json_line=line.encode())):
            self.assertEqual(d.to_json(), line)
            self.assertEqual(d.id, "a")
            self.assertEqual(pickle.loads(pickle.dumps(d)).to_json(), line)

        class Mine(weft.Doc):
            pass

        m = Mine(line)
        m.note = 1
        self.assertEqual((m.id, m.note, m.to_json()), ("a", 1, line))
        with self.assertRaises(TypeError):
            weft.Doc()
        with self.assertRaises(AttributeError):
            weft.Doc(line)._json = "{}"
        for bad in (dict, str, 3):
            with self.assertRaises(TypeError):
                self.p._p.pipe_json(["x"], 1, doc=bad)
        got = list(self.p._p.pipe_json(["x"], 1, doc=Mine))
        self.assertIs(type(got[0]), Mine)

    def test_docs_with_layers_are_collected(self):
        """doc.layers refers back to its Doc: the cycle is the collector's
        to free (the C storage takes part in GC), so no Doc stays behind."""
        import gc

        def live():
            return sum(1 for o in gc.get_objects() if isinstance(o, weft.Doc))

        gc.collect()
        before = live()
        docs = list(self.p.pipe(["Some words %d." % i for i in range(200)], jobs=1))
        self.assertTrue(gc.is_tracked(docs[0]))
        for d in docs:
            self.assertTrue(d.layers["token"][0].text.startswith("Some"))
        self.assertEqual(live() - before, 200)
        del d, docs
        gc.collect()
        self.assertEqual(live(), before)

    def test_threads_share_a_pipeline(self):
        p = weft.load_profile("tokens")
        out = {}

        def work(k):
            out[k] = [len(p("a b c " * k).layers["token"]) for _ in range(50)]

        ts = [threading.Thread(target=work, args=(k,)) for k in range(1, 5)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        for k in range(1, 5):
            self.assertEqual(out[k], [3 * k] * 50)


if __name__ == "__main__":
    unittest.main()
