/*
 * The machine's headroom, measured beside the weft runs: N threads each
 * spin through the same fixed amount of integer work; the wall time of 1
 * thread against 2 tells how much a second thread can add right now (2.0
 * on two idle cores, less when the cores are shared).
 *   busy THREADS [MILLIONS_OF_STEPS]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned long long steps;

static void *spin(void *arg) {
    unsigned long long x = (unsigned long long)(size_t)arg + 1;
    for (unsigned long long i = 0; i < steps; i++)
        x = x * 6364136223846793005ull + 1442695040888963407ull;
    /* keep the result alive so the loop is not optimised away */
    return (void *)(size_t)(x & 1);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    steps = (argc > 2 ? strtoull(argv[2], NULL, 10) : 400) * 1000000ull;
    if (n < 1 || n > 64) return 2;
    pthread_t t[64];
    for (int i = 0; i < n; i++)
        if (pthread_create(&t[i], NULL, spin, (void *)(size_t)i) != 0) return 1;
    size_t sum = 0;
    for (int i = 0; i < n; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (size_t)r;
    }
    return sum > (size_t)n ? 1 : 0;
}
