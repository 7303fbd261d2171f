/* careen - offline disk-image toolkit
 * Perl-style substitutions (s/REGEX/REPLACEMENT/FLAGS) applied to each
 * line of a file, with PCRE2: virt-edit -e and virt-customize --edit.
 *
 * The expression language is the substitution operator of perl -pe,
 * not Perl itself: any delimiter (s|a|b|, s{a}{b}), the flags g, i, m,
 * s and x, and in the replacement $1, ${1}, \1, $& and the escapes
 * \n, \t, \\, \$ (plus \u \l \U \L \E).  Each line is matched with its
 * newline, as $_ is under perl -pe.
 */

#ifndef CAREEN_EDIT_EXPR_H
#define CAREEN_EDIT_EXPR_H

#include <stddef.h>

struct edit_expr;

/* Whether EXPR is a substitution (s followed by a delimiter), the only
 * kind of expression this module runs.  Tools that also accept other
 * Perl code hand those to perl(1).
 */
extern int edit_expr_is_substitution (const char *expr);

/* Compiles EXPR.  Returns NULL after printing "PROGRAM: -e: reason"
 * (OPTION names the option, e.g. "-e" or "--edit"), or silently when
 * PROGRAM is NULL.
 */
extern struct edit_expr *edit_expr_compile (const char *program,
                                            const char *option,
                                            const char *expr);
extern void edit_expr_free (struct edit_expr *e);

/* Applies the N expressions, in order, to each line of IN (LEN bytes).
 * Sets *OUT (malloc'd) and *OUT_LEN.  Returns 0, or -1 after printing
 * the error.
 */
extern int edit_expr_apply (const char *program, struct edit_expr *const *e,
                            size_t n, const char *in, size_t len,
                            char **out, size_t *out_len);

/* The same on the host file FILENAME, rewritten in place (same inode,
 * so its private mode is kept).  Returns 0 or -1 (error printed).
 */
extern int edit_expr_apply_file (const char *program,
                                 struct edit_expr *const *e, size_t n,
                                 const char *filename);

#endif /* CAREEN_EDIT_EXPR_H */
