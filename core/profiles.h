/* Where profiles (pipeline scripts run by name) are looked for. */
#ifndef WEFT_PROFILES_H
#define WEFT_PROFILES_H

#include <stddef.h>

/* In order: extra (colon-separated), $XDG_CONFIG_HOME/weft/profiles
 * (~/.config/weft/profiles), then base/../scripts/profiles (the build tree)
 * and base/../share/weft/profiles (an installation), base being the folder
 * of the weft binary or of libweft. Returns how many were written. */
size_t weft_profile_dirs(const char *base, const char *extra, char dirs[][4096], size_t max);
/* The path of profile name (not a path) in those folders; 0 when found. */
int weft_find_profile(const char *base, const char *name, const char *extra, char *out,
                      size_t outsz);

/* The profile in dirs[0..n) whose name is closest to name (a typo of it),
 * into out; 0 when one is close enough, -1 otherwise. */
int weft_find_profile_near(const char *const *dirs, size_t n, const char *name, char *out,
                           size_t outsz);

#endif
