# make install into a temporary DESTDIR: the installed weft finds its
# plugins, their data and its profiles with the build tree out of reach,
# the pkg-config file builds a plugin, and make uninstall removes it all.
. tests/e2e/lib.sh
case "$B" in build) ;; *) skip_all "runs on the default build only (B=$B)" ;; esac
D="$T/dest"
if make -s install DESTDIR="$D" PREFIX=/opt/weft >"$T/make.log" 2>&1; then pass install; else fail install "$(tail -5 "$T/make.log")"; fi
W="$D/opt/weft/bin/weft"
# the build tree out of reach: a copy of the installed tree elsewhere
cp -a "$D/opt/weft" "$T/moved"
W="$T/moved/bin/weft"
run installed-version 0 $W --version
run installed-plugins 0 $W plugins list -v
lacks installed-no-build-tree "$T/out" "$PWD/build"
for p in boilerplate tokenizer entities sentiment; do
    contains "installed-$p" "$T/out" "$T/moved/lib/weft/plugins/$p.so"
done
run installed-profiles 0 $W profiles list
contains installed-news-profile "$T/out" "$T/moved/share/weft/profiles/news.lua"
cp examples/news/grain-exports.txt "$T/g.txt"
(cd "$T" && $W run -p news "$T/g.txt" -o "$T/news.jsonl" 2>"$T/err")
pycheck installed-news-run "$T/news.jsonl" '
d = docs[0]
assert d["errors"] == [] and d["layers"]["entity"] and d["layers"]["sentiment"], d["errors"]
assert d["attrs"]["summary.tone"]
'
# pkg-config: build the example plugin against the installed header only
PKG_CONFIG_PATH="$T/moved/lib/pkgconfig" pkg-config --define-variable=prefix="$T/moved" --cflags weft >"$T/cflags"
contains pc-cflags "$T/cflags" "-I$T/moved/include"
# a plugin needs weft's headers only: no Lua or libxml2 folders in Cflags
lacks pc-cflags-no-lua "$T/cflags" "lua"
lacks pc-cflags-no-libxml2 "$T/cflags" "libxml2"
PKG_CONFIG_PATH="$T/moved/lib/pkgconfig" pkg-config --define-variable=prefix="$T/moved" --static --libs weft >"$T/libs"
contains pc-static-libs "$T/libs" "-llua5.4"
if cc -std=c11 -Wall -Werror -shared -fPIC -fvisibility=hidden $(cat "$T/cflags") -o "$T/wordlen.so" \
    examples/plugins/wordlen.c 2>"$T/cc"; then pass pc-build-plugin; else fail pc-build-plugin "$(cat "$T/cc")"; fi
run pc-plugin-runs 0 $W plugins info wordlen --plugin-path "$T/wordlen.so"
# the helper headers are installed and each compiles on its own, pedantic C11
for h in grow hash sorted utf8 unicode linear; do
    printf '#include <weft/%s.h>\nint weft_helper_check(void);\nint weft_helper_check(void) { return 0; }\n' "$h" >"$T/h_$h.c"
    if cc -std=c11 -Wall -Wextra -Wpedantic -Werror $(cat "$T/cflags") -c -o "$T/h_$h.o" "$T/h_$h.c" \
        2>"$T/cc"; then pass "installed-header-$h"; else fail "installed-header-$h" "$(cat "$T/cc")"; fi
done
# the embedding API against the installed header and library (moved copy)
if cc -std=c11 -Wall -Werror -I"$T/moved/include" -o "$T/embed" examples/embed.c \
    -L"$T/moved/lib" -lweft -Wl,-rpath,"$T/moved/lib" 2>"$T/cc"; then pass installed-embed-builds; else fail installed-embed-builds "$(cat "$T/cc")"; fi
run installed-embed-runs 0 "$T/embed" "Mayor Helen Brandt opened the bridge in Port Elden."
contains installed-embed-out "$T/out" "  PER      Helen Brandt"
# the Lua module from its installed place (lib/lua/5.4), library beside it
if command -v lua5.4 >/dev/null 2>&1; then
    run installed-lua-module 0 env LUA_CPATH="$T/moved/lib/lua/5.4/?.so" lua5.4 -e \
        'local weft = require "weft"; local p = weft.load_profile("news"); print(p:run("Mayor Helen Brandt thanked Port Elden. It is a wonderful, happy town. Residents were delighted and proud."):json())'
    pycheck installed-lua-json "$T/out" 'assert docs[0]["layers"]["entity"], docs[0]'
