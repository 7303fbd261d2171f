/* careen - sanitizer settings for the daemon built with
 * configure --enable-sanitizers.
 *
 * The daemon never exits in the normal way: the appliance powers off
 * under it.  A leak report at exit would go to the console, where no
 * test looks, so leak checking is off; every other AddressSanitizer and
 * UndefinedBehaviorSanitizer finding kills the daemon, and the call in
 * progress fails, which the tests see.
 */

#include <config.h>

#ifdef __SANITIZE_ADDRESS__

const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "detect_leaks=0";
}

#endif
