# entities: PCRE2 for user patterns.
PLUGIN_CFLAGS_entities := $(shell $(PKG_CONFIG) --cflags libpcre2-8)
PLUGIN_LIBS_entities := $(shell $(PKG_CONFIG) --libs libpcre2-8)

# The prebuilt gazetteer (gazfile.h, docs/design-notes.md): the table open()
# would build from the shipped lists, made by pack/gazpack.c with the
# plugin's own loader into the plugin's data folder of the build tree (after
# the .so rule has copied data/ there, hence the .so prerequisite) and
# installed with it. open() maps it when it matches the lists it finds.
PLUGIN_TABLES += $(B)/plugins/entities/gazetteer.weftgaz
GAZPACK_SRC := plugins/entities/pack/gazpack.c plugins/entities/gazfile.c plugins/entities/gaz.c \
    plugins/entities/wordnet.c
$(B)/gen/entities/gazpack: $(GAZPACK_SRC) $(wildcard plugins/entities/*.h) $(WEFT_H) $(UC_TABLE)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(SAN) -Iinclude -I$(B)/gen -Iplugins/entities -o $@ $(GAZPACK_SRC) -lm
$(B)/plugins/entities/gazetteer.weftgaz: $(B)/gen/entities/gazpack $(B)/plugins/entities.so $(wildcard plugins/entities/data/*)
	$(B)/gen/entities/gazpack plugins/entities/data $@
# The WordNet noun table (wordnet.h) in the same format, made by gazpack
# --wordnet from data/wordnet_nouns.tsv and mapped when it matches it.
PLUGIN_TABLES += $(B)/plugins/entities/wordnet_nouns.weftgaz
$(B)/plugins/entities/wordnet_nouns.weftgaz: $(B)/gen/entities/gazpack $(B)/plugins/entities.so plugins/entities/data/wordnet_nouns.tsv
	$(B)/gen/entities/gazpack --wordnet plugins/entities/data/wordnet_nouns.tsv $@

# The word list with case (wordcase.h) as a table file, the same way: made by
# pack/wcpack.c with the plugin's loader, mapped by open() when it matches
# data/wordcase.txt.
PLUGIN_TABLES += $(B)/plugins/entities/wordcase.weftwc
WCPACK_SRC := plugins/entities/pack/wcpack.c plugins/entities/wordcase.c plugins/entities/gaz.c
$(B)/gen/entities/wcpack: $(WCPACK_SRC) $(wildcard plugins/entities/*.h) $(WEFT_H) $(UC_TABLE)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(SAN) -Iinclude -I$(B)/gen -Iplugins/entities -o $@ $(WCPACK_SRC) -lm
$(B)/plugins/entities/wordcase.weftwc: $(B)/gen/entities/wcpack $(B)/plugins/entities.so plugins/entities/data/wordcase.txt
	$(B)/gen/entities/wcpack plugins/entities/data/wordcase.txt $@

# The word list with case (wordcase.h) from SCOWL's American English list as
# Debian's wamerican-huge ships it: `make wordcase` rebuilds the shipped
# data/wordcase.txt (installing the package when missing); the build itself
# only reads the shipped file.
.PHONY: wordcase
wordcase:
	sh scripts/install-deps.sh wamerican-huge
	/usr/bin/python3 plugins/entities/data/derive_wordcase.py /usr/share/dict/american-english-huge \
	    >plugins/entities/data/wordcase.txt.tmp
	mv plugins/entities/data/wordcase.txt.tmp plugins/entities/data/wordcase.txt
	cp /usr/share/doc/wamerican-huge/copyright plugins/entities/data/LICENSE.scowl.txt
