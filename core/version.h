/* The weft version, one place for the CLI, the Lua API and pkg-config. */
#ifndef WEFT_VERSION_H
#define WEFT_VERSION_H

#define WEFT_VERSION "0.1.0"

#endif
