# What a new user meets first: lists and typos in --set, options and
# commands mistyped, HTML given to a pipeline that does not read HTML,
# --fail-fast that stops the output and the warnings at the failing
# document. Every text here is written for the test.
. tests/e2e/lib.sh

printf 'Maria Lopez flew from Berlin to Lisbon for Acme Corporation on Monday.\n' >"$T/trip.txt"

# --- --set with a list in brackets: the items, as a script's { ... } ---
run set-list-brackets 0 $WEFT run -p entities --set 'entities.labels=[PER, LOC]' -f tsv "$T/trip.txt"
contains set-list-brackets-per "$T/out" "Maria Lopez"
contains set-list-brackets-loc "$T/out" "Lisbon"
lacks set-list-brackets-no-org "$T/out" "	ORG	"
lacks set-list-brackets-no-date "$T/out" "	DATE	"
# the plain form still works, and gives the same
$WEFT run -p entities --set 'entities.labels=PER,LOC' -f tsv "$T/trip.txt" >"$T/plain" 2>/dev/null
if cmp -s "$T/out" "$T/plain"; then pass set-list-plain-same; else fail set-list-plain-same "brackets and plain commas differ"; fi
# quoted items keep their commas; an empty item in the middle is an error
run set-list-empty-item 2 $WEFT check -p entities --set 'entities.labels=[PER,,LOC]'
contains set-list-empty-item-msg "$T/err" "item 2 of '[PER,,LOC]' is empty"
# a list where one value goes
run set-list-not-accepted 2 $WEFT run -p entities --set 'entities.min_score=[0.5,0.9]' "$T/trip.txt"
contains set-list-not-accepted-msg "$T/err" "parameter 'min_score' takes one value (number), not a list"
contains set-list-not-accepted-names "$T/err" "--set entities.min_score"
run set-list-not-string 2 $WEFT check -p entities --set 'entities.model=[a.model,b.model]'
contains set-list-not-string-msg "$T/err" "parameter 'model' takes one value (string), not a list"

# --- typos: the closest name, or the names to pick from ---
run set-stage-typo 2 $WEFT check -p entities --set entitis.min_score=0.5
contains set-stage-typo-msg "$T/err" "no stage 'entitis' (did you mean 'entities'?)"
run set-param-typo 2 $WEFT check -p entities --set entities.min_scor=0.5
contains set-param-typo-msg "$T/err" "stage 'entities': unknown parameter 'min_scor' (did you mean 'min_score'?) (set by --set entities.min_scor)"
run set-param-far 2 $WEFT check -p entities --set entities.threshold=0.5
contains set-param-far-msg "$T/err" "stage 'entities': unknown parameter 'threshold' (its parameters: labels, min_score,"
printf 'return weft.pipeline { weft.stage "tokenizer" { sentense = false } }\n' >"$T/typo.lua"
run script-param-far 2 $WEFT check "$T/typo.lua"
contains script-param-typo-msg "$T/err" "unknown parameter 'sentense' (did you mean 'sentences'?)"
printf 'return weft.pipeline { weft.stage "tokenizer" { frobnicate = 1 } }\n' >"$T/far.lua"
run script-param-far 2 $WEFT check "$T/far.lua"
contains script-param-far-msg "$T/err" "unknown parameter 'frobnicate' (its parameters: style,"
run option-typo 2 $WEFT run -p tokens --fail-fst "$T/trip.txt"
contains option-typo-msg "$T/err" "unknown option '--fail-fst' (did you mean '--fail-fast'?)"
run option-typo-value 2 $WEFT run -p tokens --jbos=2 "$T/trip.txt"
contains option-typo-value-msg "$T/err" "unknown option '--jbos=2' (did you mean '--jobs'?)"
run option-far 2 $WEFT run -p tokens --no-such-thing "$T/trip.txt"
contains option-far-msg "$T/err" "unknown option '--no-such-thing' (try \`weft run --help\`)"
run command-typo 2 $WEFT chekc
contains command-typo-msg "$T/err" "unknown command 'chekc' (did you mean 'check'?)"
run plugins-sub-typo 2 $WEFT plugins lsit
contains plugins-sub-typo-msg "$T/err" "unknown subcommand 'lsit' (did you mean 'list'?)"
run plugins-option-typo 2 $WEFT plugins list --verbos
contains plugins-option-typo-msg "$T/err" "unknown option '--verbos' (did you mean '--verbose'?)"
run plugins-info-typo 2 $WEFT plugins info tokenzier
contains plugins-info-typo-msg "$T/err" "no plugin or stage named 'tokenzier' (did you mean 'tokenizer'?)"
run test-stage-option-typo 2 $WEFT test-stage x.so tokenizer --txt hello
contains test-stage-option-typo-msg "$T/err" "unknown option '--txt' (did you mean '--text'?)"

