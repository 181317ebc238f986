# libxml2 for the HTML parser.
PLUGIN_CFLAGS_boilerplate := $(shell $(PKG_CONFIG) --cflags libxml-2.0)
PLUGIN_LIBS_boilerplate := $(shell $(PKG_CONFIG) --libs libxml-2.0)

# The prebuilt stop lists (stopfile.c, docs/design-notes.md): the tables
# open() would build from the shipped lists, made by pack/stoppack.c with the
# plugin's own loader into the plugin's data folder of the build tree (after
# the .so rule has copied data/ there) and installed with it. open() maps
# them when they match the lists it finds.
PLUGIN_TABLES += $(B)/plugins/boilerplate/stoplists.weftstp
$(B)/gen/boilerplate/stoppack: plugins/boilerplate/pack/stoppack.c $(wildcard plugins/boilerplate/*.c plugins/boilerplate/*.h plugins/boilerplate/*.inc) $(WEFT_H) $(UC_TABLE)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(SAN) -Iinclude -I$(B)/gen -Iplugins/boilerplate $(PLUGIN_CFLAGS_boilerplate) -o $@ $< $(PLUGIN_LIBS_boilerplate) -lm
$(B)/plugins/boilerplate/stoplists.weftstp: $(B)/gen/boilerplate/stoppack $(B)/plugins/boilerplate.so $(wildcard plugins/boilerplate/data/*)
	$(B)/gen/boilerplate/stoppack plugins/boilerplate/data $@

# The plain-text path is bound by instructions (bench/boilerplate/bp_bench
# --text under callgrind): -O3 where the build asks for -O2 (the default)
# takes about 4 % of them (more inlining and unrolling in the line pass and
# the scorer; no float is reordered: no -ffast-math). A debug build's -O0 or
# -Og is left as it is.
PLUGIN_CFLAGS_boilerplate += $(if $(filter -O2,$(OPT)),-O3)
