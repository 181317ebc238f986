# The embedding API (include/weft/weft.h): examples/embed.c built against the
# build tree's libweft.so and libweft.a, run on two texts.
. tests/e2e/lib.sh
case "$B" in build) ;; *) echo "test_embed: runs on the default build only" >&2; exit 0 ;; esac
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