# --- --fail-fast: output and warnings stop at the failing document ---
# Every short text makes the boilerplate stage warn ("no main text
# found"); the Lua stage fails document d5. Whatever the workers and
# processes read ahead or ran after it says nothing, with -j 1, -j 2 and
# --isolate alike, and the count of repeats is of d1..d5 only.
cat >"$T/picky.lua" <<'LUA'
return weft.pipeline {
  weft.stage "boilerplate" {},
  weft.lua "picky" {
    run = function(doc)
      if doc.id == "d5" then error("d5 is not wanted") end
    end,
  },
}
LUA
i=1
while [ $i -le 300 ]; do printf '{"id":"d%d","text":"ok"}\n' $i; i=$((i + 1)); done >"$T/many.jsonl"
for mode in j1 j2 iso1 iso2; do
    case $mode in
    j1) opts="-j 1" ;;
    j2) opts="-j 2" ;;
    iso1) opts="--isolate -j 1" ;;
    iso2) opts="--isolate -j 2" ;;
    esac
    run ff-$mode 1 $WEFT run "$T/picky.lua" $opts --fail-fast -v "$T/many.jsonl" "$T/no-such-file.txt"
    pycheck ff-$mode-output "$T/out" 'assert [d["id"] for d in docs] == ["d1", "d2", "d3", "d4", "d5"], [d["id"] for d in docs]'
    contains ff-$mode-d4-warned "$T/err" "d4: boilerplate: no main text found"
    contains ff-$mode-d5-warned "$T/err" "d5: boilerplate: no main text found"
    if grep -E '(^|[^a-z0-9])d([6-9]|[1-9][0-9]+):|no-such-file' "$T/err" >"$T/later"; then
        fail ff-$mode-nothing-after "$(head -3 "$T/later")"
    else
        pass ff-$mode-nothing-after
    fi
    run ff-$mode-counted 1 $WEFT run "$T/picky.lua" $opts --fail-fast "$T/many.jsonl"
    contains ff-$mode-count "$T/err" "2 more documents: boilerplate: no main text found"
    # --fail-fast names the document that stopped the run by its id (under
    # --isolate too, where a child decodes the record: the parent has no id
    # of its own to give)
    contains ff-id-$mode-msg "$T/err" "stopped early (--fail-fast) at the first failed document, 'd5' (document 5)"
done

# --- a page given to a pipeline that does not read HTML ---
cat >"$T/visit.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>Harbour news</title></head>
<body><div class="menu"><a href="/">Home</a></div>
<p>Tomas Berg opened the new ferry terminal in Gothenburg on Friday.</p>
</body></html>
HTML
cp "$T/visit.html" "$T/second.html"
printf '<p>A fragment that starts with markup.</p>\n' >"$T/fragment.txt"
printf 'A plain note about <b> tags in prose, and 3 < 4.\n' >"$T/prose.txt"
run html-unread 0 $WEFT run -p entities "$T/visit.html" "$T/second.html" "$T/trip.txt" -o "$T/o.jsonl"
contains html-unread-named "$T/err" "$T/visit.html: looks like HTML, but no stage of this pipeline reads HTML"
contains html-unread-advice "$T/err" "clean pages first (the news or clean profile"
lacks html-unread-once "$T/err" "$T/second.html: looks like HTML"
contains html-unread-counted "$T/err" "1 more documents: looks like HTML, but no stage of this pipeline reads HTML (-v lists every one)"
# the text is left as it was: the warning changes nothing in the output
$WEFT run -p entities -q "$T/visit.html" "$T/second.html" "$T/trip.txt" -o "$T/q.jsonl" 2>"$T/err"
if cmp -s "$T/o.jsonl" "$T/q.jsonl"; then pass html-unread-output-same; else fail html-unread-output-same "differs with -q"; fi
lacks html-unread-quiet "$T/err" "looks like HTML"
run html-fragment 0 $WEFT run -p tokens "$T/fragment.txt" -o /dev/null
contains html-fragment-named "$T/err" "fragment.txt: looks like HTML"
run html-prose 0 $WEFT run -p tokens "$T/prose.txt" "$T/trip.txt" -o /dev/null
lacks html-prose-not-html "$T/err" "looks like HTML"
# a pipeline that reads HTML says nothing
run html-read 0 $WEFT run -p news "$T/visit.html" -o /dev/null
lacks html-read-silent "$T/err" "looks like HTML"
# in input order and once with workers and worker processes too
for opts in "-j 2" "--isolate -j 2"; do
    name=html-unread-$(echo "$opts" | tr -dc 'a-z0-9')
    run $name 0 $WEFT run -p tokens $opts "$T/trip.txt" "$T/visit.html" "$T/second.html" -o /dev/null
    contains $name-first "$T/err" "$T/visit.html: looks like HTML"
    lacks $name-once "$T/err" "$T/second.html: looks like HTML"
