#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/types.h>

/*
 * Command-line options.  Each is declared next to the code that uses it
 * with one of the *_param() macros below; the linker gathers them into one
 * table that parse_cmdline() walks.  Syntax (Xen's):
 *   name=value   name   no-name   name=yes|no|on|off|true|false|1|0
 * Unknown options and bad values are reported, never fatal.
 */
enum param_type { PARAM_BOOL, PARAM_UINT, PARAM_SIZE, PARAM_STRING, PARAM_CUSTOM };

struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int len;                   /* size of *var, or of the string buffer */
    union {
        void *var;
        int (*func)(const char *value); /* returns 0 or -EINVAL etc. */
    } par;
};

/*
 * var must be a plain identifier: it also names the table entry.  The
 * explicit alignment stops GCC from giving the 24-byte entries a larger
 * one (16, for speed), which would leave holes in the table.
 */
#define __param_entry(n) \
    static const struct kernel_param __used __section(".init.param") \
    __aligned(__alignof__(struct kernel_param)) __param_##n
#define __param(n, t, v) \
    __param_entry(v) = { n, t, sizeof(v), { .var = (void *)&(v) } }

#define boolean_param(name, var) __param(name, PARAM_BOOL, var)
#define integer_param(name, var) __param(name, PARAM_UINT, var)
#define size_param(name, var)    __param(name, PARAM_SIZE, var)
#define string_param(name, var)  __param(name, PARAM_STRING, var)
#define custom_param(name, fn) \
    __param_entry(fn) = { name, PARAM_CUSTOM, 0, { .func = fn } }

/* Parse a boolean word: 1 true, 0 false, -1 not a boolean. */
int parse_bool(const char *s, const char *end);

/*
 * Apply every option in cmdline to the table [start, end).  unknown()
 * is called for each option the table does not know; bad values are
 * reported through printk.  Returns the number of problems found.
 */
int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end,
                 void (*unknown)(const char *opt));

/* Parse the hypervisor command line against the built-in table. */
void parse_cmdline(const char *cmdline);

/* The command line as given (with the loader's image name removed). */
extern char saved_cmdline[];
#define CMDLINE_SIZE 1024

#endif
