# sentiment: the float rules of VADER_SPEC.md §11: no FMA contraction, so
# x*x + 15 and v + s round exactly as in Python. (Its Unicode is the shared
# table of weft/unicode.h, seen as Python 3.11 sees it: see ucd.h.)
PLUGIN_CFLAGS_sentiment = -ffp-contract=off -fno-fast-math

# The unit tests compile the plugin's sources themselves.
$(B)/tests/test_sentiment $(B)/tests/test_sentiment_stage $(B)/tests/test_sentiment_ucd: CFLAGS += -ffp-contract=off -fno-fast-math