done
# --input html says the files are pages: said before any is read
run input-html-unread 0 $WEFT run -p entities --input html "$T/trip.txt" -o /dev/null
contains input-html-unread-msg "$T/err" "--input html: no stage of this pipeline reads HTML"
run input-html-read 0 $WEFT run -p clean --input html "$T/visit.html" -o /dev/null
lacks input-html-read-silent "$T/err" "reads HTML"

# --- bad input names the file, the record and what to do ---
printf '{"id":"a","body":"Anna sailed.","lang":"en"}\n{"id":"b","text":5}\n' >"$T/fields.jsonl"
run text-field-missing 1 $WEFT run -p tokens "$T/fields.jsonl" -o /dev/null
contains text-field-missing-msg "$T/err" "a: $T/fields.jsonl:1: no string field 'text' (the record has: 'id', 'body', 'lang'; --text-field NAME reads another)"
contains text-field-type-msg "$T/err" "b: $T/fields.jsonl:2: no string field 'text' (it is a number)"
head -1 "$T/fields.jsonl" >"$T/body.jsonl"
run text-field-other 0 $WEFT run -p tokens --text-field body "$T/body.jsonl" -o /dev/null
# an empty folder (or a glob that leaves every file out) is said, not an empty success
mkdir "$T/nothing"
run empty-folder 0 $WEFT run -p tokens "$T/nothing" -o "$T/none.jsonl"
contains empty-folder-msg "$T/err" "weft: warning: no document was read: $T/nothing holds no file to read"
mkdir "$T/some" && cp "$T/trip.txt" "$T/some/"
run include-nothing 0 $WEFT run -p tokens "$T/some" --include '*.md' -o /dev/null
contains include-nothing-msg "$T/err" "every file left out by --include/--exclude"
run include-something 0 $WEFT run -p tokens "$T/some" --include '*.txt' -o /dev/null
lacks include-something-quiet "$T/err" "no document was read"
# no input and a terminal on stdin: said, not a silent wait
if script -qc true /dev/null >/dev/null 2>&1; then
    timeout 30 script -qc "$WEFT run -p tokens -o /dev/null </dev/tty" /dev/null </dev/null >"$T/tty.out" 2>&1
    contains tty-stdin-msg "$T/tty.out" "reading a document from the terminal (end it with Ctrl-D"
else
    skip tty-stdin-msg "no script(1) to give weft a terminal"
fi

# --- a list with a bracket missing is an error, not a silent item ---
printf 'The parcel went to Kvm. Holt on the quay.\n' >"$T/abbr.txt"
for v in '[Kvm., Xyz' '{Kvm., Xyz' 'Kvm., Xyz]'; do
    run "set-list-unclosed $v" 2 $WEFT check -p tokens --set "tokenizer.abbreviations=$v"
    contains "set-list-unclosed-param $v" "$T/err" "parameter 'abbreviations': the list '$v' has no"
    contains "set-list-unclosed-set $v" "$T/err" "(set by --set tokenizer.abbreviations)"
    run "set-list-unclosed-run $v" 2 $WEFT run -p tokens --set "tokenizer.abbreviations=$v" "$T/abbr.txt"
done
contains set-list-unclosed-which "$T/err" "has no opening '['"
run set-list-unclosed-close 2 $WEFT check -p tokens --set 'tokenizer.abbreviations=[Kvm., Xyz'
contains set-list-unclosed-close-msg "$T/err" "the list '[Kvm., Xyz' has no closing ']'"
# the same in a script
printf 'return weft.pipeline { weft.stage "tokenizer" { abbreviations = "[Kvm., Xyz" } }\n' >"$T/open.lua"
run script-list-unclosed 2 $WEFT check "$T/open.lua"
contains script-list-unclosed-msg "$T/err" "has no closing ']'"
# closed, the abbreviation works: one sentence, not two
run set-list-closed 0 $WEFT run -p tokens --set 'tokenizer.abbreviations=[Kvm., Xyz]' "$T/abbr.txt"
pycheck set-list-closed-used "$T/out" 'assert len(docs[0]["layers"]["sentence"]) == 1, docs[0]["layers"]["sentence"]'
# a bracket inside a quoted item is the item's
run set-list-quoted-bracket 0 $WEFT check -p tokens --set "tokenizer.abbreviations=['[Kvm.', Xyz.]"

