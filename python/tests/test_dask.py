"""weft.dask against a real dask.distributed LocalCluster: two worker
processes talking TCP on the loopback. The collected output equals a
single-process `weft run` byte for byte (in order: a bag keeps it), each
worker loads the pipeline once, and a worker killed mid-run loses no
document (Dask reruns its tasks)."""

import json
import os
import subprocess
import tempfile
import time
import unittest

import weft
import weft.dask

try:
    import dask.bag as db
    from distributed import Client, LocalCluster
except ImportError:  # make test installs them (make deps-python)
    db = None

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WEFT = os.path.join(ROOT, os.environ.get("WEFT_BUILD", "build"), "weft")

# Slow enough per document that killing a worker lands mid-run.
SLOW = """return weft.pipeline {
  weft.stage "tokenizer" {},
  weft.lua "slow" { run = function(doc) local x = 0 for i = 1, 400000 do x = x + i end end },
}
"""


def records():
    with open(os.path.join(ROOT, "examples", "news", "grain-exports.txt"), encoding="utf-8") as f:
        grain = f.read()
    out = [{"id": "grain", "text": grain}]
    for i in range(59):
        out.append({"id": "r%02d" % i, "text": "Report %d: Mayor Helen Brandt of Valmont spoke on day %d." % (i, i)})
    return out


def cli(script_args, recs):
    """weft run's JSON Lines over these records, in one process."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    try:
        r = subprocess.run(
            [WEFT, "run", *script_args, "-q", "-j", "1", "--offsets", "codepoints", f.name],
            capture_output=True,
            check=True,
        )
    finally:
        os.unlink(f.name)
    return r.stdout.decode()


@unittest.skipIf(db is None, "dask and distributed not installed (make deps-python installs them)")
class TestDask(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            protocol="tcp",
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=50,
        )
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def test_equals_cli_and_loads_once_per_worker(self):
        recs = records()
        want = cli(["-p", "news"], recs)
        bag = db.from_sequence(recs, npartitions=12)
        lines = weft.dask.map_pipeline(bag, profile="news", verbosity="error").compute()
        self.assertEqual("".join(x + "\n" for x in lines), want)
        workers = self.client.scheduler_info()["workers"]
        self.assertEqual(len(workers), 2)
        self.assertTrue(all(a.startswith("tcp://127.0.0.1:") for a in workers), list(workers))
        # 12 partitions, 2 processes: each loaded the pipeline once
        pids = self.client.run(os.getpid)
        self.assertEqual(len(set(pids.values()) | {os.getpid()}), 3)
        self.assertEqual(sorted(self.client.run(weft.dask.loads).values()), [1, 1])
        docs = weft.dask.map_pipeline(db.from_sequence(recs[:4], npartitions=2), profile="news",
                                      output="doc", verbosity="error").compute()
        self.assertEqual([d.id for d in docs], ["grain", "r00", "r01", "r02"])
        self.assertEqual(docs[0].attrs["title"], "Farmers welcome record grain exports")

    def test_worker_killed_mid_run_loses_nothing(self):
        recs = records()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(SLOW)
        try:
            want = cli([f.name], recs)
        finally:
            os.unlink(f.name)
        bag = db.from_sequence(recs, npartitions=30)
        fut = self.client.compute(weft.dask.map_pipeline(bag, lua=SLOW, name="slow.lua"))
        victim = sorted(self.client.scheduler_info()["workers"])[0]
        deadline = time.time() + 60
        while time.time() < deadline:  # some work done, some not
            done = sum(len(v) for v in self.client.has_what().values())
            if done >= 3 or fut.done():
                break
            time.sleep(0.05)
        self.assertFalse(fut.done(), "the run ended before a worker could be killed: make it slower")
        try:
            self.client.run(os._exit, 1, workers=[victim])
        except Exception:  # the connection to the dying worker goes away
            pass
        lines = fut.result(timeout=120)
        self.assertEqual("".join(x + "\n" for x in lines), want)
        # the nanny started a new process in its place
        deadline = time.time() + 30
        while len(self.client.scheduler_info()["workers"]) < 2 and time.time() < deadline:
            time.sleep(0.1)
        self.assertNotIn(victim, self.client.scheduler_info()["workers"])  # it did die

    def test_bad_pipeline_fails_before_any_task(self):
        with self.assertRaises(weft.Error):
            weft.dask.map_pipeline(db.from_sequence(["x"]), profile="no_such_profile")
        with self.assertRaises(TypeError):
            weft.dask.map_pipeline(db.from_sequence(["x"]), profile="news", lua="x")


if __name__ == "__main__":
    unittest.main()
