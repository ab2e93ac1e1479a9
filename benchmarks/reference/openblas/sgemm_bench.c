/*
 * Reference for benchmarks/compare.sh: OpenBLAS cblas_sgemm (row-major, float32) at the products
 * that training and running the 784-256-128-10 network performs, and those of a wide 4096-4096 layer
 * at batch 128, the same shapes and orientations as org.backprop4j.bench.GemmJmh. For a layer
 * in -> out at batch m:
 *   fwd  Z[m x out] = X[m x in] . W[out x in]^T   (A.B^T)  m,n,k = m, out, in
 *   dW   G[out x in] = D[m x out]^T . X[m x in]   (A^T.B)  m,n,k = out, in, m
 *   dX   D[m x in] = D[m x out] . W[out x in]     (A.B)    m,n,k = m, in, out
 *
 * Usage: sgemm_bench THREADS [REPS [REP_MS [WARMUP_MS]]]     (defaults 7, 25, 300)
 *        sgemm_bench THREADS REPS REP_MS WARMUP_MS sweep [BATCHES [LAYERS]]
 * The second form measures the three products of every layer (comma list of in-out, default
 * 784-256,256-128,128-10,1024-1024,4096-4096) at every batch (comma list, default
 * 1,2,4,8,16,32,64,128,256,512), layer by layer, as org.backprop4j.bench.GemmSweep does
 * (benchmarks/gemm-sweep.sh runs the two in turns).
 * Set OPENBLAS_NUM_THREADS=THREADS as well (OpenBLAS sizes its thread pool from it at load time);
 * the program also calls openblas_set_num_threads(THREADS).
 *
 * Each shape is first run for WARMUP_MS, then REPS timed repetitions of as many calls as fill about
 * REP_MS each; the line printed per shape gives the median (and the best) GFLOP/s = 2mnk / time:
 *   RESULT threads=1 batch=128 layer=784-256 product=fwd m=128 n=256 k=784 gflops=95.1 best=97.0 reps=7
 *
 * Build: cc -O2 -o sgemm_bench sgemm_bench.c -lopenblas
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int compare_doubles(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* A small seeded generator (xorshift64*), values in [-1, 1). */
static unsigned long long rng_state = 42;
static float next_float(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    unsigned long long r = rng_state * 2685821657736338717ULL;
    return (float)((r >> 40) / (double)(1ULL << 24) * 2.0 - 1.0);
}

static float *random_matrix(size_t size) {
    float *v = malloc((size > 0 ? size : 1) * sizeof(float));
    if (!v) { perror("malloc"); exit(1); }
    for (size_t i = 0; i < size; i++) v[i] = next_float();
    return v;
}

typedef struct {
    enum CBLAS_TRANSPOSE ta, tb;
    int m, n, k, lda, ldb, ldc;
    const float *a, *b;
    float *c;
} product;

static void run(const product *p) {
    cblas_sgemm(CblasRowMajor, p->ta, p->tb, p->m, p->n, p->k, 1.0f, p->a, p->lda, p->b, p->ldb,
                0.0f, p->c, p->ldc);
}

static void measure(int threads, int batch, int in, int out, const char *name, int reps, double rep_s,
                    double warmup_s) {
    float *x = random_matrix((size_t)batch * in);
    float *w = random_matrix((size_t)out * in);
    float *delta = random_matrix((size_t)batch * out);
    product p;
    if (strcmp(name, "fwd") == 0) {
        p = (product){CblasNoTrans, CblasTrans, batch, out, in, in, in, out, x, w, NULL};
    } else if (strcmp(name, "dW") == 0) {
        p = (product){CblasTrans, CblasNoTrans, out, in, batch, out, in, in, delta, x, NULL};
    } else {
        p = (product){CblasNoTrans, CblasNoTrans, batch, in, out, out, in, in, delta, w, NULL};
    }
    p.c = random_matrix((size_t)p.m * p.n);

    double end = now_seconds() + warmup_s;
    int calls = 0;
    do { run(&p); calls++; } while (now_seconds() < end || calls < 3);
    double t0 = now_seconds();
    run(&p);
    double one = now_seconds() - t0;
    long per_rep = one > 0 ? (long)(rep_s / one) : 1000000;
    if (per_rep < 1) per_rep = 1;
    if (per_rep > 1000000) per_rep = 1000000;

    double *gflops = malloc(reps * sizeof(double));
    double flops = 2.0 * p.m * p.n * p.k;
    for (int r = 0; r < reps; r++) {
        double start = now_seconds();
        for (long i = 0; i < per_rep; i++) run(&p);
        gflops[r] = flops * per_rep / (now_seconds() - start) / 1e9;
    }
    qsort(gflops, reps, sizeof(double), compare_doubles);
    double median = reps % 2 ? gflops[reps / 2] : 0.5 * (gflops[reps / 2 - 1] + gflops[reps / 2]);
    printf("RESULT threads=%d batch=%d layer=%d-%d product=%s m=%d n=%d k=%d gflops=%.2f best=%.2f reps=%d"
           " checksum=%.4f\n", threads, batch, in, out, name, p.m, p.n, p.k, median, gflops[reps - 1], reps,
           p.c[(size_t)p.m * p.n / 2]);
    fflush(stdout);
    free(gflops);
    free(x);
    free(w);
    free(delta);
    free(p.c);
}

