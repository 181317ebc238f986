/*
 * The words looked for inside class and id attributes (Readability's
 * unlikely-candidate and weight words, trafilatura's discard words, and
 * names sites give their article body), found in one pass over the string.
 * A page has thousands of distinct class strings; testing each of ~120
 * words with strstr() was an eighth of the stage's time.
 */
#include <string.h>

#include "bp.h"

static const struct {
    const char *word;
    uint32_t groups;
} words[] = {
    /* Readability's unlikely candidates, by the reason they give. */
    {"menu", BP_CW_NAV},
    {"breadcrumb", BP_CW_NAV},
    {"pagination", BP_CW_NAV | BP_CW_POS},
    {"pager", BP_CW_NAV},
    {"navbar", BP_CW_NAV},
    {"subnav", BP_CW_NAV},
    {"topnav", BP_CW_NAV},
    {"skip-link", BP_CW_NAV},
    {"skiplink", BP_CW_NAV},
    {"share", BP_CW_SHARE | BP_CW_NEG},
    {"social", BP_CW_SHARE},
    {"sharing", BP_CW_SHARE},
    {"sociable", BP_CW_SHARE},
    {"shariff", BP_CW_SHARE},
    {"related", BP_CW_RELATED | BP_CW_NEG},
    {"recommend", BP_CW_RELATED},
    {"more-stories", BP_CW_RELATED},
    {"morestories", BP_CW_RELATED},
    {"most-popular", BP_CW_RELATED},
    {"mostpopular", BP_CW_RELATED},
    {"trending", BP_CW_RELATED},
    {"read-more", BP_CW_RELATED},
    {"readmore", BP_CW_RELATED},
    {"read-next", BP_CW_RELATED},
    {"elated", BP_CW_RELATED},
    {"comment", BP_CW_COMMENTS | BP_CW_NEG},
    {"disqus", BP_CW_COMMENTS},
    {"replies", BP_CW_COMMENTS},
    {"remark", BP_CW_COMMENTS},
    {"respond", BP_CW_COMMENTS},
    {"cookie", BP_CW_COOKIE},
    {"gdpr", BP_CW_COOKIE | BP_CW_NEG},
    {"consent", BP_CW_COOKIE},
    {"caption", BP_CW_CAPTION},
    {"credit", BP_CW_CAPTION},
    {"copyright", BP_CW_COPYRIGHT},
    {"bildunterschrift", BP_CW_CAPTION},
    {"image-source", BP_CW_CAPTION},
    {"img-source", BP_CW_CAPTION},
    {"footer", BP_CW_FOOTER | BP_CW_NEG},
    {"header", BP_CW_HEADER},
    {"masthead", BP_CW_HEADER | BP_CW_NEG},
    {"banner", BP_CW_HEADER | BP_CW_NEG},
    {"sidebar", BP_CW_ASIDE | BP_CW_NEG},
    {"skyscraper", BP_CW_ASIDE | BP_CW_NEG},
    {"widget", BP_CW_ASIDE | BP_CW_NEG},
    {"supplemental", BP_CW_ASIDE},
    {"legends", BP_CW_ASIDE},
    {"-ad-", BP_CW_AD | BP_CW_NEG},
    {"ad-break", BP_CW_AD},
    {"sponsor", BP_CW_AD | BP_CW_NEG},
    {"advert", BP_CW_AD},
    {"promo", BP_CW_AD | BP_CW_NEG},
    {"outbrain", BP_CW_AD | BP_CW_NEG},
    {"taboola", BP_CW_AD},
    {"newsletter", BP_CW_SUBSCRIBE},
    {"combx", BP_CW_OTHER | BP_CW_NEG},
    {"community", BP_CW_OTHER},
    {"cover-wrap", BP_CW_OTHER},
    {"extra", BP_CW_OTHER},
    {"rss", BP_CW_OTHER},
    {"shoutbox", BP_CW_OTHER | BP_CW_NEG},
    {"popup", BP_CW_OTHER},
    {"yom-remote", BP_CW_OTHER},
    {"agegate", BP_CW_OTHER},
    {"ai2html", BP_CW_OTHER},
    {"modal", BP_CW_OTHER},
    {"byline", BP_CW_OTHER},
    {"author-bio", BP_CW_OTHER},
    {"author-info", BP_CW_OTHER},
    {"about-author", BP_CW_OTHER},
    {"tag-list", BP_CW_OTHER},
    {"taglist", BP_CW_OTHER},
    {"post-tags", BP_CW_OTHER},
    {"article-tags", BP_CW_OTHER},
    {"print-only", BP_CW_OTHER},
    {"author-box", BP_CW_OTHER},
    {"authorbox", BP_CW_OTHER},
    {"autorenbox", BP_CW_OTHER},
    {"author-card", BP_CW_OTHER},
    {"author-description", BP_CW_OTHER},
    /* Words that clear an unlikely verdict ("article-header"). */
    {"and", BP_CW_MAYBE},
    {"article", BP_CW_MAYBE | BP_CW_POS},
    {"body", BP_CW_MAYBE | BP_CW_POS},
    {"column", BP_CW_MAYBE},
    {"content", BP_CW_MAYBE | BP_CW_POS},
    {"main", BP_CW_MAYBE | BP_CW_POS},
    {"mathjax", BP_CW_MAYBE},
    {"shadow", BP_CW_MAYBE},
    /* Readability's class weight words not listed above. */
    {"hidden", BP_CW_NEG},
    {"com-", BP_CW_NEG},
    {"contact", BP_CW_NEG},
    {"media", BP_CW_NEG},
    {"meta", BP_CW_NEG},
    {"scroll", BP_CW_NEG},
    {"shopping", BP_CW_NEG},
    {"tags", BP_CW_NEG},
    {"entry", BP_CW_POS},
    {"hentry", BP_CW_POS},
    {"h-entry", BP_CW_POS},
    {"page", BP_CW_POS},
    {"post", BP_CW_POS},
    {"text", BP_CW_POS},
    {"blog", BP_CW_POS},
    {"story", BP_CW_POS},
    /* Names sites give their article body. */
    {"articlebody", BP_CW_MAIN},
    {"article-body", BP_CW_MAIN},
    {"article_body", BP_CW_MAIN},
    {"article__body", BP_CW_MAIN},
    {"article-content", BP_CW_MAIN},
    {"article_content", BP_CW_MAIN},
    {"article__content", BP_CW_MAIN},
    {"articlecontent", BP_CW_MAIN},
    {"entry-content", BP_CW_MAIN},
    {"post-content", BP_CW_MAIN},
    {"post_content", BP_CW_MAIN},
    {"postcontent", BP_CW_MAIN},
    {"post-body", BP_CW_MAIN},
    {"postbody", BP_CW_MAIN},
    {"story-body", BP_CW_MAIN},
    {"storybody", BP_CW_MAIN},
    {"story-content", BP_CW_MAIN},
    {"article-text", BP_CW_MAIN},
    {"articletext", BP_CW_MAIN},
    {"news-text", BP_CW_MAIN},
    {"main-text", BP_CW_MAIN},
    {"content-body", BP_CW_MAIN},
    {"body-text", BP_CW_MAIN},
    {"bodytext", BP_CW_MAIN},
    {"text-content", BP_CW_MAIN},
    {"rich-text", BP_CW_MAIN},
    {"article-main", BP_CW_MAIN},
};
#define NWORDS (sizeof words / sizeof words[0])
_Static_assert(NWORDS <= BP_CW_MAX, "raise BP_CW_MAX (bp.h) for the class words");

