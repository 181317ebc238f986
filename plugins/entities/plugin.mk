# entities: PCRE2 for user patterns.
PLUGIN_CFLAGS_entities := $(shell $(PKG_CONFIG) --cflags libpcre2-8)
PLUGIN_LIBS_entities := $(shell $(PKG_CONFIG) --libs libpcre2-8)

# The prebuilt gazetteer (gazfile.h, docs/design-notes.md): the table open()
# would build from the shipped lists, made by pack/gazpack.c with the
# plugin's own loader into the plugin's data folder of the build tree (after
# the .so rule has copied data/ there, hence the .so prerequisite) and
# installed with it. open() maps it when it matches the lists it finds.
PLUGIN_TABLES += $(B)/plugins/entities/gazetteer.weftgaz
GAZPACK_SRC := plugins/entities/pack/gazpack.c plugins/entities/gazfile.c plugins/entities/gaz.c
$(B)/gen/entities/gazpack: $(GAZPACK_SRC) $(wildcard plugins/entities/*.h) $(WEFT_H) $(UC_TABLE)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(SAN) -Iinclude -I$(B)/gen -Iplugins/entities -o $@ $(GAZPACK_SRC) -lm
$(B)/plugins/entities/gazetteer.weftgaz: $(B)/gen/entities/gazpack $(B)/plugins/entities.so $(wildcard plugins/entities/data/*)
	$(B)/gen/entities/gazpack plugins/entities/data $@
