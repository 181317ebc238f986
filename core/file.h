/* Reading a whole file or stream into memory: the one loop behind input
 * documents, scripts and plugin data files. */
#ifndef WEFT_FILE_H
#define WEFT_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* A source of bytes: how many were read into buf (at most n; 0 at the end),
 * or -1 with errno set (EILSEQ for corrupt compressed data). */
typedef ssize_t (*weft_read_fn)(void *ctx, void *buf, size_t n);

/* read(2) on the int that ctx points to, retried on EINTR. */
ssize_t weft_read_fd(void *ctx, void *buf, size_t n);

/* Reads the source to its end into *buf (malloc'ed, grown as needed; *cap
 * is its size, so a buffer can be reused across calls). Past limit bytes
 * (0: no limit) the rest is counted but not stored, so a caller can say how
 * large an oversized input was. *total is the bytes counted. Returns 0, an
 * errno value, or -1 when the total passed limit. The bytes are followed by
 * a NUL when they fit in the buffer (always, when 0 is returned). */
int weft_slurp(weft_read_fn rd, void *ctx, size_t limit, char **buf, size_t *cap, size_t *total);

/* A whole file, for data files and scripts: at most limit bytes (0: no
 * limit), NUL-terminated, *data malloc'ed (free() it). Returns WEFT_OK, or
 * WEFT_EIO, WEFT_ELIMIT or WEFT_ENOMEM with a message naming the file in
 * err. */
int weft_read_file(const char *path, size_t limit, char **data, size_t *len, char *err,
                   size_t errsz);

#endif
