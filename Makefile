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

.PHONY: all deps test unit e2e asan valgrind demo bench clean format help
all: $(B)/weft $(PLUG_SO) $(EX_SO)

help:
	@echo "make demo      install missing packages, build, run the bundled example"
	@echo "make test      install missing packages, build, run every test"
	@echo "make asan      the test suite under AddressSanitizer and UBSan"
	@echo "make valgrind  the end-to-end tests under valgrind memcheck"
	@echo "make bench     benchmarks, printed as ratios against peers"
	@echo "make format    clang-format every C file"

# Installs the Debian packages the build needs (only those missing).
deps:
	@sh scripts/install-deps.sh

$(B)/core/%.o: core/%.c $(wildcard core/*.h) include/weft/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPCFLAGS) -c $< -o $@

$(B)/core/cli/%.o: core/cli/%.c $(wildcard core/*.h core/cli/*.h) include/weft/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPCFLAGS) -c $< -o $@

$(B)/libweft.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

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
.SECONDEXPANSION:
$(B)/plugins/%.so: $$(wildcard plugins/%/*.c plugins/%/*.h plugins/%/data/*) $$(PLUGIN_EXTRA_$$*) include/weft/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) $(PLUGIN_CFLAGS_$*) -Iplugins/$* -I$(B)/gen/$* -o $@.tmp $(filter %.c,$^) $(PLUGIN_LIBS_$*) -lm
	@mv -f $@.tmp $@
	@rm -rf $(B)/plugins/$*
	@if [ -d plugins/$*/data ]; then cp -r plugins/$*/data $(B)/plugins/$*; fi

$(EX_SO): examples/plugins/wordlen.c include/weft/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -o $@ $<

$(B)/tests/plugins/%.so: tests/plugins/%.c include/weft/plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(PLUGIN_CFLAGS) -Wno-unused-parameter -o $@ $< $(if $(findstring undefined_sym,$@),-Wl$(comma)--unresolved-symbols=ignore-all,)

comma := ,

# Unit tests may include a plugin's sources to test its internals.
$(B)/tests/test_%: tests/unit/test_%.c $(B)/libweft.a $(wildcard plugins/*/*.c plugins/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPCFLAGS) -Itests -Iplugins -I$(B)/gen -o $@ $< $(B)/libweft.a $(CMOCKA) $(DEPLIBS)

unit: $(UNIT_BIN) $(FIXT_SO)
e2e: all $(FIXT_SO)

test: deps
	@$(MAKE) --no-print-directory all unit e2e
	@sh tests/run.sh $(B)

asan: deps
	@$(MAKE) --no-print-directory B=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" all unit e2e
	@ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    sh tests/run.sh build-asan

valgrind: deps all e2e
	@WEFT_VALGRIND=1 sh tests/run.sh $(B) e2e

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(B)

$(B)/bench/%: bench/%.c $(B)/libweft.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPCFLAGS) -o $@ $< $(B)/libweft.a $(DEPLIBS)

bench: deps
	@$(MAKE) --no-print-directory all $(FIXT_SO) $(B)/bench/core_overhead
	@sh bench/run.sh $(B)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan
