/*
 * Interface versioning of the public headers.
 *
 * Xen's public headers can present older variants of the interface to
 * guests that ask for them by defining __XEN_INTERFACE_VERSION__.  Ours
 * present exactly one: the latest interface of Xen 4.17, which is also
 * what the hypervisor implements.  Structure layouts are the same in
 * every interface version that matters to a guest running today; what the
 * older versions add are legacy aliases (e.g. console_mfn) that we do not
 * carry.  A guest that asks for an older version still compiles and gets
 * the current names.
 */
#ifndef XEN_PUBLIC_XEN_COMPAT_H
#define XEN_PUBLIC_XEN_COMPAT_H

/*
 * Written 0x00MMmm00.  Xen last raised it in 4.14 (0x0e) and 4.17 still
 * reports that.
 */
#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040e00

#ifndef __XEN_INTERFACE_VERSION__
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#endif

#if __XEN_INTERFACE_VERSION__ > __XEN_LATEST_INTERFACE_VERSION__
#error "__XEN_INTERFACE_VERSION__ is newer than these headers"
#endif

/*
 * Dimension of a variable-length trailing array: a C99 flexible array
 * member, or GNU C's zero-length array before C99.
 */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
#define XEN_FLEX_ARRAY_DIM
#elif defined(__GNUC__)
#define XEN_FLEX_ARRAY_DIM 0
#else
#define XEN_FLEX_ARRAY_DIM 1    /* really variable; sizeof is wrong */
#endif
#define COMPAT_FLEX_ARRAY_DIM XEN_FLEX_ARRAY_DIM

#endif /* XEN_PUBLIC_XEN_COMPAT_H */
