/* lesson.h - lesson files: UTF-8 INI (libinih), documented in lessons/FORMAT.md.
 *
 * A Lesson owns every string and matrix in it; each step holds the state it
 * inherited, resolved: its configuration, its matrices (borrowed from the
 * lesson), tokens and panels. lesson_free() releases all of it. */
#ifndef ATTN_LESSON_H
#define ATTN_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "engine/engine.h"
#include "lesson/lesson_image.h"
#include "lesson/lesson_tr.h"
#include "lesson/panel.h"
#include "lesson/ref.h"

typedef struct {
    char *en, *zh;          /* either may be NULL */
} Text;

/* The text in lang ("en" or "zh"), falling back to the other; "" if none. */
const char *text_get(const Text *t, const char *lang);

/* Settings, so that an error can point at the line that set one: the
 * engine's (CfgField) and then the lesson's own. */
enum {
    KEY_QUERIES = CF__COUNT, KEY_KEYS, KEY_PANELS, KEY_EDIT, KEY_FEATURES,
    /* the step's own keys (not inherited): where a prediction or hint2 was set */
    KEY_HINT2, KEY_CHOICES, KEY_CORRECT, KEY_HIDE, KEY_SETTINGS, KEY__COUNT
};

#define LESSON_MAX_CHOICES 6

#define LESSON_MAX_PANELS 16

typedef struct LessonStep {
    int line;                       /* of its [step] header */
    Text title, text, hint, question, answer;
    Text hint2;                     /* a second hint that nearly gives it away */
    Text goal_words;                /* the goal said by the lesson, when the words
                                       generated from the labels would not do */
    Text choices;                   /* as written: "larger | smaller | the same" */
    AttnConfig cfg;
    Mat mats[M__COUNT];             /* borrowed from the lesson; empty if none */
    int mat_line[M__COUNT];         /* where each matrix was written */
    int key_line[KEY__COUNT];       /* where each setting was last written */
    char **queries, **keys;         /* token labels, borrowed; NULL if none */
    int n_queries, n_keys;
    char **features;                /* names of Q/K/X's columns, borrowed; NULL if none */
    int n_features;
    int panels[LESSON_MAX_PANELS];  /* in the order the lesson lists them */
    int n_panels;
    unsigned editable;              /* bit (1u << MatName) per editable matrix */
    bool settings_fixed;            /* settings = fixed: the lab's setting keys
                                       (s d m t T / o H) change nothing here */
    bool has_goal;
    Goal goal;
    char *goal_text;
    int goal_line;
    /* a committed prediction: choices split from `choices` (owned, after
     * loading; choice_zh NULL without choices.zh), the 1-based right one,
     * and the panels hidden until the learner picks */
    int n_choices;
    char **choice_en, **choice_zh;
    int correct;
    int hide[LESSON_MAX_PANELS];
    int n_hide;
    /* a translator step (lesson_tr.h): the file, input and decode count as
     * written (strings borrowed from the lesson; tr_file NULL if none), the
     * inputs `check --solve` may try, and the numbers (owned) */
    const char *tr_file, *tr_input;
    int tr_decode, tr_line;
    char **tr_try;
    int n_tr_try;
    LessonTr *tr;
} LessonStep;

typedef struct {
    char *path;
    Text title, summary;
    LessonImage image;      /* `image` and `grid`: the keys are a picture's regions */
    char *dump;             /* `dump`: a model's attention file (panel model), as resolved; owned, or NULL */
    int dump_line;
    int n_steps;
    LessonStep *steps;
    /* storage the steps borrow from */
    Mat *owned_mats;
    int n_owned_mats, cap_owned_mats;
    char ***owned_tokens;
    int n_owned_tokens, cap_owned_tokens;
    /* the translators its steps run, loaded once (lesson_tr.c) */
    S2sModel *tr_models[LESSON_TR_MODELS];
    const char *tr_names[LESSON_TR_MODELS];
    int n_tr_models;
} Lesson;

/* Loads each step's translator and computes its numbers (lesson_tr.c);
 * problems go to d as FILE:LINE. */
void lesson_tr_prepare(Lesson *l, Diags *d);
/* The model a step runs, or NULL. */
const S2sModel *lesson_tr_model(const Lesson *l, const LessonStep *s);

/* Reads and checks a lesson: syntax, keys, shapes (by running every step),
 * goals and placeholders. Problems go to d as FILE:LINE: message. Returns 0
 * when the lesson is usable, else -1 (and *out is left empty). */
int lesson_load(const char *path, Lesson *out, Diags *d);
/* The same from memory (n bytes, need not end in NUL); name is used in messages. */
int lesson_load_mem(const char *name, const char *data, size_t n, Lesson *out, Diags *d);
void lesson_free(Lesson *l);

/* The scenario of step k, borrowing the lesson's matrices. */
Scenario lesson_scenario(const Lesson *l, int k);

/* Where lessons are found when named without a path: $ATTNLAB_LESSONS, the
 * lessons/ folder beside the executable (the source tree), then the installed
 * share/attnlab/lessons. Returns the first that exists, or NULL. Not owned by
 * the caller: either the environment's own string (valid until ATTNLAB_LESSONS
 * is changed) or a static buffer that the next call overwrites; copy it to
 * keep it. Not thread-safe. */
const char *lesson_dir(void);
/* The bundled lessons' paths in order (NN-name.lesson sorted); caller frees
 * each string and the array. Returns the count. */
int lesson_list(char ***paths);
/* A lesson named by a path, a number (the file numbered so, "11" for
 * 11-hierarchical.lesson; for files without a number, 1 = first bundled) or a name
 * ("three-stages" finds 01-three-stages.lesson). Returns a malloc'd path,
 * or NULL when nothing matches. */
char *lesson_resolve(const char *arg);
/* The number a lesson's file name starts with ("10-multi..." -> 10), or 0:
 * the number the menu shows and `attnlab N` opens. */
int lesson_number(const char *path);



/* Choice i (0-based) of step s in lang, falling back to English; "" if none. */
const char *lesson_choice(const LessonStep *s, int i, const char *lang);
/* Is panel id among the step's `hide` panels (hidden until the prediction)? */
bool lesson_hides(const LessonStep *s, int panel);

/* Whether a step (its scenario sc) of l can show its attention over l's
 * picture (panel image): l has one, and the keys are its regions; if not,
 * a sentence in why. lesson_picture.c. */
bool lesson_image_check(const Lesson *l, const Scenario *sc, char *why, size_t n);

/* The label of query (or key) i of step s: the lesson's, or "q0", "k0"... */
const char *lesson_label(const LessonStep *s, bool query, int i, char *buf, size_t n);

#endif
