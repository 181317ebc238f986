/* The weft version, one place for the CLI, the Lua API and pkg-config. */
#ifndef WEFT_VERSION_H
#define WEFT_VERSION_H

#define WEFT_VERSION "0.1.0"
/* Version of the Lua-side API (the weft table and the doc userdata), also
 * given to the Lua module through weft_lua_api_version(). */
#define WEFT_LUA_API_VERSION 1

#endif
