/* select.h - main-content selection over the blocks of an HTML page. */
#ifndef BP_SELECT_H
#define BP_SELECT_H

#include "bp.h"

/* Sets every block's in_main and, for blocks left out, its reason. */
void bp_select(bp_work *w, const bp_conf *c);

#endif
