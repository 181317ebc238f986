# weft - build, test, demo. `make help` lists the targets.

CC       ?= cc
PKGS     := lua5.4 libpcre2-8 libxml-2.0 jansson zlib
PKG_CONFIG ?= pkg-config
WERROR   ?= -Werror
OPT      ?= -O2 -g
CSTD     := -std=c11 -Wall -Wextra -Wpedantic $(WERROR) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
SAN      ?=
CFLAGS   += $(CSTD) $(OPT) $(SAN) -Iinclude -Icore -fPIC
DEPCFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEPLIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -ldl -lpthread -lm
CMOCKA    = $(shell $(PKG_CONFIG) --cflags --libs cmocka 2>/dev/null)
# Plugins see only include/weft/plugin.h and export only their entry point.
PLUGIN_CFLAGS = $(CSTD) $(OPT) $(SAN) -Iinclude -fPIC -fvisibility=hidden -shared

B        := build
# Public headers: plugin.h and the header-only helpers plugins may use.
WEFT_H   := $(wildcard include/weft/*.h)
CORE_SRC := $(wildcard core/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(B)/%.o)
CLI_SRC  := $(wildcard core/cli/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FIXT_SRC := $(wildcard tests/plugins/*.c)
FIXT_SO  := $(FIXT_SRC:tests/plugins/%.c=$(B)/tests/plugins/%.so)
PLUG_NAMES := $(notdir $(patsubst %/,%,$(wildcard plugins/*/)))
PLUG_SO  := $(PLUG_NAMES:%=$(B)/plugins/%.so)
EX_SO    := $(B)/examples/wordlen.so
# The header-only helpers plugins use (weft/utf8.h, weft/unicode.h) and the
# Unicode table generated from the UCD files pinned in data/unicode/.
UC_TABLE := $(B)/gen/weft/unicode_table.h
HELPER_H := include/weft/utf8.h include/weft/unicode.h $(UC_TABLE)

VERSION  := $(shell sed -n 's/^\#define WEFT_VERSION "\(.*\)"/\1/p' core/version.h)
SONAME   := libweft.so.0
PREFIX   ?= /usr/local
DESTDIR  ?=

.PHONY: all deps test unit e2e asan valgrind demo bench clean format help install uninstall train-sentences
all: $(B)/weft $(B)/libweft.so $(B)/lua/weft.so $(PLUG_SO) $(EX_SO)

help:
	@echo "make           build weft, libweft, the Lua module, the plugins and the example plugin"
	@echo "make demo      install missing packages, build, run the bundled example"
	@echo "make docs-screenshot  docs/report.png: the example's -f html report in headless Chromium"
	@echo "make test      install missing packages, build, run every test"
	@echo "make install   install into PREFIX (default /usr/local; DESTDIR=... for packaging)"
	@echo "make uninstall remove what make install installed (same PREFIX and DESTDIR)"
	@echo "make asan      the test suite under AddressSanitizer and UBSan"
	@echo "make valgrind  the end-to-end tests under valgrind memcheck"
	@echo "make bench     benchmarks, printed as ratios against peers"
	@echo "make train-sentences  relearn the tokenizer's sentence model from UD EWT dev"
	@echo "make format    clang-format every C file"
	@echo "make train-boilerplate  retrain the plain-text line classifier from the dev sets"
	@echo "make python    the Python module (import weft) in build/python; make python-valgrind"
	@echo "make train-entities  retrain the entity tagger's model from CoNLL-2003 train"
	@echo "make wordnet-table  remake the tagger's WordNet noun table (installs wordnet-base)"
	@echo "make fuzz      libFuzzer targets, FUZZ_SECONDS each (clang; make fuzz-smoke: a short run)"
	@echo "make clean     remove build, build-asan"

# Installs the Debian packages the build needs (only those missing).
deps:
	@sh scripts/install-deps.sh

# Headless Chromium, for the test that loads a -f html report in a browser
# (tests/e2e/test_html_report.sh) and for make docs-screenshot; weft never
# needs it.
.PHONY: deps-browser docs-screenshot
deps-browser:
	@sh scripts/install-deps.sh chromium

