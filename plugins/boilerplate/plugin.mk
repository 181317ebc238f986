# libxml2 for the HTML parser.
PLUGIN_CFLAGS_boilerplate := $(shell $(PKG_CONFIG) --cflags libxml-2.0)
PLUGIN_LIBS_boilerplate := $(shell $(PKG_CONFIG) --libs libxml-2.0)