# --- enumerated values: the nearest choice, else the list ---
run format-typo 2 $WEFT run -p tokens -f txt "$T/trip.txt"
contains format-typo-msg "$T/err" "-f 'txt': expected jsonl|json|text|tsv|conll|html (did you mean 'text'?)"
run format-case 2 $WEFT run -p tokens -f TSV "$T/trip.txt"
contains format-case-msg "$T/err" "(did you mean 'tsv'?)"
run format-far 2 $WEFT run -p tokens -f spreadsheet "$T/trip.txt"
contains format-far-msg "$T/err" "-f 'spreadsheet': expected jsonl|json|text|tsv|conll|html (try \`weft run --help\`)"
run input-typo 2 $WEFT run -p tokens --input jsnol "$T/trip.txt"
contains input-typo-msg "$T/err" "--input 'jsnol': expected auto|text|html|jsonl (did you mean 'jsonl'?)"
run offsets-typo 2 $WEFT run -p tokens --offsets byte "$T/trip.txt"
contains offsets-typo-msg "$T/err" "--offsets 'byte': expected bytes|codepoints|utf16 (did you mean 'bytes'?)"
run test-stage-format-typo 2 $WEFT test-stage "$B/plugins/tokenizer.so" tokenizer --text hi -f jsnl
contains test-stage-format-typo-msg "$T/err" "weft test-stage: -f 'jsnl': expected jsonl|json|text|tsv|conll (did you mean 'jsonl'?)"
run enum-typo 2 $WEFT check -p tokens --set tokenizer.style=ptbb
contains enum-typo-msg "$T/err" "parameter 'style': 'ptbb' is not one of uax29|ptb (did you mean 'ptb'?) (set by --set tokenizer.style)"

# --- parameter errors have one shape: the parameter, what is wrong, where it was set ---
run set-bool-shape 2 $WEFT check -p tokens --set tokenizer.sentences=maybe
contains set-bool-shape-msg "$T/err" "stage 'tokenizer': parameter 'sentences': 'maybe' is not true or false (set by --set tokenizer.sentences)"
run set-enum-shape 2 $WEFT check -p tokens --set tokenizer.style=penn
contains set-enum-shape-msg "$T/err" "stage 'tokenizer': parameter 'style': 'penn' is not one of uax29|ptb (set by --set tokenizer.style)"
lacks set-enum-shape-far "$T/err" "did you mean"
run set-unknown-shape 2 $WEFT check -p tokens --set tokenizer.sentense=false
contains set-unknown-shape-msg "$T/err" "stage 'tokenizer': unknown parameter 'sentense' (did you mean 'sentences'?) (set by --set tokenizer.sentense)"

# --- JSON Lines records: the id first, the column where the line goes wrong ---
{
    printf '{"id":"r1","text":"fine"}\n'
    printf '{"id":"r2","text":"half \\ud83d a pair"}\n'
    printf 'plain words, not a record\n'
    printf '{"id":"r4","text":"closed"} leftovers\n'
    printf '{"id":"r5","text":"cut off\n'
    printf '{"id":"r6"  "text":"no comma"}\n'
    printf '{"id":"r7","text":"caf\303\251"} !\n'
    printf '{"id":"r8","text":"bad \\q escape"}\n'
} >"$T/rough.jsonl"
run jsonl-rough 1 $WEFT run -p tokens -j 1 "$T/rough.jsonl" -o /dev/null
contains jsonl-surrogate-id "$T/err" "r2: $T/rough.jsonl:2: 1 lone surrogate escape (first \\ud83d) read as U+FFFD"
contains jsonl-not-json-col "$T/err" "$T/rough.jsonl:3: column 1: invalid token near 'plain'"
contains jsonl-trailing-col "$T/err" "r4: $T/rough.jsonl:4: column 29: end of line expected near 'leftovers'"
lacks jsonl-no-end-of-file "$T/err" "end of file"
contains jsonl-cut-col "$T/err" "r5: $T/rough.jsonl:5: column 27: the line ends inside a string near '\"cut off'"
contains jsonl-missing-comma-col "$T/err" "r6: $T/rough.jsonl:6: column 13: '}' expected near '\"text\"'"
# columns count characters, as an editor does: é is one
contains jsonl-utf8-col "$T/err" "r7: $T/rough.jsonl:7: column 27: end of line expected near '!'"
contains jsonl-escape-col "$T/err" "r8: $T/rough.jsonl:8: column 25: invalid escape near"
printf '{"id":"r9","text":"never closed"' >"$T/eol.jsonl"
run jsonl-eol 1 $WEFT run -p tokens "$T/eol.jsonl" -o /dev/null
contains jsonl-eol-msg "$T/err" "r9: $T/eol.jsonl:1: column 33: '}' expected at the end of the line"
