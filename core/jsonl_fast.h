/*
 * The common JSON Lines record read without building a JSON tree: a flat
 * object whose values are all strings of ASCII (escapes allowed). Issue
 * #17 found jansson's parse a quarter of a short-text run's time. Every
 * other record (numbers, nested values, non-ASCII bytes, anything
 * malformed) is left to jansson, which also writes the error messages,
 * so what is accepted here reads exactly as jansson would read it.
 */
#ifndef WEFT_JSONL_FAST_H
#define WEFT_JSONL_FAST_H

#include <stddef.h>

typedef struct weft_jsonl_scratch {
    char *buf; /* decoded strings; reused */
    size_t cap;
} weft_jsonl_scratch;

/* 1: s[0..len) is such a record with a text_field; *text and *tlen are its
 * value and *id the id_field's (NULL when absent), both NUL-terminated in
 * sc. 0: use the full parser (also when out of memory). */
int weft_jsonl_flat(const char *s, size_t len, const char *id_field, const char *text_field,
                    weft_jsonl_scratch *sc, const char **id, const char **text, size_t *tlen);

/* The id of a record that failed to parse, read from its start the way
 * weft_jsonl_flat reads a record: the pairs before the first thing that is
 * not a string, number, true, false or null value, up to an id_field whose
 * value is a string of UTF-8 without NUL ("{"id":"a7","text":"cut off").
 * 1 with *id NUL-terminated in sc; 0 when no such id leads the record. A
 * broken record so keeps its own id where it still says it. */
int weft_jsonl_lead_id(const char *s, size_t len, const char *id_field, weft_jsonl_scratch *sc,
                       const char **id);

#endif
