#ifndef XEN_DOM0_OPTIONS_H
#define XEN_DOM0_OPTIONS_H

#include <xen/types.h>

/*
 * dom0_mem= and dom0_max_vcpus= (Xen's syntax), parsed at boot for the
 * dom0 builder:
 *   dom0_mem=[min:<sz>,][max:<sz>,][<sz>]
 *     <sz> is a size ("512M"; a bare number is KiB), a percentage of host
 *     memory ("40%"), either optionally negative ("-1G": all but 1 GiB).
 *   dom0_max_vcpus=<n> | <min>-<max>
 */
struct dom0_size {
    bool set;
    bool percent;       /* value is a percentage of host memory */
    bool negative;      /* host memory minus value */
    uint64_t value;     /* bytes, or percent */
};

struct dom0_mem_spec {
    struct dom0_size amount, min, max;
};

/* Parse into *spec; -EINVAL (spec untouched) on malformed input. */
int dom0_mem_parse(const char *s, struct dom0_mem_spec *spec);

/*
 * Pages to give dom0 out of avail host pages: amount (default: all but
 * 1/16th, at most 128 MiB held back), then clamped to [min, max] and to
 * avail.
 */
uint64_t dom0_mem_pages(const struct dom0_mem_spec *spec, uint64_t avail);

/*
 * The most pages dom0 may grow to (its max_pages, what
 * XENMEM_maximum_reservation reports): max: if given, else as in Xen no
 * limit but the 32-bit page count (DOM0_UNLIMITED_PAGES).  Linux then
 * lays out its memory map up to the host's RAM and keeps the part above
 * its pages ballooned out.
 */
#define DOM0_UNLIMITED_PAGES    0xffffffffULL
uint64_t dom0_mem_max_pages(const struct dom0_mem_spec *spec, uint64_t avail);

struct dom0_vcpus_spec {
    unsigned int min, max;  /* max 0: no limit */
};

int dom0_vcpus_parse(const char *s, struct dom0_vcpus_spec *spec);
/* vCPUs for dom0 given host_cpus physical CPUs online. */
unsigned int dom0_vcpus_count(const struct dom0_vcpus_spec *spec,
                              unsigned int host_cpus);

extern struct dom0_mem_spec dom0_mem;
extern struct dom0_vcpus_spec dom0_vcpus;

#endif