# docs/report.png, the README's picture of -f html: make demo's example
# through the news profile, rendered by headless Chromium.
docs-screenshot: deps-browser all
	@mkdir -p $(B)/screenshot
	$(B)/weft run -p news -f html --show-removed examples/news/ -o $(B)/screenshot/report.html
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
	    --user-data-dir=$(B)/screenshot/chrome --window-size=1200,900 \
	    --screenshot=$(CURDIR)/docs/report.png file://$(CURDIR)/$(B)/screenshot/report.html

$(UC_TABLE): scripts/gen_unicode.py $(wildcard data/unicode/*.txt)
	@mkdir -p $(dir $@)
	python3 scripts/gen_unicode.py data/unicode $@.tmp
	@mv $@.tmp $@

$(B)/core/%.o: core/%.c $(wildcard core/*.h) $(WEFT_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPCFLAGS) -c $< -o $@

# The command is a client of the public API: it sees include/weft/ and its
# own headers, not core/ (an #include of a core header fails to compile).
$(B)/core/cli/%.o: core/cli/%.c $(wildcard core/cli/*.h include/weft/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -Icore,$(CFLAGS)) $(DEPCFLAGS) -c $< -o $@

$(B)/libweft.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libweft.so: $(CORE_OBJ)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -o $@ $^ $(DEPLIBS)
	@ln -sf libweft.so $(B)/$(SONAME)

# The Lua module (require "weft"), on libweft.so; found next to it at run
# time ($ORIGIN/.. in the build tree, PREFIX/lib once installed).
$(B)/lua/weft.so: core/luamod/weft_module.c core/lua_value.h include/weft/weft.h include/weft/plugin.h $(B)/libweft.so
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(SAN) -Iinclude $(shell $(PKG_CONFIG) --cflags lua5.4) -fPIC -shared \
	    -fvisibility=hidden -o $@ $< -L$(B) -lweft -Wl,-rpath,'$$ORIGIN/..:$$ORIGIN/../..'

# Cflags name weft's own headers only (a plugin needs nothing else; the public
# headers include no Lua or libxml2 header); the libraries libweft.a needs
# are in Libs.private (`pkg-config --static --libs weft`), not in
# Requires.private, whose packages' Cflags pkg-config would add too.
$(B)/weft.pc: FORCE
	@printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$${prefix}/include' 'libdir=$${prefix}/lib' \
	    'plugindir=$${libdir}/weft/plugins' '' 'Name: weft' \
	    'Description: text-processing pipelines of C plugins driven by Lua scripts' \
	    'Version: $(VERSION)' 'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lweft' \
	    'Libs.private: $(DEPLIBS)' >$@

$(B)/weft: $(CLI_OBJ) $(B)/libweft.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(B)/libweft.a $(DEPLIBS)

# Shared objects are linked to NAME.so.tmp and renamed, so a weft running
# meanwhile never loads a half-written file.
# A shipped plugin is plugins/NAME/*.c, built into $(B)/plugins/NAME.so, with
# plugins/NAME/data/ copied to $(B)/plugins/NAME/ (where the plugin finds it
# through host->resolve_path). An optional plugins/NAME/plugin.mk may add
# generated sources to PLUGIN_EXTRA_NAME, compiler flags to PLUGIN_CFLAGS_NAME
# and libraries to PLUGIN_LIBS_NAME.
-include $(wildcard plugins/*/plugin.mk)
# Tables a plugin.mk prebuilds into its data folder (PLUGIN_TABLES) are part of all.
all: $(PLUGIN_TABLES)
.SECONDEXPANSION:
$(B)/plugins/%.so: $$(wildcard plugins/$$*/*.c plugins/$$*/*.h plugins/$$*/data/*) $$(PLUGIN_EXTRA_$$*) $(WEFT_H) $(UC_TABLE)
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) $(PLUGIN_CFLAGS_$*) -Iplugins/$* -I$(B)/gen/$* -I$(B)/gen -o $@.tmp $(filter %.c,$^) $(PLUGIN_LIBS_$*) -lm
	@mv -f $@.tmp $@
	@rm -rf $(B)/plugins/$*
	@if [ -d plugins/$*/data ]; then cp -r plugins/$*/data $(B)/plugins/$*; fi