void bp_classwords_init(bp_classwords *cw) {
    /* Counting sort of the words by first byte: bucket c holds the words
     * starting with byte c, at order[start[c] .. start[c + 1]). */
    memset(cw->start, 0, sizeof cw->start);
    for (size_t i = 0; i < NWORDS; i++) cw->start[(unsigned char)words[i].word[0] + 1]++;
    for (size_t c = 0; c < 256; c++) cw->start[c + 1] += cw->start[c];
    uint16_t fill[256];
    memcpy(fill, cw->start, sizeof fill);
    for (size_t i = 0; i < NWORDS; i++) {
        unsigned char c = (unsigned char)words[i].word[0];
        cw->order[fill[c]++] = (uint8_t)i;
        cw->len[i] = (uint8_t)strlen(words[i].word);
    }
}

uint32_t bp_classwords_match(const bp_classwords *cw, const char *s, size_t n) {
    uint32_t found = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        uint16_t k = cw->start[c], end = cw->start[c + 1];
        if (k == end || i + 1 == n) continue;
        /* Every word has 3 bytes or more: test the second before memcmp. */
        for (; k < end; k++) {
            size_t w = cw->order[k];
            if (words[w].word[1] == s[i + 1] && cw->len[w] <= n - i &&
                memcmp(s + i, words[w].word, cw->len[w]) == 0)
                found |= words[w].groups;
        }
    }
    return found;
}

size_t bp_classwords_count(void) {
    return NWORDS;
}
