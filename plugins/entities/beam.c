/*
 * Beam decoding for the tagger (tagger.h: tg_beam_sentence). The greedy
 * decoder commits to each token's class before it sees the next token's
 * evidence; a beam keeps the best few paths. A token's features that do
 * not read the previous classes are scored once; only the five templates
 * that do (tg_features_prev) are scored per hypothesis. Two hypotheses
 * with the same last two classes have the same future (the history the
 * features read is the document's before this sentence), so only the
 * better is kept: with a beam as wide as the states it is Viterbi.
 */
#include <math.h>
#include <string.h>

#include "tagger.h"
#include "weft/grow.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* Puts e into the beam b[0, n) (at most w, best first, ties to the one in
 * first) and returns its new size: replaces a hypothesis of the same state when better, else takes
 * a free slot or the worst one's. same: the beam may hold e's state (a
 * hypothesis from a parent of e's previous class); when it cannot, the
 * search for it is skipped. */
static inline uint32_t offer(tg_bent *b, uint32_t n, uint32_t w, const tg_bent *e, int same) {
    uint32_t at = n;
    for (uint32_t k = 0; same && k < n; k++) {
        if (b[k].cls == e->cls && b[k].prev == e->prev) {
            if (!(e->score > b[k].score)) return n;
            at = k;
            break;
        }
    }
    if (at == n) {
        if (n < w) {
            ++n;
        } else {
            if (!(e->score > b[w - 1].score)) return n;
            at = w - 1;
        }
    }
    while (at > 0 && e->score > b[at - 1].score) {
        b[at] = b[at - 1];
        at--;
    }
    b[at] = *e;
    return n;
}

/* Of the classes c0 + bit of m (bits below 32, c0 + bit < nc), those whose
 * path score ps + (double)(pp[c] + trp[c]) passes thr: the test the loop
 * of tg_beam_sentence makes before it offers a candidate, made first for
 * all of a parent's classes so that most are never looked at again (thr,
 * the beam's worst score, only rises while the parent's candidates go in).
 * simd (not 0): pp and trp hold TGP_STRIDE readable floats from c0 = 0
 * on, with nc <= TGP_STRIDE, and simd groups of four cover the classes:
 * four at a time, with the same float and double operations as the scalar
 * test, so the same answers. */
static uint32_t passing(const float *pp, const float *trp, uint32_t c0, uint32_t m, double ps,
                        double thr, uint32_t simd) {
#if defined(__SSE2__) && defined(__GNUC__)
    if (simd) {
        const __m128d psv = _mm_set1_pd(ps), thv = _mm_set1_pd(thr);
        uint32_t ok = 0;
        for (uint32_t g = 0; g < simd; g++) {
            const __m128 f = _mm_add_ps(_mm_loadu_ps(pp + 4 * g), _mm_loadu_ps(trp + 4 * g));
            const __m128d lo = _mm_add_pd(psv, _mm_cvtps_pd(f)),
                          hi = _mm_add_pd(psv, _mm_cvtps_pd(_mm_movehl_ps(f, f)));
            ok |= (uint32_t)(_mm_movemask_pd(_mm_cmpgt_pd(lo, thv)) |
                             _mm_movemask_pd(_mm_cmpgt_pd(hi, thv)) << 2)
                  << (4 * g);
        }
        return m & ok;
    }
#else
    (void)simd;
#endif
    uint32_t ok = 0;
    for (uint32_t r = m; r; r &= r - 1) {
        const uint32_t bit = tg_low_bit(r), c = c0 + bit;
        const float sc = pp[c] + trp[c];
        if (ps + (double)sc > thr) ok |= 1u << bit;
    }
    return ok;
}

/* passing() for step_lean, in floats: ps and thr are integers (doubles
 * below 2^53) and sc = pp[c] + trp[c] an integer float within 2^24
 * (tgpack.h), so ps + sc > thr exactly when sc > thr - ps, a difference
 * that is exact too; clamped to [-2^25, 2^24] (sc passes any bound below
 * -2^24 and none from 2^24 on) it is a float exactly, and the test is
 * one float comparison a class, four at a time with SSE2. */
static inline uint32_t passing_lean(const float *pp, const float *trp, uint32_t m, double ps,
                                    double thr, uint32_t simd) {
    double d = thr - ps;
    if (d > 16777216.0)
        d = 16777216.0;
    else if (d < -33554432.0)
        d = -33554432.0;
    const float df = (float)d;
    uint32_t ok = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128 dv = _mm_set1_ps(df);
    for (uint32_t g = 0; g < simd; g++) {
        const __m128 f = _mm_add_ps(_mm_loadu_ps(pp + 4 * g), _mm_loadu_ps(trp + 4 * g));
        ok |= (uint32_t)_mm_movemask_ps(_mm_cmpgt_ps(f, dv)) << (4 * g);
    }
#else
    (void)simd;
    for (uint32_t r = m; r; r &= r - 1) {
        const uint32_t c = tg_low_bit(r);
        if (pp[c] + trp[c] > df) ok |= 1u << c;
    }
#endif
    return m & ok;
}

/* The tagging step with the packed model (tg_beam_sentence's fast path,
 * TGP_STRIDE-slot rows, at most TGP_STRIDE classes, no gold): the same
 * candidates in the same order under offer()'s rules, with what the
 * general loop tests for each parent settled once: par holds the np
 * parents (at the first token one, all zero), allow[prev] the classes
 * allowed after prev (O, every B-X, the I- of prev's type), the
 * transition table is there and no candidate carries a gold flag. A
 * candidate reaches the insertion only when the beam has room or it
 * beats the worst, so the insertion does not test that again. Path scores
 * are integers (tgpack.h), exact as doubles over fewer than 2^28 tokens
 * (the caller's bound): passing_lean's test relies on it. */
static uint32_t step_lean(const tg_bent *par, uint32_t np, const uint8_t *shared,
                          const uint32_t *allow, const float *bpp, const float *trans, uint32_t nc,
                          uint32_t w, uint32_t simd, tg_bent *out) {
    uint32_t nout = 0;
    for (uint32_t k = 0; k < np; k++) {
        const uint32_t prev = par[k].cls, prev2 = par[k].prev;
        const float *pp = bpp + (size_t)prev * TGP_STRIDE,
                    *trp = trans + ((size_t)prev2 * nc + prev) * nc;
        const double ps = par[k].score;
        uint32_t m = allow[prev];
        if (nout == w) m = passing_lean(pp, trp, m, ps, out[w - 1].score, simd);
        for (; m; m &= m - 1) {
            const uint32_t c = tg_low_bit(m);
            const float sc = pp[c] + trp[c]; /* the token's score of c on this path */
            const double v = ps + (double)sc;
            if (nout == w && !(v > out[w - 1].score)) continue; /* offer() would drop it */
            uint32_t at = nout;
            for (uint32_t q = 0; shared[k] && q < nout; q++) {
                if (out[q].cls == c && out[q].prev == prev) {
                    at = q;
                    break;
                }
            }
            if (at < nout) {
                if (!(v > out[at].score)) continue;
            } else if (nout < w) {
                nout++;
            } else {
                at = w - 1;
            }
            for (; at > 0 && v > out[at - 1].score; at--) out[at] = out[at - 1];
            out[at] = (tg_bent){
                .score = v, .cls = (uint16_t)c, .prev = (uint16_t)prev, .parent = (uint16_t)k};
        }
    }
    return nout;
}

/* t->bpp[c * stride, + nc) = base + the weights of tg_features_prev for
 * each class c of cls[0, n). A packed model with its transition table (at
 * most TG_PREVCLS classes) takes the features' ids straight to its rows,
 * TGP_STRIDE slots a class (stride; base holds as many); a trainer's float
 * table goes through feature vectors (stride nc). */
static int prev_scores(const tg_model *tm, tg_scratch *t, const tg_tokf *F, uint32_t i,
                       const uint32_t *cls, uint32_t n, const float *base, size_t stride) {
    const uint32_t nc = tm->m.nclass;
    if (stride == TGP_STRIDE) {
        uint32_t id[TG_MAXBEAM * TG_NPREV];
        tg_prev_ids(t, &F[i], cls, n, id);
        for (uint32_t q = 0; q < n; q++)
            tg_packed_base_add(&tm->pk, id + q * TG_NPREV, TG_NPREV, base,
                               t->bpp + cls[q] * stride);
        return 0;
    }
    weft_lin_fv *fv = &t->fv2;
    weft_lin_fv_clear(fv);
    for (uint32_t q = 0; q < n; q++)
        if (tg_features_prev(t, F, i, cls[q], fv)) return -1;
    for (uint32_t q = 0; q < n; q++) {
        float *pp = t->bpp + cls[q] * stride;
        weft_lin_fv part = {.f = fv->f + q * TG_NPREV, .n = TG_NPREV, .cap = TG_NPREV};
        memcpy(pp, base, nc * sizeof *pp);
        tg_model_scores_add(tm, &part, pp);
    }
    return 0;
}

int tg_beam_sentence(const tg_model *tm, tg_scratch *t, const tg_tokf *F, uint32_t sb, uint32_t se,
                     const uint32_t *gold, uint32_t *stop, int probs) {
    const uint32_t w = tm->beam, nc = tm->m.nclass;
    const size_t n = se - sb;
    /* a row of t->bpp a previous class: TGP_STRIDE slots on the fast path */
    const size_t stride = tm->pk.idx && tm->trans ? TGP_STRIDE : nc;
    /* rows of TGP_STRIDE readable floats in t->bpp and tm->trans (passing) */
    const uint32_t simd = stride == TGP_STRIDE && nc <= TGP_STRIDE ? (nc + 3) / 4 : 0;
    /* tagging with the packed model: each token's base scores are kept
     * (t->base) for the entity scores of tg_tag, which need them again */
    const int keep = probs && !gold && stride == TGP_STRIDE;
    /* step_lean's case, and its classes allowed after each class */
    const int lean = simd && !gold && n < ((size_t)1 << 28);
    uint32_t allow[TGP_STRIDE];
    for (uint32_t c = 0; lean && c < nc; c++) {
        const uint32_t ins = c ? 2 * (uint32_t)tg_class_type(c) + 2 : 0;
        allow[c] = (0xAAAAAAAAu | 1u | 1u << ins) & ((1u << nc) - 1);
    }
    static const tg_bent root; /* the first token's parent: score 0, classes O */
    float local[WEFT_LIN_MAX_CLASSES];
    if (stop) *stop = se;
    t->base_se = 0;
    if (!n) return 0;
    if (weft_grow((void **)&t->bent, &t->capbent, n * w, sizeof *t->bent) ||
        weft_grow((void **)&t->bpp, &t->capbpp, (size_t)nc * stride, sizeof *t->bpp) ||
        weft_grow((void **)&t->lab, &t->caplab, se + 1, sizeof *t->lab) ||
        (probs && weft_grow((void **)&t->prob, &t->capprob, se + 1, sizeof *t->prob)) ||
        (keep && weft_grow((void **)&t->base, &t->capbase, n * TGP_STRIDE, sizeof *t->base)))
        return -1;
    uint32_t cnt = 0, last = 0; /* hypotheses at the token before; its offset */
    /* in locals: a hypothesis's stores (its uint8_t field may alias
     * anything) would make the compiler load them again each time */
    tg_bent *const bent = t->bent;
    const float *const bpp = t->bpp, *const trans = tm->trans;
    size_t j;
    for (j = 0; j < n; j++) {
        const uint32_t i = sb + (uint32_t)j;
        float *base = keep ? t->base + j * TGP_STRIDE : local;
        if (tg_features_static(t, F, i, sb, se, &t->fv)) return -1;
        if (stride == TGP_STRIDE)
            tg_packed_scores_all(&tm->pk, &t->fv, base); /* 0 past the classes */
        else
            tg_model_scores(tm, &t->fv, base);
        tg_bent *out = bent + j * w;
        uint32_t nout = 0, np = j ? cnt : 1;
        int any_gold = 0;
        /* the token's scores with the features of each previous class the
         * hypotheses hold, once a class (all their rows fetched at once) */
        uint32_t cls[TG_MAXBEAM], ncls = 0;
        uint8_t shared[TG_MAXBEAM]; /* an earlier hypothesis has the same class */
        uint64_t seenm = 0;         /* the classes below 64 seen */
        for (uint32_t k = 0; k < np; k++) {
            uint32_t prev = j ? bent[last + k].cls : 0, seen = 0;
            if (prev < 64) {
                seen = (uint32_t)(seenm >> prev) & 1u;
                seenm |= 1ull << prev;
            } else {
                for (uint32_t q = 0; q < ncls && !seen; q++) seen = cls[q] == prev;
            }
            if (!seen) cls[ncls++] = prev;
            shared[k] = (uint8_t)seen;
        }
        if (prev_scores(tm, t, F, i, cls, ncls, base, stride)) return -1;
        if (lean)
            nout =
                step_lean(j ? bent + last : &root, np, shared, allow, bpp, trans, nc, w, simd, out);
        for (uint32_t k = 0; k < np && !lean; k++) {
            const tg_bent *p = j ? &bent[last + k] : NULL;
            uint32_t prev = p ? p->cls : 0, prev2 = p ? p->prev : 0;
            float tr[WEFT_LIN_MAX_CLASSES];
            const float *pp = bpp + prev * stride, *trp = tr;
            if (trans)
                trp = trans + ((size_t)prev2 * nc + prev) * nc;
            else
                tg_model_trans(tm, prev, prev2, tr);
            double ps = p ? p->score : 0.0;
            /* the classes allowed after prev, in order: O, every B-X, and
             * the I- of prev's type (B-X is odd, I-X the even one after),
             * 32 at a time as bits */
            const uint32_t ins = prev ? 2 * (uint32_t)tg_class_type(prev) + 2 : 0;
            for (uint32_t c0 = 0; c0 < nc; c0 += 32) {
                uint32_t m = 0xAAAAAAAAu | (c0 == 0 ? 1u : 0u);
                if (ins >= c0 && ins - c0 < 32) m |= 1u << (ins - c0);
                if (nc - c0 < 32) m &= (1u << (nc - c0)) - 1;
                if (nout == w) m = passing(pp, trp, c0, m, ps, out[w - 1].score, simd);
                for (; m; m &= m - 1) {
                    const uint32_t c = c0 + tg_low_bit(m);
                    const float sc = pp[c] + trp[c]; /* the token's score of c on this path */
                    double v = ps + (double)sc;
                    if (nout == w && !(v > out[w - 1].score)) continue; /* offer() would drop it */
                    tg_bent e = {.score = v,
                                 .cls = (uint16_t)c,
                                 .prev = (uint16_t)prev,
                                 .parent = (uint16_t)k,
                                 .gold = gold && (!p || p->gold) && gold[i] == c};
                    nout = offer(out, nout, w, &e, shared[k]);
                }
            }
        }
        cnt = nout;
        last = (uint32_t)(j * w);
        if (gold) {
            for (uint32_t k = 0; k < nout; k++) any_gold |= out[k].gold;
            if (!any_gold) {
                if (stop) *stop = i;
                break;
            }
        }
    }
    size_t end = j < n ? j : n - 1; /* the last token decoded */
    /* back from the best hypothesis at the last token */
    uint32_t k = 0;
    for (size_t x = end + 1; x-- > 0;) {
        const tg_bent *e = &t->bent[x * w + k];
        t->lab[sb + x] = e->cls;
        k = e->parent;
    }
    if (gold) return 0;
    if (keep) t->base_sb = sb, t->base_se = se;
    if (probs) {
        /* each token's probability: the share of the final hypotheses'
         * weight (the exponential of each path's score less the best's, in
         * trained units) held by the paths that give the token the best
         * path's class. A path the search chose against a token's local
         * scores ("Düsseldorf" ORG before "beat ... 2-1") is then as sure
         * as the alternatives that reached the end let it be, not the
         * token's local softmax (which said 4e-6 there).
         *
         * The paths are walked back together, a token at a time, each
         * token's share summed over the paths in their order (as floats
         * from 0, as walking each path whole would). Once all the paths
         * have met in one hypothesis they share the rest: every one of
         * them gives each earlier token the best path's class (the first
         * path is the best), so those tokens take the sum of all the
         * weights in the same order, and the walk stops. */
        const tg_bent *fin = t->bent + end * w;
        double z = 0;
        float wt[TG_MAXBEAM], all = 0.0f;
        uint32_t q[TG_MAXBEAM];
        for (uint32_t h = 0; h < cnt; h++) {
            double v = exp((fin[h].score - fin[0].score) * (double)tm->inv_scale);
            z += v;
            wt[h] = (float)v;
            all += wt[h];
            q[h] = h;
        }
        for (size_t x = end + 1; x-- > 0;) {
            uint32_t met = 1;
            for (uint32_t h = 1; h < cnt; h++) met &= q[h] == q[0];
            if (met) {
                for (size_t y = 0; y <= x; y++) t->prob[sb + y] = all;
                break;
            }
            float sum = 0.0f;
            for (uint32_t h = 0; h < cnt; h++) {
                const tg_bent *e = &t->bent[x * w + q[h]];
                if (e->cls == t->lab[sb + x]) sum += wt[h];
                q[h] = e->parent;
            }
            t->prob[sb + x] = sum;
        }
        for (size_t x = 0; x <= end; x++) t->prob[sb + x] = (float)(t->prob[sb + x] / z);
    }
    /* a B-X right after an X continues it (tg_decide) */
    uint32_t prev = 0;
    for (size_t x = 0; x <= end; x++) {
        uint32_t c = t->lab[sb + x];
        if (prev && tg_class_begin(c) && tg_class_type(c) == tg_class_type(prev)) c++;
        t->lab[sb + x] = (uint16_t)c;
        prev = c;
    }
    return 0;
}
