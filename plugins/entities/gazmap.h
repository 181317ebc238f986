/*
 * The shipped gazetteer from its prebuilt table file (gazfile.h), for open().
 */
#ifndef ENTITIES_GAZMAP_H
#define ENTITIES_GAZMAP_H

#include "gaz.h"
#include "weft/plugin.h"

/* Point g (initialised, empty) at the table file mapped read-only, when it
 * is there, of this format and built from the very lists the host resolves
 * now; returns 0 then. Else -1, g untouched, the reason logged (info) and
 * the caller builds the table from the lists. */
int gaz_map_lists(const weft_host *h, weft_setup *setup, gaz *g);

#endif
