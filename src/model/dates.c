/* dates.c - see dates.h. The reader splits the text into words and numbers;
 * which number is the day and which the year follows the generator's forms
 * (scripts/train_translator.py, date_text), so that every text it writes
 * reads back to its date (tests/test_dates.c checks 3000 of them). */
#include "model/dates.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const MONTHS[12] = {"january", "february", "march",     "april",   "may",      "june",
                                       "july",    "august",   "september", "october", "november", "december"};
static const char *const DAYS[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

#define MAX_NUMS 4

typedef struct {
    int value, digits;
    bool ordinal;       /* "30th" */
    bool apostrophe;    /* "'26" */
} Num;

typedef struct {
    Num num[MAX_NUMS];
    int n_nums;
    int month;          /* from a name, 1..12, or 0 */
    char sep;           /* the numeric separator ('/', '.', '-'), or 0 */
    bool mixed_sep;
} Parts;

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* A word: a month (full or its first three letters) sets p->month; a
 * weekday is ignored. false for any other word, or a second month. */
static bool word(const char *w, size_t len, Parts *p)
{
    for (int k = 0; k < 7; k++)
        if ((len == 3 || len == strlen(DAYS[k])) && strncmp(w, DAYS[k], len) == 0)
            return true;
    for (int k = 0; k < 12; k++)
        if ((len == 3 || len == strlen(MONTHS[k])) && strncmp(w, MONTHS[k], len) == 0) {
            if (p->month)
                return false;
            p->month = k + 1;
            return true;
        }
    return false;
}

/* Splits text into p; false (with why) on anything the forms do not hold. */
static bool split(const char *text, Parts *p, char *why, size_t whylen)
{
    char low[64];
    size_t len = strlen(text);
    if (len == 0 || len >= sizeof low) {
        snprintf(why, whylen, len ? "it is too long" : "it is empty");
        return false;
    }
    for (size_t i = 0; i <= len; i++)
        low[i] = (char)tolower((unsigned char)text[i]);
    bool apos = false;
    for (const char *s = low; *s;) {
        if (isdigit((unsigned char)*s)) {
            if (p->n_nums == MAX_NUMS) {
                snprintf(why, whylen, "it has too many numbers");
                return false;
            }
            Num *x = &p->num[p->n_nums++];
            x->apostrophe = apos;
            apos = false;
            for (; isdigit((unsigned char)*s) && x->digits < 5; s++, x->digits++)
                x->value = x->value * 10 + (*s - '0');
            static const char *const suf[] = {"st", "nd", "rd", "th"};
            for (int k = 0; k < 4; k++)
                if (strncmp(s, suf[k], 2) == 0 && !isalpha((unsigned char)s[2])) {
                    x->ordinal = true;
                    s += 2;
                }
        } else if (isalpha((unsigned char)*s)) {
            const char *w = s;
            while (isalpha((unsigned char)*s))
                s++;
            if (!word(w, (size_t)(s - w), p)) {
                snprintf(why, whylen, "\"%.*s\" is no month or weekday attnlab knows", (int)(s - w), text + (w - low));
                return false;
            }
        } else if (*s == '/' || *s == '.' || *s == '-') {
            if (p->sep && p->sep != *s)
                p->mixed_sep = true;
            p->sep = *s++;
        } else if (*s == '\'') {
            apos = true;
            s++;
        } else if (*s == ' ' || *s == ',') {
            s++;
        } else {
            snprintf(why, whylen, "'%c' belongs to no date", *s);
            return false;
        }
    }
    return true;
}

/* A year as written: 4 digits as they are, 2 digits as 1950..2049; -1
 * for any other length. */
static int year_of(const Num *x)
{
    if (x->digits == 4)
        return x->value;
    if (x->digits == 2)
        return x->value < 50 ? 2000 + x->value : 1900 + x->value;
    return -1;
}

/* Day, month and year from the parts; false (with why) when they do not
 * make one date in one of the forms. */
static bool assign(const Parts *p, int *d, int *m, int *y, char *why, size_t whylen)
{
    const Num *a = &p->num[0], *b = &p->num[1], *c = &p->num[2];
    if (p->month) {                      /* a month name and two numbers */
        if (p->n_nums != 2 || p->sep) {
            snprintf(why, whylen, p->sep ? "it mixes a month name with / . -" : "it needs a day and a year");
            return false;
        }
        /* the year: 4 digits, else the one marked '26, else the second */
        bool b_year = b->digits == 4 || a->ordinal || (a->digits != 4 && !a->apostrophe);
        const Num *day = b_year ? a : b, *yr = b_year ? b : a;
        if (day->digits > 2 || day->apostrophe || yr->ordinal) {
            snprintf(why, whylen, "it has no clear day and year");
            return false;
        }
        *d = day->value;
        *m = p->month;
        *y = year_of(yr);
    } else {                             /* d/m/y or y/m/d */
        if (p->n_nums != 3 || !p->sep || p->mixed_sep || a->ordinal || b->ordinal || c->ordinal) {
            snprintf(why, whylen, "it is no day, month and year");
            return false;
        }
        const Num *day = a->digits == 4 ? c : a, *yr = a->digits == 4 ? a : c;
        if (day->digits > 2 || b->digits > 2 || (a->digits == 4 && c->digits == 4)) {
            snprintf(why, whylen, "it is no day, month and year");
            return false;
        }
        *d = day->value;
        *m = b->value;
        *y = year_of(yr);
    }
    if (*y < 0) {
        snprintf(why, whylen, "a year has 2 or 4 digits");
        return false;
    }
    return true;
}

int dates_read(const char *text, char iso[DATES_ISO], char *why, size_t whylen)
{
    char spare[8];
    if (!why) {
        why = spare;
        whylen = sizeof spare;
    }
    Parts p = {0};
    int d, m, y;
    if (!split(text, &p, why, whylen) || !assign(&p, &d, &m, &y, why, whylen))
        return -1;
    if (m < 1 || m > 12) {
        snprintf(why, whylen, "there is no month %d", m);
        return -1;
    }
    if (y < 1 || d < 1 || d > month_days(y, m)) {
        snprintf(why, whylen, "%s %d has no day %d", MONTHS[m - 1], y, d);
        why[0] = (char)toupper((unsigned char)why[0]);
        return -1;
    }
    snprintf(iso, DATES_ISO, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    return 0;
}

/* ---------------------------------------------------------------- writing */

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static int below(uint64_t *s, int n)
{
    return (int)(next(s) % (uint64_t)n);
}

/* Days since 1970-01-01 of y-m-d, and back (Hinnant's civil algorithms). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A name as the generator's _case writes it: as it is, lower or upper. */
static void cased(uint64_t *s, const char *name, size_t len, char *out)
{
    int k = below(s, 20);
    for (size_t i = 0; i < len; i++)
        out[i] = (char)(k < 9 ? (i ? name[i] : toupper((unsigned char)name[i]))
                              : k < 17 ? name[i] : toupper((unsigned char)name[i]));
    out[len] = '\0';
}

/* "3" or "03", as the generator's _dd. */
static void dd(uint64_t *s, int v, char *out)
{
    snprintf(out, 4, below(s, 2) ? "%02d" : "%d", v % 100);
}

static const char *ordinal(int d)
{
    if (d >= 10 && d <= 20)
        return "th";
    return d % 10 == 1 ? "st" : d % 10 == 2 ? "nd" : d % 10 == 3 ? "rd" : "th";
}

#define TAUGHT_FORMS 21
#define ALL_FORMS 26

void dates_sample(uint64_t *rng, int untaught, char *buf, size_t n, char iso[DATES_ISO])
{
    long lo = days_from_civil(1900, 1, 1), hi = days_from_civil(2099, 12, 31);
    long z = lo + (long)(next(rng) % (uint64_t)(hi - lo + 1));
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    int wd = (int)(((z % 7) + 7 + 3) % 7);     /* 1970-01-01 was a Thursday */
    char mon[12], mo3[4], wdn[12], wd3[4], a[4], b[4];
    cased(rng, MONTHS[m - 1], strlen(MONTHS[m - 1]), mon);
    cased(rng, MONTHS[m - 1], 3, mo3);
    cased(rng, DAYS[wd], strlen(DAYS[wd]), wdn);
    cased(rng, DAYS[wd], 3, wd3);
    dd(rng, d, a);
    dd(rng, m, b);
    int yy = y % 100;
    bool two = y >= 1950 && y <= 2049;
    int forms = two ? TAUGHT_FORMS : TAUGHT_FORMS - 4;
    int f = below(rng, untaught ? forms + ALL_FORMS - TAUGHT_FORMS : forms);
    if (f >= forms)
        f = TAUGHT_FORMS + (f - forms);
    switch (f) {
    case 0: snprintf(buf, n, "%d %s %d", d, mo3, y); break;
    case 1: snprintf(buf, n, "%d %s %d", d, mon, y); break;
    case 2: snprintf(buf, n, "%s %d, %d", mon, d, y); break;
    case 3: snprintf(buf, n, "%s %d, %d", mo3, d, y); break;
    case 4: snprintf(buf, n, "%s %d %s %d", wdn, d, mon, y); break;
    case 5: snprintf(buf, n, "%s, %d %s %d", wdn, d, mon, y); break;
    case 6: snprintf(buf, n, "%s %d %s %d", wd3, d, mo3, y); break;
    case 7: snprintf(buf, n, "%s, %s %d, %d", wdn, mon, d, y); break;
    case 8: snprintf(buf, n, "%d%s %s %d", d, ordinal(d), mon, y); break;
    case 9: snprintf(buf, n, "%s %d%s, %d", mon, d, ordinal(d), y); break;
    case 10: snprintf(buf, n, "%s/%s/%d", a, b, y); break;
    case 11: snprintf(buf, n, "%s.%s.%d", a, b, y); break;
    case 12: snprintf(buf, n, "%s-%s-%d", a, b, y); break;
    case 13: snprintf(buf, n, "%d.%02d.%02d", y, m, d); break;
    case 14: snprintf(buf, n, "%d/%02d/%02d", y, m, d); break;
    case 15: snprintf(buf, n, "%d-%02d-%02d", y, m, d); break;
    case 16: snprintf(buf, n, "%d %s %d", y, mon, d); break;
    case 17: snprintf(buf, n, "%s/%s/%02d", a, b, yy); break;
    case 18: snprintf(buf, n, "%s.%s.%02d", a, b, yy); break;
    case 19: snprintf(buf, n, "%d %s %02d", d, mo3, yy); break;
    case 20: snprintf(buf, n, "%s %d, '%02d", mo3, d, yy); break;
    /* orders the model never saw: the month's name before the day without
     * a comma, the year first with a short month, no zero padding */
    case 21: snprintf(buf, n, "%s %d %d", mo3, d, y); break;
    case 22: snprintf(buf, n, "%s %d %d", mon, d, y); break;
    case 23: snprintf(buf, n, "%d %s %d", y, mo3, d); break;
    case 24: snprintf(buf, n, "%d-%d-%d", y, m, d); break;
    default:
        if (two)
            snprintf(buf, n, "%d/%d/%02d", d, m, yy);
        else
            snprintf(buf, n, "%d/%d/%d", d, m, y);
        break;
    }
    snprintf(iso, DATES_ISO, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}