$(EX_SO): examples/plugins/wordlen.c include/weft/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -o $@ $<

$(B)/tests/plugins/%.so: tests/plugins/%.c $(WEFT_H)
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -Wno-unused-parameter -o $@ $< $(if $(findstring undefined_sym,$@),-Wl$(comma)--unresolved-symbols=ignore-all,)

comma := ,

# Unit tests may include a plugin's sources to test its internals.
$(B)/tests/test_%: tests/unit/test_%.c $(wildcard tests/unit/*.h) $(B)/libweft.a $(wildcard plugins/*/*.c plugins/*/*.h) $(WEFT_H) $(UC_TABLE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPCFLAGS) -Itests -Iplugins -I$(B)/gen -o $@ $< $(B)/libweft.a $(CMOCKA) $(DEPLIBS)

unit: $(UNIT_BIN) $(FIXT_SO)
e2e: all $(FIXT_SO)

test: deps deps-python deps-browser
	@$(MAKE) --no-print-directory all unit e2e python
	@sh tests/run.sh $(B)

asan: deps
	@$(MAKE) --no-print-directory B=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" all unit e2e
	@WEFT_SANITIZED=1 ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    sh tests/run.sh build-asan

valgrind: deps all e2e
	@WEFT_SANITIZED=1 WEFT_VALGRIND=1 sh tests/run.sh $(B) e2e

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(B)

$(B)/bench/%: bench/%.c $(B)/libweft.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPCFLAGS) -o $@ $< $(B)/libweft.a $(DEPLIBS)

# The tokenizer's sentence boundary model, learnt from UD English-EWT dev
# (CC BY-SA 4.0, so the weights are too): deterministic, same file every run.
# The trainer compiles the plugin's sources in, so it learns on what runs.
SENT_GOLD  ?= ../shared/data/tokenizer/ud-ewt/en_ewt-dev.jsonl
SENT_MODEL := plugins/tokenizer/data/sentence-model.txt
$(B)/bench/tokenizer/train_sentences: bench/tokenizer/train_sentences.c $(B)/libweft.a $(wildcard plugins/tokenizer/*.c plugins/tokenizer/*.h) $(WEFT_H) $(UC_TABLE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPCFLAGS) -Iplugins -I$(B)/gen -o $@ $< $(B)/libweft.a $(DEPLIBS)

train-sentences: $(B)/bench/tokenizer/train_sentences
	$(B)/bench/tokenizer/train_sentences -o $(SENT_MODEL) $(SENT_GOLD)

bench: deps deps-python
	@$(MAKE) --no-print-directory all $(FIXT_SO) $(B)/bench/core_overhead $(PY_PKG)/.built
	@sh bench/run.sh $(B)

# The boilerplate plugin's plain-text line classifier, trained on the dev
# renderings (../shared/data/boilerplate): labels.py writes the content texts
# (AEB truth; weft's HTML path plus snippets for trafilatura-eval), then the
# trainer, built from the plugin's own sources, writes the model file.
# TRAIN_ARGS="--half A" or "--exclude-renderer lynx" trains on less, and
# BP_MODEL=PATH writes elsewhere (then --set boilerplate.plain_model=PATH).
BP_DEV   ?= ../shared/data/boilerplate
BP_MODEL ?= plugins/boilerplate/data/plain-model.txt
.PHONY: train-boilerplate
train-boilerplate: all $(B)/train_plain
	python3 plugins/boilerplate/train/labels.py $(B)/weft $(BP_DEV) $(B)/train-boilerplate
	$(B)/train_plain --data $(BP_DEV)/dev --labels $(B)/train-boilerplate \
	    --stop plugins/boilerplate/data --out $(BP_MODEL) $(TRAIN_ARGS)
$(B)/train_plain: plugins/boilerplate/train/train_plain.c $(wildcard plugins/boilerplate/*.c plugins/boilerplate/*.h) $(WEFT_H) $(UC_TABLE)
	$(CC) $(CSTD) $(OPT) $(SAN) -Iinclude -I$(B)/gen -Iplugins/boilerplate $(PLUGIN_CFLAGS_boilerplate) \
	    -o $@ $< $(PLUGIN_LIBS_boilerplate) -lm

# The entities stage's statistical tagger (weft train entities), learnt from
# CoNLL-2003 train with early stopping on CoNLL-2003 dev (../shared/data/entities,
# never committed): deterministic, the same bytes every run for a seed. Three
# runs (seeds 1-3) whose weights are averaged (--runs 3): about three times
# the time of one.
# ENT_MODEL=PATH writes elsewhere; ENT_TRAIN_ARGS adds options (--epochs 8).
ENT_DATA  ?= ../shared/data/entities
ENT_MODEL ?= plugins/entities/data/ner-conll2003.model
# The entity tagger's WordNet noun table (plugins/entities/data/wordnet_nouns.tsv,
# shipped: the build does not need WordNet), remade from Debian's wordnet-base
# (installed if missing). Retrain the model after it changes (make train-entities).
.PHONY: wordnet-table
wordnet-table:
	@sh scripts/install-deps.sh wordnet-base
	$(PYTHON) plugins/entities/data/derive_wordnet.py /usr/share/wordnet >plugins/entities/data/wordnet_nouns.tsv.tmp
	mv plugins/entities/data/wordnet_nouns.tsv.tmp plugins/entities/data/wordnet_nouns.tsv

.PHONY: train-entities
train-entities: all
	$(B)/weft train entities --data $(ENT_DATA)/train/conll2003.train.conll \
	    --dev $(ENT_DATA)/dev/conll2003.dev.conll -o $(ENT_MODEL) --seed 1 --runs 3 --epochs 30 --patience 4 --bits 18 --beam 4 \
	    --meta 'licence=weights learnt from CoNLL-2003 eng.train (Reuters RCV1 text, research use); see entities/SOURCES.md' \
	    --meta 'provenance=make train-entities (davidsbatista/NER-datasets @ dcb6c7439a7de43abc2448bad5b1d81a47f26c0d)' \
	    $(ENT_TRAIN_ARGS)

# Installs exactly what uninstall removes; an installed weft finds its
# plugins (PREFIX/lib/weft/plugins), their data (PREFIX/share/weft/NAME: the
# build tree's copy, with the tables made at build time) and
# profiles (PREFIX/share/weft/profiles) relative to its own binary.
INSTALL_FILES = bin/weft lib/libweft.a lib/libweft.so lib/$(SONAME) lib/libweft.so.$(VERSION) \
    $(WEFT_H) include/weft/unicode_table.h lib/pkgconfig/weft.pc share/man/man1/weft.1 \
    share/man/man7/weft-plugin.7 \
    share/bash-completion/completions/weft lib/lua/5.4/weft.so \
    share/weft/LICENSE share/weft/NOTICE \
    $(PLUG_NAMES:%=lib/weft/plugins/%.so) \
    $(patsubst scripts/profiles/%,share/weft/profiles/%,$(wildcard scripts/profiles/*.lua))

install: all $(B)/weft.pc $(UC_TABLE)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/weft \
	    $(DESTDIR)$(PREFIX)/lib/weft/plugins $(DESTDIR)$(PREFIX)/share/weft/profiles \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(B)/weft $(DESTDIR)$(PREFIX)/bin/weft
	install -m 644 $(B)/libweft.a $(DESTDIR)$(PREFIX)/lib/libweft.a
	install -m 755 $(B)/libweft.so $(DESTDIR)$(PREFIX)/lib/libweft.so.$(VERSION)
	ln -sf libweft.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libweft.so
	install -m 644 $(WEFT_H) $(UC_TABLE) $(DESTDIR)$(PREFIX)/include/weft/
	install -m 644 $(B)/weft.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/weft.pc
	install -m 644 docs/weft.1 $(DESTDIR)$(PREFIX)/share/man/man1/weft.1
	install -d $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 644 docs/weft-plugin.7 $(DESTDIR)$(PREFIX)/share/man/man7/weft-plugin.7
	install -d $(DESTDIR)$(PREFIX)/lib/lua/5.4
	install -m 755 $(B)/lua/weft.so $(DESTDIR)$(PREFIX)/lib/lua/5.4/weft.so
	install -m 644 scripts/completion/weft.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/weft
	install -m 644 scripts/profiles/*.lua $(DESTDIR)$(PREFIX)/share/weft/profiles/
	install -m 644 LICENSE NOTICE $(DESTDIR)$(PREFIX)/share/weft/
	@if [ -x $(PYTHON) ] && [ -f "$(PY_INC)/Python.h" ]; then \
	    $(MAKE) --no-print-directory python-install; \
	else echo "weft: no python3-dev: the Python module is not installed (make deps-python first)"; fi
	for n in $(PLUG_NAMES); do \
	    install -m 755 $(B)/plugins/$$n.so $(DESTDIR)$(PREFIX)/lib/weft/plugins/$$n.so || exit 1; \
	    if [ -d $(B)/plugins/$$n ]; then \
	        rm -rf $(DESTDIR)$(PREFIX)/share/weft/$$n; \
	        cp -r $(B)/plugins/$$n $(DESTDIR)$(PREFIX)/share/weft/$$n || exit 1; \
	        chmod -R u=rwX,go=rX $(DESTDIR)$(PREFIX)/share/weft/$$n; \
	    fi; \
	done
	@# A prefix the dynamic loader searches needs its cache refreshed before a
	@# program linked with -lweft finds libweft.so.0; only for a real install
	@# by root (not DESTDIR staging). Other prefixes: see README, Embedding.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null 2>&1 && \
	    ldconfig -v -N 2>/dev/null | grep -q "^$(PREFIX)/lib:"; then \
	    echo "ldconfig"; ldconfig; \
	elif [ -z "$(DESTDIR)" ]; then \
	    echo "note: $(PREFIX)/lib is not searched by the dynamic loader: link programs with" \
	        "-Wl,-rpath,$(PREFIX)/lib or set LD_LIBRARY_PATH=$(PREFIX)/lib"; \
	fi
	@if [ -z "$(DESTDIR)" ] && ! pkg-config --variable=pc_path pkg-config 2>/dev/null | tr : '\n' | grep -qx "$(PREFIX)/lib/pkgconfig"; then \
	    echo "note: for pkg-config weft (plugins, embedding), set PKG_CONFIG_PATH=$(PREFIX)/lib/pkgconfig"; \
	fi
	@# Lua finds require "weft" in its own search path only (/usr/local is in it).
	@if [ -z "$(DESTDIR)" ] && ! lua5.4 -e 'package.cpath = package.cpath; local p = package.searchpath("weft", package.cpath); os.exit(p == "$(PREFIX)/lib/lua/5.4/weft.so" and 0 or 1)' 2>/dev/null; then \
	    echo "note: for require \"weft\" in Lua, set LUA_CPATH='$(PREFIX)/lib/lua/5.4/?.so;;'"; \
	fi

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALL_FILES))
	@if [ -x $(PYTHON) ]; then rm -rf $(DESTDIR)$(PY_SITE)/weft; \
	    rmdir -p $(DESTDIR)$(PY_SITE) 2>/dev/null || :; fi
	for n in $(PLUG_NAMES); do rm -rf $(DESTDIR)$(PREFIX)/share/weft/$$n; done
	-rmdir $(DESTDIR)$(PREFIX)/lib/weft/plugins $(DESTDIR)$(PREFIX)/lib/weft \
	    $(DESTDIR)$(PREFIX)/lib/lua/5.4 $(DESTDIR)$(PREFIX)/lib/lua \
	    $(DESTDIR)$(PREFIX)/share/weft/profiles $(DESTDIR)$(PREFIX)/share/weft \
	    $(DESTDIR)$(PREFIX)/include/weft 2>/dev/null

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan

# --- Fuzzing (issue 8): libFuzzer targets tests/fuzz/fuzz_*.c, built with
# clang into build-fuzz/ together with libweft.a and the plugins, all under
# ASan+UBSan and coverage. `make fuzz` runs each target FUZZ_SECONDS,
# `make fuzz-smoke` FUZZ_SMOKE_SECONDS from the fixed seed FUZZ_SEED; both
# replay tests/fuzz/regressions/ first. See tests/fuzz/README.md.
FUZZ_B       := build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 15
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
.PHONY: fuzz fuzz-smoke fuzz-build
fuzz-build:
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=$(FUZZ_CC) OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" $(FUZZ_B)/libweft.a \
	    $(PLUG_NAMES:%=$(FUZZ_B)/plugins/%.so) $(FUZZ_NAMES:%=$(FUZZ_B)/fuzz/fuzz_%)
$(FUZZ_B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_B)/libweft.a $(wildcard plugins/*/*.c plugins/*/*.h) $(HELPER_H) $(WEFT_H)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS) -fsanitize=fuzzer $(DEPCFLAGS) -I$(FUZZ_B)/gen -o $@ $< $(FUZZ_B)/libweft.a $(DEPLIBS)
fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_B) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-smoke: fuzz-build
	@FUZZ_SEED=$${FUZZ_SEED:-1} FUZZ_JOBS=$${FUZZ_JOBS:-$$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)} sh tests/fuzz/run.sh $(FUZZ_B) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

# --- Python (issue 18): `import weft`, a CPython extension over libweft.so
# built against Debian's python3-dev (make deps-python installs it; make
# test and make python run that, the core never needs it). build/python is
# the package folder (PYTHONPATH=build/python); make install puts it in
# PY_SITE, the site-packages folder under PREFIX (see scripts/python-site.py).
PYTHON   ?= /usr/bin/python3
PY_EXT    = $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
PY_INC    = $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("include"))')
PY_SITE  ?= $(shell $(PYTHON) scripts/python-site.py $(PREFIX))
PY_PKG   := $(B)/python/weft
PY_FILES := $(wildcard python/weft/*.py python/weft/*.pyi python/weft/py.typed)
.PHONY: python deps-python python-install python-valgrind
deps-python:
	@sh scripts/install-deps.sh python3-dev python3-setuptools python3-pip python3-venv \
	    python3-dask python3-distributed
# Prerequisites, not a sub-make: `make -j2 all python` must not build the
# plugins twice at once (both would write the same .so.tmp).
python: $(B)/libweft.so $(PLUG_SO) $(PY_PKG)/.built
# The extension finds libweft.so through its rpath: build/ from
# build/python/weft, PREFIX/lib from PREFIX/lib/pythonX.Y/site-packages/weft.
$(PY_PKG)/.built: python/weft/_weft.c $(PY_FILES) $(WEFT_H) $(B)/libweft.so | deps-python
	@mkdir -p $(PY_PKG)
	$(CC) $(CSTD) $(OPT) $(SAN) -Iinclude -I$(PY_INC) -fPIC -shared -fvisibility=hidden \
	    -o $(PY_PKG)/_weft$(PY_EXT).tmp python/weft/_weft.c -L$(B) -lweft -lpthread \
	    -Wl,-rpath,'$$ORIGIN/../..:$$ORIGIN/../../..'
	@mv -f $(PY_PKG)/_weft$(PY_EXT).tmp $(PY_PKG)/_weft$(PY_EXT)
	cp $(PY_FILES) $(PY_PKG)/
	@touch $@
python-install: $(PY_PKG)/.built
	install -d $(DESTDIR)$(PY_SITE)/weft
	install -m 755 $(PY_PKG)/_weft$(PY_EXT) $(DESTDIR)$(PY_SITE)/weft/
	install -m 644 $(PY_FILES) $(DESTDIR)$(PY_SITE)/weft/
	@if [ -z "$(DESTDIR)" ] && ! $(PYTHON) -c 'import sys; sys.exit(0 if "$(PY_SITE)" in sys.path else 1)' 2>/dev/null; then \
	    echo "note: for import weft in Python, set PYTHONPATH=$(PY_SITE)"; \
	fi
# The Python tests under valgrind memcheck (about a minute; test_weft.py:
# the Dask tests run their work in other processes): no invalid
# access and no definite leak anywhere in the process, CPython included
# (PYTHONMALLOC=malloc shows its objects to valgrind, so a reference the
# extension forgets to drop is a lost block too). Needs valgrind.
python-valgrind: python
	@PYTHONPATH=$(B)/python PYTHONMALLOC=malloc valgrind -q --error-exitcode=99 \
	    --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	    $(PYTHON) -m unittest discover -s python/tests -p test_weft.py

FORCE:
