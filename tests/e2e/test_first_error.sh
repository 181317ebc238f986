# When every document fails, the summary names the first failed document
# and its first error, the same line with and without --isolate, at any -j;
# when only some fail, neither mode names one. Also a document whose isolated
# worker crashed (its error made by the parent) and one the input failed.
. tests/e2e/lib.sh
P="--plugin-path $FIX/crashy.so"
printf 'first text\n' >"$T/a.txt"
printf 'second text\n' >"$T/b.txt"
printf 'third text\n' >"$T/c.txt"
cat >"$T/boom.lua" <<'LUA'
return weft.pipeline {
  weft.lua "boom" { run = function(doc) error("cannot read " .. doc.id:match("[^/]*$")) end },
}
LUA
first="3 of 3 documents failed (see their \"errors\"); the first, '$T/a.txt': boom: $T/boom.lua:2: cannot read a.txt"
for j in 1 2; do
    for iso in "" --isolate; do
        name=all-fail-j$j${iso:+-isolate}
        run $name 1 $WEFT run "$T/boom.lua" "$T/a.txt" "$T/b.txt" "$T/c.txt" -j $j $iso
        contains $name-first "$T/err" "$first"
    done
done

# only some fail: the count, no document named, in both modes
cat >"$T/some.lua" <<'LUA'
return weft.pipeline {
  weft.lua "some" { run = function(doc) if doc.id:find("b.txt") then error("no b") end end },
}
LUA
for iso in "" --isolate; do
    name=some-fail${iso:+-isolate}
    run $name 1 $WEFT run "$T/some.lua" "$T/a.txt" "$T/b.txt" "$T/c.txt" -j 2 $iso
    contains $name-count "$T/err" "1 of 3 documents failed (see their \"errors\")"
    lacks $name-unnamed "$T/err" "the first,"
done

# a plugin that crashes on every document under --isolate: the parent makes
# each document's error, and the summary names the first of them
cat >"$T/crash.lua" <<'LUA'
return weft.pipeline { weft.stage "crashy" { marker = "text" } }
LUA
run crash-isolate 1 $WEFT run "$T/crash.lua" "$T/a.txt" "$T/b.txt" --isolate -j 1 $P
contains crash-isolate-first "$T/err" "2 of 2 documents failed (see their \"errors\"); the first, '$T/a.txt': crashy: "

# an input every record of which is malformed: the reader's error, both modes
printf '{"id":"r1" "text":"x"}\n{"id":"r2","txt":"y"}\n' >"$T/bad.jsonl"
for iso in "" --isolate; do
    name=input-fail${iso:+-isolate}
    run $name 1 $WEFT run "$T/boom.lua" "$T/bad.jsonl" -j 2 $iso
    contains $name-first "$T/err" "2 of 2 documents failed (see their \"errors\"); the first, 'r1': input: "
done
