# The Python module (import weft, python/): its unittest suite on the
# build tree, help(weft), `pip install --no-build-isolation .` offline into
# a folder, and make install's copy with the build tree out of reach.
. tests/e2e/lib.sh
case "$B" in build) ;; *) echo "test_python: runs on the default build only" >&2; exit 0 ;; esac
PY=${PYTHON:-/usr/bin/python3}
if [ ! -f "$B/python/weft/.built" ]; then
    fail python-built "$B/python/weft not built (make python; make test builds it)"
    exit 0
fi
# Under make valgrind (once in CI): `make python-valgrind` (the module's own
# tests under memcheck), instead of this script's checks again.
if [ -n "$WEFT_VALGRIND" ]; then
    if make -s --no-print-directory python-valgrind B="$B" PYTHON="$PY" >"$T/vg" 2>&1; then
        pass python-valgrind
    else
        fail python-valgrind "$(tail -30 "$T/vg")"
    fi
    exit 0
fi
if PYTHONPATH="$B/python" WEFT_BUILD="$B" "$PY" -m unittest discover -s python/tests >"$T/ut" 2>&1; then
    pass python-unittest
else
    fail python-unittest "$(tail -30 "$T/ut")"
fi
contains python-unittest-count "$T/ut" "OK"
# make test installs dask and distributed: the Dask tests must have run
lacks python-unittest-no-skips "$T/ut" "skipped"
PYTHONPATH="$B/python" "$PY" -c 'import weft, pydoc; print(pydoc.render_doc(weft, renderer=pydoc.plaintext))' >"$T/help" 2>&1
for w in load_profile load_script load_lua "pipe(self, texts, jobs=0" "class Doc" "class Span" "to_json" "weft.Error"; do
    contains "python-help-$w" "$T/help" "$w"
done

# the docs and stubs cannot drift from the package: every public name and
# every public attribute of Pipeline, Doc and Span is in docs/python.md and
# in the stub file
if PYTHONPATH="$B/python" "$PY" - >"$T/drift" 2>&1 <<'PY'
import re, weft
doc = open("docs/python.md", encoding="utf-8").read()
stub = open("python/weft/__init__.pyi", encoding="utf-8").read()
missing = []
for name in weft.__all__:
    if name not in doc: missing.append("docs: " + name)
    if not re.search(r"\b(def|class) %s\b" % name, stub): missing.append("stub: " + name)
for cls in (weft.Pipeline, weft.Doc, weft.Span):
    for a in dir(cls):
        if a.startswith("_") and a != "__call__": continue
        if a not in doc and a != "__call__": missing.append("docs: %s.%s" % (cls.__name__, a))
        if not re.search(r"def %s\b" % a, stub): missing.append("stub: %s.%s" % (cls.__name__, a))
assert not missing, missing
print("no drift")
PY
then pass python-docs-stubs; else fail python-docs-stubs "$(tail -3 "$T/drift")"; fi

# pip, offline, with Debian's setuptools: into a folder, then used from elsewhere
if "$PY" -m pip --version >/dev/null 2>&1; then
    if PIP_NO_INDEX=1 "$PY" -m pip install -q --no-build-isolation --no-index --no-deps \
        --target "$T/site" . >"$T/pip" 2>&1; then pass python-pip-install; else fail python-pip-install "$(tail -8 "$T/pip")"; fi
    (cd "$T" && PYTHONPATH="$T/site" "$PY" -c '
import weft, os
assert weft.__file__.startswith(os.environ["PYTHONPATH"]), weft.__file__
d = weft.load_profile("entities")("Mayor Helen Brandt spoke in Valmont.")
assert [(e.label, e.text) for e in d.layers["entity"]][0] == ("PER", "Helen Brandt"), d.to_json()
print("pip ok")') >"$T/out" 2>&1
    contains python-pip-import "$T/out" "pip ok"
    [ -f "$T/site/weft/__init__.pyi" ] && [ -f "$T/site/weft/py.typed" ] && pass python-pip-stubs || fail python-pip-stubs "no stubs in $T/site/weft"
else
    fail python-pip "python3 -m pip missing (make deps-python installs python3-pip)"
fi

# make install: the package in PREFIX's site-packages, finding the
# installed libweft, plugins and profiles once the tree is moved
D="$T/dest"
if make -s install DESTDIR="$D" PREFIX=/opt/weft >"$T/make.log" 2>&1; then pass python-install; else fail python-install "$(tail -5 "$T/make.log")"; fi
SITE=$("$PY" scripts/python-site.py /opt/weft)
if [ -f "$D$SITE/weft/__init__.py" ]; then pass python-install-site; else fail python-install-site "no $D$SITE/weft"; fi
cp -a "$D/opt/weft" "$T/moved"
MSITE="$T/moved${SITE#/opt/weft}"
G="$PWD/examples/news/grain-exports.txt"
(cd "$T" && PYTHONPATH="$MSITE" "$PY" -c '
import weft
p = weft.load_profile("news", verbosity="error")
assert "/build/" not in (p.script or ""), p.script
d = p(open("'"$G"'").read())
assert d.attrs["title"] == "Farmers welcome record grain exports", d.attrs
print("installed ok", p.script)') >"$T/out" 2>&1
contains python-installed-run "$T/out" "installed ok $T/moved/share/weft/profiles/news.lua"
make -s uninstall DESTDIR="$D" PREFIX=/opt/weft >/dev/null 2>&1
left=$(find "$D" -type f -o -type l | head -5)
if [ -z "$left" ]; then pass python-uninstall; else fail python-uninstall "left: $left"; fi
