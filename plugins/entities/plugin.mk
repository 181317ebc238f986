# entities: PCRE2 for user patterns.
PLUGIN_CFLAGS_entities := $(shell $(PKG_CONFIG) --cflags libpcre2-8)
PLUGIN_LIBS_entities := $(shell $(PKG_CONFIG) --libs libpcre2-8)
