/*
 * A weft value pushed onto a Lua stack: shared by the inline-stage document
 * API (lua_doc.c) and the Lua module (luamod/weft_module.c), so both show a
 * script the same types. Header-only because the module is built apart from
 * libweft and reaches it only through the public API (weft_name).
 */
#ifndef WEFT_LUA_VALUE_H
#define WEFT_LUA_VALUE_H

#include <lua.h>

#include "weft/weft.h"

/* nil for no value, an unknown type or a name the document does not know. */
static inline void weft_lua_push_value(lua_State *L, const weft_doc *d, const weft_value *v) {
    switch (v ? v->type : WEFT_V_NONE) {
    case WEFT_V_BOOL:
        lua_pushboolean(L, v->u.b);
        break;
    case WEFT_V_INT:
        lua_pushinteger(L, (lua_Integer)v->u.i);
        break;
    case WEFT_V_NUM:
        lua_pushnumber(L, (lua_Number)v->u.d);
        break;
    case WEFT_V_STR:
        lua_pushlstring(L, v->u.str ? v->u.str : "", v->len);
        break;
    case WEFT_V_SYM: {
        const char *s = weft_name(d, v->u.sym);
        if (s)
            lua_pushstring(L, s);
        else
            lua_pushnil(L);
        break;
    }
    default:
        lua_pushnil(L);
    }
}

#endif
