/* Reading a whole file or stream into memory. */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft/grow.h"
#include "weft/plugin.h"

/* Room kept free before each read: reads are never smaller than this. */
#define READ_CHUNK ((size_t)64 * 1024)

ssize_t weft_read_fd(void *ctx, void *buf, size_t n) {
    int fd = *(const int *)ctx;
    for (;;) {
        ssize_t got = read(fd, buf, n);
        if (got >= 0 || errno != EINTR) return got;
    }
}

int weft_slurp(weft_read_fn rd, void *ctx, size_t limit, char **buf, size_t *cap, size_t *total) {
    size_t len = 0;
    int over = 0;
    *total = 0;
    for (;;) {
        if (!over && *cap - len < READ_CHUNK + 1) {
            if (len > SIZE_MAX - READ_CHUNK - 1) return ENOMEM;
            size_t want = *cap > READ_CHUNK ? *cap : READ_CHUNK;
            while (want - len < READ_CHUNK + 1) {
                if (want > SIZE_MAX / 2) return ENOMEM;
                want *= 2;
            }
            if (weft_grow((void **)buf, cap, want, 1)) return ENOMEM;
        }
        char sink[4096];
        char *dst = over ? sink : *buf + len;
        size_t room = over ? sizeof sink : *cap - len - 1;
        ssize_t got = rd(ctx, dst, room);
        if (got < 0) return errno ? errno : EIO;
        if (got == 0) break;
        *total += (size_t)got;
        if (!over) len += (size_t)got;
        if (limit && *total > limit) over = 1;
    }
    if (*buf) (*buf)[len] = '\0';
    return over ? -1 : 0;
}

/*
 * A regular file of known size in one buffer of that size and one read (and
 * the read that finds its end): growing a buffer by doubling touched every
 * page of a large data file twice or more, and each page touched the first
 * time is a page fault, most of the system time of opening the entities
 * plugin (#17). Returns 0 with the bytes NUL-terminated in *buf (a file that
 * shrank meanwhile gives fewer), 1 when the file holds more than size bytes
 * now (the caller reads it again from the start), or an errno value.
 */
static int read_sized(int fd, size_t size, char **buf, size_t *total) {
    if (size > SIZE_MAX - 1) return ENOMEM;
    char *b = malloc(size + 1);
    if (!b) return ENOMEM;
    size_t len = 0;
    for (;;) {
        char probe[1];
        /* the last read asks for one byte more than is expected: 0 = the end */
        ssize_t got =
            len < size ? weft_read_fd(&fd, b + len, size - len) : weft_read_fd(&fd, probe, 1);
        if (got < 0) {
            int e = errno ? errno : EIO;
            free(b);
            return e;
        }
        if (got == 0) break;
        if (len == size) {
            *buf = b;
            return 1;
        }
        len += (size_t)got;
    }
    b[len] = '\0';
    *buf = b;
    *total = len;
    return 0;
}

int weft_read_file(const char *path, size_t limit, char **data, size_t *len, char *err,
                   size_t errsz) {
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errsz, "cannot open %s: %s", path, strerror(errno));
        return WEFT_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) memset(&st, 0, sizeof st); /* neither regular nor a folder */
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        snprintf(err, errsz, "cannot read %s: %s", path, strerror(EISDIR));
        return WEFT_EIO;
    }
    /* A regular file's size is known: refuse an oversized one unread. */
    if (limit && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > limit) {
        close(fd);
        snprintf(err, errsz, "%s is %jd bytes, more than the limit of %zu", path,
                 (intmax_t)st.st_size, limit);
        return WEFT_ELIMIT;
    }
    char *buf = NULL;
    size_t cap = 0, total = 0;
    int sized = S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size < SIZE_MAX;
    int rc = sized ? read_sized(fd, (size_t)st.st_size, &buf, &total) : 1;
    if (rc == 1) { /* size unknown (a pipe, /proc), or the file grew: read to the end */
        free(buf);
        buf = NULL;
        total = 0;
        if (sized && lseek(fd, 0, SEEK_SET) != 0)
            rc = errno;
        else
            rc = weft_slurp(weft_read_fd, &fd, limit, &buf, &cap, &total);
    }
    close(fd);
    if (rc == 0 && !buf) { /* an empty file still gets its NUL */
        buf = malloc(1);
        if (buf) buf[0] = '\0';
        rc = buf ? 0 : ENOMEM;
    }
    if (rc) {
        free(buf);
        if (rc < 0) {
            snprintf(err, errsz, "%s is more than the limit of %zu bytes", path, limit);
            return WEFT_ELIMIT;
        }
        if (rc == ENOMEM) {
            snprintf(err, errsz, "out of memory reading %s", path);
            return WEFT_ENOMEM;
        }
        snprintf(err, errsz, "cannot read %s: %s", path, strerror(rc));
        return WEFT_EIO;
    }
    char *fit = cap > total + 1 ? realloc(buf, total + 1) : NULL; /* give back read-ahead room */
    *data = fit ? fit : buf;
    *len = total;
    return WEFT_OK;
}
