/* careen - offline disk-image toolkit
 * Recursive removal of a directory on the host.
 */

#ifndef CAREEN_REMOVE_TREE_H
#define CAREEN_REMOVE_TREE_H

/* remove-tree.c.  Removes DIR and everything in it, never following a
 * symbolic link (a link is removed, not what it points to), and going
 * on past what cannot be removed.  Returns 0, or -1 with errno of the
 * first failure.  A DIR that does not exist is not an error.
 */
extern int remove_tree (const char *dir);

#endif /* CAREEN_REMOVE_TREE_H */
