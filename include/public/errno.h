/*
 * Error numbers returned by hypercalls (as negative values).  They are
 * Linux's numbers for the same names, so a Linux guest can pass them on
 * unchanged.
 *
 * Two ways to use this header:
 *  - include it plainly: you get enum xen_errno with XEN_EPERM = 1 ...;
 *  - define XEN_ERRNO(name, value) first and include it: the list below is
 *    expanded through your macro (once per inclusion) and XEN_ERRNO is
 *    undefined again.  The hypervisor uses this to check its own values.
 * EINTR and ERESTART exist only inside the hypervisor (__XEN__): a guest
 * never sees them.
 */

#ifndef XEN_ERRNO

#ifndef XEN_PUBLIC_ERRNO_H
#define XEN_PUBLIC_ERRNO_H
#define XEN_ERRNO_DEFAULT_INCLUDE
#ifndef __ASSEMBLY__
#define XEN_ERRNO(name, value) XEN_##name = value,
enum xen_errno {
#endif
#endif /* XEN_PUBLIC_ERRNO_H */

#endif /* !XEN_ERRNO */

#ifdef XEN_ERRNO
XEN_ERRNO(EPERM,          1)    /* not permitted */
XEN_ERRNO(ENOENT,         2)    /* no such entry */
XEN_ERRNO(ESRCH,          3)    /* no such domain or vCPU */
#ifdef __XEN__
XEN_ERRNO(EINTR,          4)    /* hypervisor-internal */
#endif
XEN_ERRNO(EIO,            5)    /* I/O error */
XEN_ERRNO(ENXIO,          6)    /* no such device or address */
XEN_ERRNO(E2BIG,          7)    /* argument list too long */
XEN_ERRNO(ENOEXEC,        8)    /* bad executable format */
XEN_ERRNO(EBADF,          9)    /* bad handle */
XEN_ERRNO(ECHILD,        10)    /* no child */
XEN_ERRNO(EAGAIN,        11)    /* try again */
XEN_ERRNO(EWOULDBLOCK,   11)    /* same as EAGAIN */
XEN_ERRNO(ENOMEM,        12)    /* out of memory */
XEN_ERRNO(EACCES,        13)    /* permission denied */
XEN_ERRNO(EFAULT,        14)    /* bad guest address */
XEN_ERRNO(EBUSY,         16)    /* busy */
XEN_ERRNO(EEXIST,        17)    /* already exists */
XEN_ERRNO(EXDEV,         18)    /* cross-device link */
XEN_ERRNO(ENODEV,        19)    /* no such device */
XEN_ERRNO(ENOTDIR,       20)    /* not a directory */
XEN_ERRNO(EISDIR,        21)    /* is a directory */
XEN_ERRNO(EINVAL,        22)    /* invalid argument */
XEN_ERRNO(ENFILE,        23)    /* too many open objects system-wide */
XEN_ERRNO(EMFILE,        24)    /* too many open objects */
XEN_ERRNO(ENOSPC,        28)    /* no space left */
XEN_ERRNO(EROFS,         30)    /* read-only */
XEN_ERRNO(EMLINK,        31)    /* too many links */
XEN_ERRNO(EDOM,          33)    /* argument out of domain */
XEN_ERRNO(ERANGE,        34)    /* result out of range */
XEN_ERRNO(EDEADLK,       35)    /* deadlock avoided */
XEN_ERRNO(EDEADLOCK,     35)    /* same as EDEADLK */
XEN_ERRNO(ENAMETOOLONG,  36)    /* name too long */
XEN_ERRNO(ENOLCK,        37)    /* no locks available */
XEN_ERRNO(ENOSYS,        38)    /* no such hypercall or sub-op */
XEN_ERRNO(ENOTEMPTY,     39)    /* not empty */
XEN_ERRNO(ENODATA,       61)    /* no data */
XEN_ERRNO(ETIME,         62)    /* time already passed */
XEN_ERRNO(EBADMSG,       74)    /* bad message */
XEN_ERRNO(EOVERFLOW,     75)    /* value too large */
XEN_ERRNO(EILSEQ,        84)    /* illegal byte sequence */
#ifdef __XEN__
XEN_ERRNO(ERESTART,      85)    /* hypervisor-internal: continue the call */
#endif
XEN_ERRNO(ENOTSOCK,      88)    /* not a socket */
XEN_ERRNO(EMSGSIZE,      90)    /* message too large */
XEN_ERRNO(EOPNOTSUPP,    95)    /* not supported */
XEN_ERRNO(EADDRINUSE,    98)    /* address in use */
XEN_ERRNO(EADDRNOTAVAIL, 99)    /* address not available */
XEN_ERRNO(ENOBUFS,      105)    /* no buffer space */
XEN_ERRNO(EISCONN,      106)    /* already connected */
XEN_ERRNO(ENOTCONN,     107)    /* not connected */
XEN_ERRNO(ETIMEDOUT,    110)    /* timed out */
XEN_ERRNO(ECONNREFUSED, 111)    /* connection refused */
#undef XEN_ERRNO
#endif /* XEN_ERRNO */

#ifdef XEN_ERRNO_DEFAULT_INCLUDE
#undef XEN_ERRNO_DEFAULT_INCLUDE
#ifndef __ASSEMBLY__
};
#endif
#endif
