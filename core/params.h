/* Parameter validation: a user's MAP node + a plugin's table -> conf struct. */
#ifndef WEFT_PARAMS_H
#define WEFT_PARAMS_H

#include <stddef.h>

#include "arena.h"
#include "weft/plugin.h"

/* Check every key of user (a MAP node, or NULL) against tab, fill conf
 * (conf_size bytes, zeroed first) with user values and defaults. Strings,
 * lists and trees are copied into a. Relative WEFT_P_PATH values are made
 * absolute against base_dir (NULL = the current directory). On failure
 * returns WEFT_EINVAL and writes one message to err, such as
 *   "unknown parameter 'min_scor' (did you mean 'min_score'?)",
 * and, if bad is not NULL, points *bad at the name of the parameter the
 * message is about (NULL when it is about the table as a whole), so that a
 * caller can say where that value came from. */
int weft_params_apply(const weft_param *tab, size_t conf_size, const weft_node *user, void *conf,
                      weft_arena *a, const char *base_dir, const char **bad, char *err,
                      size_t errsz);

/* Turn text (a default, or a --set value) into a node of the parameter's
 * type: "true"/"false", numbers, "a,b,c" lists, enum names. */
int weft_params_from_text(const weft_param *p, const char *text, weft_arena *a, weft_node **out,
                          char *err, size_t errsz);

/* The value of parameter p that weft_params_apply stored in conf, as a
 * node of a (an enum as its choice's name, a path as made absolute, a list
 * as a LIST of strings); NULL when out of memory. */
weft_node *weft_params_to_node(const weft_param *p, const void *conf, weft_arena *a);

/* Check a plugin's table itself: names, types, offsets inside conf_size,
 * defaults that parse. Used by the loader. */
int weft_params_check_table(const weft_param *tab, size_t conf_size, char *err, size_t errsz);

const char *weft_ptype_name(weft_ptype t);
/* What to say after "unknown parameter 'word'" of a stage whose table is
 * tab, into out: " (did you mean 'x'?)", else the names to pick from
 * (" (its parameters: a, b)"), or " (this stage takes none)". */
const char *weft_params_unknown_hint(const weft_param *tab, const char *word, char *out,
                                     size_t outsz);
/* The closest of candidates to word (edit distance <= 2 or a prefix),
 * NULL if none is close. */
const char *weft_did_you_mean(const char *word, const char *const *candidates, size_t n);

#endif
