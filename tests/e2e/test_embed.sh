# The embedding API (include/weft/weft.h): examples/embed.c built against the
# build tree's libweft.so and libweft.a, run on two texts.
. tests/e2e/lib.sh
case "$B" in build) ;; *) skip_all "runs on the default build only (B=$B)" ;; esac
LIBS="$(pkg-config --libs lua5.4 libpcre2-8 libxml-2.0 jansson zlib) -ldl -lpthread -lm"
if cc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude -o "$T/embed" examples/embed.c \
    "$B/libweft.so" -Wl,-rpath,"$PWD/$B" 2>"$T/cc"; then pass embed-builds-shared; else fail embed-builds-shared "$(cat "$T/cc")"; fi
if cc -std=c11 -Wall -Werror -Iinclude -o "$T/embed-static" examples/embed.c "$B/libweft.a" $LIBS 2>"$T/cc"; then
    pass embed-builds-static
else
    fail embed-builds-static "$(cat "$T/cc")"
fi
VG=""
[ -n "$WEFT_VALGRIND" ] && VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
# linked statically, libweft lives in the program: plugins come from
# WEFT_PLUGIN_PATH (or weft_open's plugin_path)
export WEFT_PLUGIN_PATH="$PWD/$B/plugins"
for bin in embed embed-static; do
    run "$bin-runs" 0 $VG "$T/$bin" "Mayor Helen Brandt opened the bridge in Port Elden on Saturday. It was a great day." \
        "Shares of Northwind Ltd. fell 8% on Monday."
    contains "$bin-entities" "$T/out" "  PER      Helen Brandt"
    contains "$bin-org" "$T/out" "  ORG      Northwind Ltd."
    contains "$bin-tone" "$T/out" "  tone +0.625"
    python3 - "$T/out" <<'PY' && pass "$bin-json" || fail "$bin-json" "last line is not the document's JSON"
import json, sys
d = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert d["id"] == "json" and d["layers"]["entity"] and d["errors"] == []
PY
done

# a plugin linked statically into a program and registered through the API
if cc -std=c11 -Wall -Werror -Iinclude -c -DWEFT_BUILTIN_NAME=wordlen -o "$T/wl.o" examples/plugins/wordlen.c &&
    cc -std=c11 -Wall -Werror -Iinclude -o "$T/builtin" tests/embed/builtin.c "$T/wl.o" \
        "$B/libweft.so" -Wl,-rpath,"$PWD/$B" 2>"$T/cc"; then pass builtin-builds; else fail builtin-builds "$(cat "$T/cc")"; fi
run builtin-runs 0 $VG "$T/builtin"
contains builtin-count "$T/out" "count 3"

# run.h is self-contained and enough for a batch front end: read JSON Lines,
# run with two workers in order, write TSV
cat >"$T/batch.c" <<'C'
#include <stdio.h>
#include "weft/run.h"
int main(int argc, char **argv) {
    char err[4096];
    weft_engine *e = weft_open(NULL, err, sizeof err);
    weft_pipeline *p = e ? weft_load_profile(e, "entities", err, sizeof err) : NULL;
    if (!p) { fprintf(stderr, "%s\n", err); return 2; }
    weft_reader_opts in = {0};
    weft_writer_opts out = {0};
    out.format = WEFT_FMT_TSV;
    weft_output_names_resolve(&out.names, weft_pipeline_output_names(p));
    weft_reader *r = weft_reader_new((const char *const *)argv + 1, (size_t)argc - 1, &in);
    weft_writer *w = weft_writer_new(stdout, &out);
    weft_run_stats st = {0};
    weft_run_opts o = {0};
    o.jobs = 2;
    int rc = weft_run(p, r, w, &o, &st, err, sizeof err);
    if (weft_writer_finish(w)) rc = -1;
    printf("docs %llu\n", (unsigned long long)st.docs);
    weft_run_stats_free(&st);
    weft_writer_free(w);
    weft_reader_free(r);
    weft_pipeline_free(p);
    weft_close(e);
    return rc ? 1 : 0;
}
C
if cc -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude -o "$T/batch" "$T/batch.c" \
    "$B/libweft.so" -Wl,-rpath,"$PWD/$B" 2>"$T/cc"; then pass batch-builds; else fail batch-builds "$(cat "$T/cc")"; fi
printf '{"id":"a","text":"Mayor Helen Brandt spoke."}\n{"id":"b","text":"Shares of Northwind Ltd. fell."}\n' >"$T/in.jsonl"
run batch-runs 0 $VG "$T/batch" "$T/in.jsonl"
contains batch-per "$T/out" "a	PER	6	18	Helen Brandt"
contains batch-org "$T/out" "b	ORG"
contains batch-count "$T/out" "docs 2"

# the weft command is a client of the public API: it includes nothing from core/
if grep -h '^#include "' core/cli/*.c core/cli/*.h | grep -v -e '"cli.h"' -e '"weft/[a-z]*\.h"' >"$T/inc"; then
    fail cli-public-headers-only "$(cat "$T/inc")"
else
    pass cli-public-headers-only
fi
