/* careen - offline disk-image toolkit
 * The value of one hexadecimal digit, for the decoders of %XX escapes,
 * UUIDs and hex dumps on both sides of the channel.
 */

#ifndef CAREEN_HEX_H
#define CAREEN_HEX_H

/* 0 to 15, or -1 when C is not a hexadecimal digit (either case). */
static inline int
hex_digit_value (int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

#endif /* CAREEN_HEX_H */
