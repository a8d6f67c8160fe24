/*
 * The XenStore wire protocol, spoken by xenstored with its clients: over
 * a Unix socket in dom0, or over the shared ring page of struct
 * xenstore_domain_interface with a guest (start_info.store_mfn,
 * store_evtchn).
 *
 * Every message is a struct xsd_sockmsg header followed by 'len' bytes of
 * payload, generally NUL-terminated strings.  A reply echoes the
 * request's type, req_id and tx_id; a failure is an XS_ERROR reply whose
 * payload is the error's name (e.g. "ENOENT").  Watches fire as
 * unsolicited XS_WATCH_EVENT messages with payload "path\0token\0".
 *
 * The xsd_errors table appears only when the E* names of <errno.h> are
 * defined.
 */
#ifndef XEN_PUBLIC_IO_XS_WIRE_H
#define XEN_PUBLIC_IO_XS_WIRE_H

#include "../xen-types.h"

enum xsd_sockmsg_type
{
    XS_CONTROL,                 /* debug/control commands to xenstored */
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY,               /* list children: "path\0" */
    XS_READ,                    /* "path\0" */
    XS_GET_PERMS,               /* "path\0" */
    XS_WATCH,                   /* "path\0token\0" */
    XS_UNWATCH,                 /* "path\0token\0" */
    XS_TRANSACTION_START,       /* "\0"; reply: the id as a string */
    XS_TRANSACTION_END,         /* "T\0" commit or "F\0" abort */
    XS_INTRODUCE,               /* "domid\0mfn\0evtchn\0" (dom0) */
    XS_RELEASE,                 /* "domid\0" (dom0) */
    XS_GET_DOMAIN_PATH,         /* "domid\0" */
    XS_WRITE,                   /* "path\0" then the value */
    XS_MKDIR,                   /* "path\0" */
    XS_RM,                      /* "path\0" */
    XS_SET_PERMS,               /* "path\0perm\0perm\0..." */
    XS_WATCH_EVENT,             /* from xenstored: "path\0token\0" */
    XS_ERROR,                   /* from xenstored: "EXXX\0" */
    XS_IS_DOMAIN_INTRODUCED,    /* "domid\0"; reply "T" or "F" */
    XS_RESUME,                  /* "domid\0" (dom0) */
    XS_SET_TARGET,              /* "domid\0target\0" (dom0) */
    /* 20 was XS_RESTRICT, now gone */
    XS_RESET_WATCHES = XS_SET_TARGET + 2,   /* drop all of the caller's watches */
    XS_DIRECTORY_PART,          /* "path\0offset\0": a long directory in pieces */

    XS_TYPE_COUNT,              /* number of types defined */

    XS_INVALID = 0xffff         /* never a valid type */
};

/* Historic XS_WRITE flag strings. */
#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Errors travel as their names; this is the table of names xenstored may
 * send, in a fixed order (new ones go at the end).
 */
struct xsd_errors
{
    int errnum;
    const char *errstring;
};
#ifdef EINVAL
#define XSD_ERROR(x) { x, #x }
static const struct xsd_errors xsd_errors[]
#ifdef __GNUC__
__attribute__((unused))
#endif
    = {
    XSD_ERROR(EINVAL),
    XSD_ERROR(EACCES),
    XSD_ERROR(EEXIST),
    XSD_ERROR(EISDIR),
    XSD_ERROR(ENOENT),
    XSD_ERROR(ENOMEM),
    XSD_ERROR(ENOSPC),
    XSD_ERROR(EIO),
    XSD_ERROR(ENOTEMPTY),
    XSD_ERROR(ENOSYS),
    XSD_ERROR(EROFS),
    XSD_ERROR(EBUSY),
    XSD_ERROR(EAGAIN),
    XSD_ERROR(EISCONN),
    XSD_ERROR(E2BIG),
    XSD_ERROR(EPERM),
};
#endif

struct xsd_sockmsg
{
    uint32_t type;              /* XS_* */
    uint32_t req_id;            /* chosen by the client, echoed in the reply */
    uint32_t tx_id;             /* transaction, 0 for none */
    uint32_t len;               /* payload bytes that follow */
};

/* Fields of an XS_WATCH_EVENT payload, in order. */
enum xs_watch_type
{
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN
};

/*
 * The guest's XenStore ring page: two byte rings with free-running
 * indexes, masked with MASK_XENSTORE_IDX.  The guest produces into req
 * and consumes rsp; xenstored the reverse.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* requests to xenstored */
    char rsp[XENSTORE_RING_SIZE];   /* replies and watch events */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;   /* xenstored: XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;        /* XENSTORE_CONNECTED / _RECONNECT */
    uint32_t error;             /* xenstored: XENSTORE_ERROR_* */
};

/* Largest payload of a message; exceeding it breaks the connection. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest paths (absolute, relative); longer ones get an error reply. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1  /* ring reconnection */
#define XENSTORE_SERVER_FEATURE_ERROR        2  /* the error field exists */

/*
 * connection: the guest sets XENSTORE_RECONNECT to ask for a reset of the
 * ring; xenstored sets it back to XENSTORE_CONNECTED when done.
 */
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

/* error: why xenstored stopped serving the ring. */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1    /* communication failure */
#define XENSTORE_ERROR_RINGIDX 2    /* indexes out of range */
#define XENSTORE_ERROR_PROTO   3    /* protocol violation (e.g. payload too long) */

#endif /* XEN_PUBLIC_IO_XS_WIRE_H */
