/** careen - offline disk-image toolkit
 * Writes lib/structs-gen.c (free functions and decoders of the structs
 * returned by calls) and provides the free functions that the daemon's
 * daemon/structs-gen.c shares.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "generator.h"

/* Smallest encoding of one struct: bounds how many a reply can hold. */
static size_t
min_encoded_size (const struct api_struct *s)
{
  size_t j, n = 0;

  for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
    switch (s->fields[j].type) {
    case FIELD_UUID: n += 32; break;
    case FIELD_INT64: case FIELD_UINT64: case FIELD_BYTES:
    case FIELD_OPTPERCENT:
      n += 8; break;
    default: n += 4; break;
    }
  }
  return n;
}

void
pr_struct_free_functions (void)
{
  size_t i, j;

  for (i = 0; api_structs[i].name; ++i) {
    const struct api_struct *s = &api_structs[i];
    bool has_ptr = false;

    for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j)
      if (s->fields[j].type == FIELD_STRING ||
          s->fields[j].type == FIELD_BUFFER)
        has_ptr = true;

    pr ("static void\n"
        "free_%s_fields (struct guestfs_%s *s)\n"
        "{\n", s->name, s->name);
    if (!has_ptr)
      pr ("  (void) s;\n");
    for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j)
      if (s->fields[j].type == FIELD_STRING ||
          s->fields[j].type == FIELD_BUFFER)
        pr ("  free (s->%s);\n", s->fields[j].name);
    pr ("}\n\n");

    pr ("void\n"
        "guestfs_free_%s (struct guestfs_%s *s)\n"
        "{\n"
        "  if (s == NULL)\n"
        "    return;\n"
        "  free_%s_fields (s);\n"
        "  free (s);\n"
        "}\n\n", s->name, s->name, s->name);
    pr ("void\n"
        "guestfs_free_%s_list (struct guestfs_%s_list *l)\n"
        "{\n"
        "  uint32_t i;\n"
        "\n"
        "  if (l == NULL)\n"
        "    return;\n"
        "  for (i = 0; i < l->len; ++i)\n"
        "    free_%s_fields (&l->val[i]);\n"
        "  free (l->val);\n"
        "  free (l);\n"
        "}\n\n", s->name, s->name, s->name);
  }
}

void
generate_lib_structs (const char *srcdir)
{
  size_t i, j;

  output_start (srcdir, "lib/structs-gen.c");
  pr_banner_c ("gen-lib.c",
               "Structs returned by calls: free functions, and decoders for\n"
               " * replies from the appliance.");
  pr ("#include <config.h>\n"
      "\n"
      "#include <stdbool.h>\n"
      "#include <stdint.h>\n"
      "#include <stdlib.h>\n"
      "#include <string.h>\n"
      "\n"
      "#include \"guestfs.h\"\n"
      "#include \"guestfs-internal.h\"\n"
      "\n");
  pr_struct_free_functions ();
  pr_struct_copy_compare_functions ();

  for (i = 0; api_structs[i].name; ++i) {
    const struct api_struct *s = &api_structs[i];

    pr ("/* Smallest encoding of one struct guestfs_%s. */\n"
        "#define %s_MIN_ENCODED %zu\n\n", s->name, upper (s->name),
        min_encoded_size (s));
    pr ("static void\n"
        "decode_%s_fields (struct rbuf *r, struct guestfs_%s *s)\n"
        "{\n", s->name, s->name);
    for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
      const char *f = s->fields[j].name;

      switch (s->fields[j].type) {
      case FIELD_STRING:
        pr ("  s->%s = rbuf_get_string (r, PROTO_MAX_REPLY);\n", f);
        break;
      case FIELD_UUID:
        pr ("  rbuf_get_bytes (r, s->%s, sizeof s->%s);\n", f, f);
        break;
      case FIELD_BUFFER:
        /* The length is a uint32_t in C; a message is far smaller. */
        pr ("  {\n"
            "    size_t len_ = 0;\n"
            "    s->%s = rbuf_get_buffer (r, PROTO_MAX_REPLY, &len_);\n"
            "    s->%s_len = (uint32_t) len_;\n"
            "  }\n", f, f);
        break;
      case FIELD_CHAR:
        pr ("  s->%s = (char) rbuf_get_u32 (r);\n", f);
        break;
      case FIELD_INT32:
        pr ("  s->%s = rbuf_get_i32 (r);\n", f);
        break;
      case FIELD_UINT32:
        pr ("  s->%s = rbuf_get_u32 (r);\n", f);
        break;
      case FIELD_INT64:
        pr ("  s->%s = rbuf_get_i64 (r);\n", f);
        break;
      case FIELD_UINT64: case FIELD_BYTES:
        pr ("  s->%s = rbuf_get_u64 (r);\n", f);
        break;
      case FIELD_OPTPERCENT:
        /* Sent as millionths; negative means absent. */
        pr ("  {\n"
            "    int64_t v = rbuf_get_i64 (r);\n"
            "    s->%s = v < 0 ? -1 : (float) (v / 1e6);\n"
            "  }\n", f);
        break;
      }
    }
    pr ("}\n\n");

    pr ("struct guestfs_%s *\n"
        "guestfs_int_decode_%s (struct rbuf *r)\n"
        "{\n"
        "  struct guestfs_%s *s = calloc (1, sizeof *s);\n"
        "\n"
        "  if (s == NULL) {\n"
        "    r->failed = true;\n"
        "    return NULL;\n"
        "  }\n"
        "  decode_%s_fields (r, s);\n"
        "  if (rbuf_failed (r)) {\n"
        "    guestfs_free_%s (s);\n"
        "    return NULL;\n"
        "  }\n"
        "  return s;\n"
        "}\n\n", s->name, s->name, s->name, s->name, s->name);

    pr ("struct guestfs_%s_list *\n"
        "guestfs_int_decode_%s_list (struct rbuf *r)\n"
        "{\n"
        "  struct guestfs_%s_list *l;\n"
        "  uint32_t n, i;\n"
        "\n"
        "  n = rbuf_get_u32 (r);\n"
        "  /* Bound the allocation by what the remaining bytes can hold. */\n"
        "  if (rbuf_failed (r) || n > PROTO_MAX_LIST ||\n"
        "      n > (r->len - r->pos) / %s_MIN_ENCODED) {\n"
        "    r->failed = true;\n"
        "    return NULL;\n"
        "  }\n"
        "  l = calloc (1, sizeof *l);\n"
        "  if (l == NULL) {\n"
        "    r->failed = true;\n"
        "    return NULL;\n"
        "  }\n"
        "  l->val = calloc (n > 0 ? n : 1, sizeof *l->val);\n"
        "  if (l->val == NULL) {\n"
        "    free (l);\n"
        "    r->failed = true;\n"
        "    return NULL;\n"
        "  }\n"
        "  l->len = n;\n"
        "  for (i = 0; i < n && !rbuf_failed (r); ++i)\n"
        "    decode_%s_fields (r, &l->val[i]);\n"
        "  if (rbuf_failed (r)) {\n"
        "    guestfs_free_%s_list (l);\n"
        "    return NULL;\n"
        "  }\n"
        "  return l;\n"
        "}\n\n", s->name, s->name, s->name, upper (s->name), s->name, s->name);
  }
  output_end ();
}
