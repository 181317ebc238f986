# tokenizer: the Unicode property table is generated at build time from the
# UCD files in plugins/tokenizer/unicode/ (Unicode 15.1.0).
TOK_UCD := plugins/tokenizer/unicode
PLUGIN_EXTRA_tokenizer := $(B)/gen/tokenizer/uprops_tables.c

$(B)/gen/tokenizer/uprops_tables.c: plugins/tokenizer/gen/gen_tables.py $(TOK_UCD)/WordBreakProperty.txt $(TOK_UCD)/emoji-data.txt
	@mkdir -p $(dir $@)
	python3 plugins/tokenizer/gen/gen_tables.py $(TOK_UCD)/WordBreakProperty.txt $(TOK_UCD)/emoji-data.txt $@.tmp
	@mv $@.tmp $@

# The unit test includes the generated table too.
$(B)/tests/test_tokenizer: $(B)/gen/tokenizer/uprops_tables.c