fi
# weft new-plugin: the scaffold builds with its own Makefile against the
# installed weft.pc and passes its own test through the installed weft
run new-plugin 0 $W new-plugin greet "$T/greet"
contains new-plugin-files "$T/out" "$T/greet/greet.c"
if PKG_CONFIG_PATH="$D/opt/weft/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D" \
    make -s -C "$T/greet" CFLAGS="-O2 -Werror" >"$T/mk" 2>&1; then pass new-plugin-builds; else fail new-plugin-builds "$(cat "$T/mk")"; fi
if WEFT="$W" sh "$T/greet/test.sh" >"$T/mk" 2>&1; then pass new-plugin-test; else fail new-plugin-test "$(cat "$T/mk")"; fi
run new-plugin-no-overwrite 2 $W new-plugin greet "$T/greet"
contains new-plugin-no-overwrite-msg "$T/err" "weft new-plugin: $T/greet exists: choose another folder"
lacks new-plugin-no-overwrite-quiet "$T/out" "writing plugin"
# a folder holding anything else is refused before a file is written; an
# empty one is used
mkdir "$T/busy" "$T/empty"
printf 'mine\n' >"$T/busy/notes.txt"
run new-plugin-busy 2 $W new-plugin busy "$T/busy"
contains new-plugin-busy-msg "$T/err" "$T/busy exists: choose another folder"
if [ ! -e "$T/busy/busy.c" ]; then pass new-plugin-busy-nothing; else fail new-plugin-busy-nothing "busy.c written"; fi
run new-plugin-empty 0 $W new-plugin empty "$T/empty"
contains new-plugin-empty-files "$T/out" "$T/empty/empty.c"
run new-plugin-bad-name 2 $W new-plugin Bad-Name
# the scaffold's Makefile against a build tree: no pkg-config noise
run new-plugin-tree 0 $W new-plugin tree "$T/tree"
if PKG_CONFIG_PATH="$T/none" PKG_CONFIG_LIBDIR="$T/none" make -s -C "$T/tree" WEFT_CFLAGS=-I"$PWD/include" \
    >"$T/mk" 2>&1; then pass new-plugin-tree-builds; else fail new-plugin-tree-builds "$(cat "$T/mk")"; fi
lacks new-plugin-tree-quiet "$T/mk" "not found"
# the next step new-plugin prints, run as printed from a build tree: no
# weft.pc and no weft on $PATH needed (it names the tree's include and weft)
run new-plugin-next 0 "$B/weft" new-plugin nxt "$T/nxt"
sed -n 's/^next: //p' "$T/out" >"$T/next.sh"
contains new-plugin-next-names "$T/next.sh" "WEFT_CFLAGS='-I$PWD/include'"
if PATH=/usr/bin:/bin PKG_CONFIG_PATH="$T/none" PKG_CONFIG_LIBDIR="$T/none" sh "$T/next.sh" >"$T/mk" 2>&1; then
    pass new-plugin-next-works
else
    fail new-plugin-next-works "$(cat "$T/mk")"
fi
contains new-plugin-next-tested "$T/mk" "ok: nxt marked 2 matches"
# a name a shipped plugin has would clash at load: refused, naming the plugin
run new-plugin-shipped 2 "$B/weft" new-plugin tokenizer "$T/tk"
contains new-plugin-shipped-msg "$T/err" "a plugin named 'tokenizer' ships with weft"
if [ ! -e "$T/tk" ]; then pass new-plugin-shipped-nothing; else fail new-plugin-shipped-nothing "$T/tk written"; fi
# and with neither: one message that says what to do
rm -f "$T/tree/tree.so"
if PKG_CONFIG_PATH="$T/none" PKG_CONFIG_LIBDIR="$T/none" make -s -C "$T/tree" >"$T/mk" 2>&1; then
    fail new-plugin-tree-no-weft "built without weft"
else
    pass new-plugin-tree-no-weft
fi
contains new-plugin-tree-no-weft-msg "$T/mk" "make WEFT_CFLAGS=-I/path/to/weft/include"
# install into a DESTDIR stages files only: no ldconfig
lacks install-no-ldconfig-staged "$T/make.log" "ldconfig"
if make -s uninstall DESTDIR="$D" PREFIX=/opt/weft >"$T/make.log" 2>&1; then pass uninstall; else fail uninstall "$(tail -5 "$T/make.log")"; fi
left=$(find "$D" -type f -o -type l | head -5)
if [ -z "$left" ]; then pass uninstall-complete; else fail uninstall-complete "left: $left"; fi
