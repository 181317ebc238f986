# The documentation cannot drift from the code: every host function and
# parameter type of include/weft/plugin.h is in the plugin guide and the man
# page, every method of the Lua document API is in docs/lua-dsl.md, and every
# whole pipeline script in docs/lua-dsl.md passes `weft check`.
. tests/e2e/lib.sh

H=include/weft/plugin.h
GUIDE=docs/plugin-guide.md
MAN=docs/weft-plugin.7
DSL=docs/lua-dsl.md
LUADOC=core/lua_doc.c

for f in "$H" "$GUIDE" "$MAN" "$DSL" "$LUADOC"; do
    if [ -f "$f" ]; then pass "docs-exists-$f"; else fail "docs-exists-$f" "missing"; fi
done

# at_least NAME COUNT MIN : guards against a parse that silently finds nothing
at_least() {
    if [ "$2" -ge "$3" ]; then pass "$1"; else fail "$1" "found $2, expected at least $3"; fi
}

# The function-pointer members of struct weft_host: "(*name)(" inside the struct.
sed -n '/^typedef struct weft_host {/,/^} weft_host;/p' "$H" |
    grep -o '(\*[a-z_][a-z0-9_]*)' | tr -d '(*)' | sort -u >"$T/host_fns"
at_least docs-host-parsed "$(wc -l <"$T/host_fns")" 20
while read -r fn; do
    # Named as a call or a declaration, "name(", not merely as a word.
    contains "docs-guide-host-$fn" "$GUIDE" "$fn("
    contains "docs-man-host-$fn" "$MAN" "$fn("
done <"$T/host_fns"

# The parameter types of enum weft_ptype.
sed -n '/^typedef enum weft_ptype {/,/^} weft_ptype;/p' "$H" |
    grep -o 'WEFT_P_[A-Z]*' | sort -u >"$T/ptypes"
at_least docs-ptypes-parsed "$(wc -l <"$T/ptypes")" 8
while read -r ty; do
    contains "docs-guide-ptype-$ty" "$GUIDE" "$ty"
    contains "docs-man-ptype-$ty" "$MAN" "$ty"
done <"$T/ptypes"

# The methods of the Lua document handle: the luaL_Reg table in core/lua_doc.c.
sed -n '/static const luaL_Reg methods\[\] = {/,/{NULL, NULL}}/p' "$LUADOC" |
    grep -o '{"[a-z_][a-z0-9_]*"' | tr -d '{"' | sort -u >"$T/methods"
at_least docs-methods-parsed "$(wc -l <"$T/methods")" 12
while read -r m; do
    contains "docs-dsl-method-$m" "$DSL" "doc:$m("
done <"$T/methods"
# The methods of a doc:records view: the recs_methods table, shown as v:NAME(.
sed -n '/static const luaL_Reg recs_methods\[\] = {/,/{NULL, NULL}}/p' "$LUADOC" |
    grep -o '{"[a-z_][a-z0-9_]*"' | tr -d '{"' | sort -u >"$T/recs_methods"
at_least docs-recs-methods-parsed "$(wc -l <"$T/recs_methods")" 9
while read -r m; do
    contains "docs-dsl-records-$m" "$DSL" "v:$m("
done <"$T/recs_methods"
# doc.id is a field, not a method, but part of the same API.
contains docs-dsl-id "$DSL" "doc.id"
for f in weft.pipeline weft.stage weft.lua weft.version weft.api_version; do
    contains "docs-dsl-$f" "$DSL" "$f"
done

# Every ```lua block of docs/lua-dsl.md that is a whole pipeline script (a
# line of it starts with `return weft.pipeline`; code before it, such as local
# helpers, belongs to the script) is extracted to its own file and must pass
# `weft check`. Fences indented inside list items count too: their
# indentation is stripped.
awk -v dir="$T" '
    !inblock && /^[ \t]*```lua[ \t]*$/ {
        inblock = 1; n++; file = dir "/dsl_block_" n ".lua"; printf "" >file
        match($0, /^[ \t]*/); indent = RLENGTH; next
    }
    inblock && /^[ \t]*```[ \t]*$/ { inblock = 0; close(file); next }
    inblock { print substr($0, indent + 1) >>file }
' "$DSL"
checked=0
for f in "$T"/dsl_block_*.lua; do
    [ -f "$f" ] || continue
    grep -q '^return weft\.pipeline' "$f" || continue
    checked=$((checked + 1))
    name="docs-dsl-example-$(basename "$f" .lua)"
    run "$name" 0 $WEFT check "$f"
    if [ "$got" -ne 0 ]; then
        fail "$name-source" "$(head -c 300 "$f")"
    fi
done
# The page has 10 such scripts today (4 of them the worked examples).
at_least docs-dsl-examples-checked "$checked" 10
