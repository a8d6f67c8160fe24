#ifndef XEN_VERSION_H
#define XEN_VERSION_H
/* We report Xen 4.17 to guests (their feature checks key off it). */
#define XEN_VERSION_MAJOR   4
#define XEN_VERSION_MINOR   17
#define XEN_EXTRAVERSION    ".0-xh"
#define XEN_VERSION_STRING  "4.17.0-xh"
#define XEN_BANNER_NAME     "Xen-compatible hypervisor (xh)"
#define XEN_COMPILER        "gcc " __VERSION__
#define XEN_BUILD_DATE      __DATE__ " " __TIME__
#endif