/* Parses a comma list of positive integers (pairs a-b when pairs is set) into out; returns the count or -1. */
static int parse_list(const char *text, int pairs, int *out, int max) {
    int count = 0;
    const char *p = text;
    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1 || v > 1000000 || count >= max) return -1;
        out[count++] = (int)v;
        p = end;
        if (pairs) {
            if (*p != '-') return -1;
            p++;
            v = strtol(p, &end, 10);
            if (end == p || v < 1 || v > 1000000 || count >= max) return -1;
            out[count++] = (int)v;
            p = end;
        }
        if (*p == ',') p++;
        else if (*p) return -1;
    }
    return count;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 8 || (argc > 5 && strcmp(argv[5], "sweep") != 0)) {
        fprintf(stderr, "usage: %s THREADS [REPS [REP_MS [WARMUP_MS]]]\n"
                        "       %s THREADS REPS REP_MS WARMUP_MS sweep [BATCHES [LAYERS]]\n", argv[0], argv[0]);
        return 2;
    }
    int threads = atoi(argv[1]);
    int reps = argc > 2 ? atoi(argv[2]) : 7;
    double rep_s = (argc > 3 ? atof(argv[3]) : 25) / 1e3;
    double warmup_s = (argc > 4 ? atof(argv[4]) : 300) / 1e3;
    if (threads < 1 || reps < 1 || rep_s <= 0 || warmup_s < 0) {
        fprintf(stderr, "%s: THREADS and REPS must be >= 1, REP_MS > 0, WARMUP_MS >= 0\n", argv[0]);
        return 2;
    }
    openblas_set_num_threads(threads);
    printf("# %s | threads %d (openblas_get_num_threads %d) | OPENBLAS_NUM_THREADS=%s\n",
           openblas_get_config(), threads, openblas_get_num_threads(),
           getenv("OPENBLAS_NUM_THREADS") ? getenv("OPENBLAS_NUM_THREADS") : "(unset)");
    static const char *products[] = {"fwd", "dW", "dX"};
    if (argc > 5) {
        int batches[64], layers[128];
        const char *batch_text = argc > 6 ? argv[6] : "1,2,4,8,16,32,64,128,256,512";
        const char *layer_text = argc > 7 ? argv[7] : "784-256,256-128,128-10,1024-1024,4096-4096";
        int nb = parse_list(batch_text, 0, batches, 64), nl = parse_list(layer_text, 1, layers, 128);
        if (nb < 1) {
            fprintf(stderr, "%s: BATCHES \"%s\": expected a comma list of whole numbers >= 1 (at most 64)\n",
                    argv[0], batch_text);
            return 2;
        }
        if (nl < 2) {
            fprintf(stderr, "%s: LAYERS \"%s\": expected a comma list of in-out pairs (at most 64), e.g."
                            " 784-256,128-10\n", argv[0], layer_text);
            return 2;
        }
        for (int l = 0; l < nl; l += 2)
            for (int bi = 0; bi < nb; bi++)
                for (int pi = 0; pi < 3; pi++)
                    measure(threads, batches[bi], layers[l], layers[l + 1], products[pi], reps, rep_s, warmup_s);
        return 0;
    }
    static const int layers[] = {784, 256, 128, 10};
    static const int batches[] = {128, 1};
    for (int bi = 0; bi < 2; bi++)
        for (int l = 0; l < 3; l++)
            for (int pi = 0; pi < 3; pi++)
                measure(threads, batches[bi], layers[l], layers[l + 1], products[pi], reps, rep_s, warmup_s);
    /* a wide layer, 4096 -> 4096, at the training batch (the widths the kernels are tuned for go to 4096) */
    for (int pi = 0; pi < 3; pi++) measure(threads, 128, 4096, 4096, products[pi], reps, rep_s, warmup_s);
    return 0;
}
