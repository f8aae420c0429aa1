/* lesson_int.h - shared by the lesson parser's files (lesson.c, lesson_keys.c,
 * lesson_check.c); not for the rest of the program. */
#ifndef ATTN_LESSON_INT_H
#define ATTN_LESSON_INT_H

#include <stdio.h>

#include "lesson/lesson.h"

/* ------------------------------------------------------------ keys */

typedef enum {
    K_TITLE, K_SUMMARY, K_TEXT, K_HINT, K_QUESTION, K_ANSWER, K_GOAL, K_MODE, K_SCORE, K_DIST,
    K_TEMPERATURE, K_TOPK, K_WINDOW, K_MASK, K_VALID_LENS, K_HEADS, K_POSITION, K_COATTENTION,
    K_GRANULARITY, K_SEED, K_SAMPLES, K_QUERIES, K_KEYS, K_TOKENS, K_PANELS, K_EDIT, K_HINT2, K_CHOICES,
    K_CORRECT, K_HIDE, K_FEATURES, K_SETTINGS, K_HOPS, K_SENTENCES, K_IMAGE, K_GRID, K_DUMP,
    K_TRANSLATOR, K_INPUT, K_DECODE, K_TRY, K_GOAL_WORDS, K__COUNT
} KeyId;

enum { WHERE_TOP = 1, WHERE_STEP = 2, WHERE_BOTH = 3 };

typedef struct {
    const char *name;
    int where;
    bool translated;        /* takes .zh */
    int field;              /* CfgField or KEY_* for key_line, -1 if none */
} LessonKeyInfo;

extern const LessonKeyInfo lesson_keys[K__COUNT];

/* ---------------------------------------------------------- parser */

typedef struct {
    const char *path;
    FILE *f;
    char *line;
    size_t cap;
    int lineno;
    bool indented;          /* the current line starts with white space */
    bool bad_section;       /* keys under an unknown section are skipped */
    bool in_step;
    Lesson *l;
    Diags *d;
    LessonStep top;         /* what is set before the first [step] */
    LessonStep *cur;        /* &top or the last step */
    char last_key[64];      /* the key a continuation line continues */
    int building;           /* owned_mats index of the matrix being read, or -1 */
    MatName building_name;
    bool building_bad;      /* a row was refused: stop adding rows */
    char **text_target;     /* the text a continuation line continues */
    char **seen;            /* the keys set in this section (owned), for duplicates */
    int *seen_line;         /* where each was set */
    int n_seen, cap_seen;
} Parser;

/* lesson.c: storage and messages */
void lesson_err(Parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lesson_own_mat(Lesson *l, Mat m);
char **lesson_own_tokens(Lesson *l, char **toks);

/* lesson_keys.c: values */
void lesson_matrix_row(Parser *p, MatName m, const char *value, bool first);
void lesson_set_key(Parser *p, KeyId k, const char *key, const char *v);
void lesson_text_append(char **dst, const char *v, bool first);
Text *lesson_text_field(LessonStep *s, Lesson *l, KeyId k, bool top);
char **lesson_split_list(const char *v, int *count);
void lesson_free_list(char **list);

/* lesson_picture.c: `image` and `grid`, and at the first [step] the keys
 * they make (K, V, key labels and features, where the lesson gave none). */
/* lesson_tr.c: translator, input, decode, try */
void lesson_set_tr_key(Parser *p, KeyId k, const char *v);
void lesson_set_image_key(Parser *p, KeyId k, const char *v);
void lesson_image_apply(Parser *p);

/* lesson_check.c: fills default panels, runs every step and checks it; problems go to d. */
void lesson_check_steps(Lesson *l, Diags *d);
/* lesson_check.c: splits step k's choices and checks hint2, choices,
 * correct, hide and features against the rest of the step. */
void lesson_check_predict(Lesson *l, int k, Diags *d);
/* lesson_reach.c: step k's editable matrices are shown, and its hint, goal,
 * question and answer name only cells the learner can see or change. */
void lesson_check_reach(const Lesson *l, int k, Diags *d);

#endif
