/* textview_model.h - a model's heads in plain text (textview_model.c):
 * `attnlab view FILE` without a terminal, and panel model in the plain
 * text view of a lesson. */
#ifndef ATTN_TEXTVIEW_MODEL_H
#define ATTN_TEXTVIEW_MODEL_H

#include <stdio.h>

#include "model/dump.h"

/* The shape and the check in a line, then one line a head: its pattern,
 * how it was found, mean distance, entropy and the first token's share. */
void textview_dump(FILE *out, const AttnDump *d);
/* The same for the file at path (a lesson's `dump`), or the reader's
 * error as a line; the file is read and freed here. */
void textview_dump_file(FILE *out, const char *path);

#endif
