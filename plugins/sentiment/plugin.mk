# sentiment: Unicode tables generated from the build machine's Python (the
# reference VADER's str semantics), and the float rules of VADER_SPEC.md §11:
# no FMA contraction, so x*x + 15 and v + s round exactly as in Python.
PLUGIN_EXTRA_sentiment = $(B)/gen/sentiment/unicode_tables.c
PLUGIN_CFLAGS_sentiment = -ffp-contract=off -fno-fast-math

$(B)/gen/sentiment/unicode_tables.c: plugins/sentiment/gen/unicode_tables.py
	@mkdir -p $(dir $@)
	python3 $< >$@.tmp && mv $@.tmp $@

# The unit test compiles the plugin's sources itself.
$(B)/tests/test_sentiment $(B)/tests/test_sentiment_stage: $(B)/gen/sentiment/unicode_tables.c
$(B)/tests/test_sentiment $(B)/tests/test_sentiment_stage: CFLAGS += -ffp-contract=off -fno-fast-math
