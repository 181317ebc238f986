/* Output formats: one call per finished document, in input order. The
 * formats, options and functions are public (include/weft/run.h). */
#ifndef WEFT_WRITER_H
#define WEFT_WRITER_H

#include <stdio.h>

#include "doc.h"
#include "outnames.h"
#include "utf8.h"
#include "weft/run.h"

#endif
