/*
 * Shared-memory request/response rings of the split drivers (netif,
 * blkif, ...).  A ring lives in one or more granted pages shared by a
 * frontend (which produces requests and consumes responses) and a
 * backend (the reverse).  The layout of the shared part and the meaning
 * of its four indexes are ABI: Linux's drivers on either side rely on
 * them.
 *
 * Indexes are free-running 32-bit counters, never wrapped by hand; an
 * entry's slot is (index & (size - 1)), the size being a power of two.
 *
 *   req_prod   written by the frontend: requests [0, req_prod) exist.
 *   rsp_prod   written by the backend: responses [0, rsp_prod) exist.
 *   req_event  written by the backend: "notify me when req_prod passes
 *              this" (set to req_cons + 1 before it goes idle).
 *   rsp_event  the same from the frontend for responses.
 *
 * Each side keeps its private producer and consumer indexes in a
 * front/back ring structure in its own memory and publishes its producer
 * index with a write barrier (the entries must be visible first).
 *
 * Users provide memset() for SHARED_RING_INIT, offsetof() for
 * __CONST_RING_SIZE; the FLEX rings also need size_t, memcpy() and
 * grant_ref_t.  Memory
 * barriers are xen_mb(), xen_rmb() and xen_wmb(); if the includer has not
 * defined them, the compiler's atomic fences are used.
 */
#ifndef XEN_PUBLIC_IO_RING_H
#define XEN_PUBLIC_IO_RING_H

#include "../xen-compat.h"
#include "../xen-types.h"

#ifndef xen_mb
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef xen_rmb
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef xen_wmb
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

typedef unsigned int RING_IDX;

/* The largest power of two <= x, for a 32-bit constant x (0 for 0). */
#define __RD2(x)  (((x) & 0x00000002) ? 0x2 : ((x) & 0x1))
#define __RD4(x)  (((x) & 0x0000000c) ? __RD2((x) >> 2) << 2 : __RD2(x))
#define __RD8(x)  (((x) & 0x000000f0) ? __RD4((x) >> 4) << 4 : __RD4(x))
#define __RD16(x) (((x) & 0x0000ff00) ? __RD8((x) >> 8) << 8 : __RD8(x))
#define __RD32(x) (((x) & 0xffff0000) ? __RD16((x) >> 16) << 16 : __RD16(x))

/*
 * Entries of ring type 'name' that fit in 'bytes' of shared memory: what
 * is left after the header, in whole entries, rounded down to a power of
 * two.  __CONST_RING_SIZE is a constant expression (for array bounds);
 * __RING_SIZE takes a pointer to the shared ring instead of the name.
 */
#define __CONST_RING_SIZE(name, bytes)                                  \
    (__RD32(((bytes) - offsetof(struct name##_sring, ring)) /           \
            sizeof(((struct name##_sring *)0)->ring[0])))
#define __RING_SIZE(s, bytes)                                           \
    (__RD32(((bytes) - (long)(s)->ring + (long)(s)) / sizeof((s)->ring[0])))

/*
 * DEFINE_RING_TYPES(name, req_t, rsp_t) declares, for requests of type
 * req_t and responses of type rsp_t:
 *   union name_sring_entry     one slot: a request or its response;
 *   struct name_sring          the shared page: indexes, 48 bytes that
 *                              some protocols use privately (pvt) or
 *                              reserve, then the slots from byte 64;
 *   struct name_front_ring     the frontend's private indexes;
 *   struct name_back_ring      the backend's private indexes;
 * and name_sring_t, name_front_ring_t, name_back_ring_t.
 *
 * Set-up: the frontend initialises the shared page and its ring with
 * XEN_FRONT_RING_INIT(&front, sring, PAGE_SIZE); the backend, once
 * connected, with BACK_RING_INIT(&back, sring, PAGE_SIZE).
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)                           \
                                                                        \
union name##_sring_entry {                                              \
    req_t req;                                                          \
    rsp_t rsp;                                                          \
};                                                                      \
                                                                        \
struct name##_sring {                                                   \
    RING_IDX req_prod, req_event;                                       \
    RING_IDX rsp_prod, rsp_event;                                       \
    union {                                                             \
        struct {                                                        \
            uint8_t smartpoll_active;                                   \
        } netif;                                                        \
        struct {                                                        \
            uint8_t msg;                                                \
        } tapif_user;                                                   \
        uint8_t pvt_pad[4];                                             \
    } pvt;                                                              \
    uint8_t __pad[44];                                                  \
    union name##_sring_entry ring[1];   /* really as many as fit */     \
};                                                                      \
                                                                        \
struct name##_front_ring {                                              \
    RING_IDX req_prod_pvt;      /* next request slot to fill */         \
    RING_IDX rsp_cons;          /* next response to consume */         \
    unsigned int nr_ents;                                               \
    struct name##_sring *sring;                                         \
};                                                                      \
                                                                        \
struct name##_back_ring {                                               \
    RING_IDX rsp_prod_pvt;      /* next response slot to fill */        \
    RING_IDX req_cons;          /* next request to consume */           \
    unsigned int nr_ents;                                               \
    struct name##_sring *sring;                                         \
};                                                                      \
                                                                        \
typedef struct name##_sring name##_sring_t;                             \
typedef struct name##_front_ring name##_front_ring_t;                   \
typedef struct name##_back_ring name##_back_ring_t

/*
 * The macros below take a front or back ring 'r' (pointer) unless said
 * otherwise.  They do no locking and no flow control: that is enough for
 * one-response-per-request protocols in which the frontend never has
 * more than RING_SIZE requests outstanding.
 */

/* Empty shared ring: all indexes 0, both event thresholds 1. */
#define SHARED_RING_INIT(s) do {                                        \
    (s)->req_prod  = (s)->rsp_prod  = 0;                                \
    (s)->req_event = (s)->rsp_event = 1;                                \
    (void)memset((s)->pvt.pvt_pad, 0, sizeof((s)->pvt.pvt_pad));        \
    (void)memset((s)->__pad, 0, sizeof((s)->__pad));                    \
} while ( 0 )

/* Attach to shared ring s of 'size' bytes, resuming at index i. */
#define FRONT_RING_ATTACH(r, s, i, size) do {                           \
    (r)->req_prod_pvt = (i);                                            \
    (r)->rsp_cons = (i);                                                \
    (r)->nr_ents = __RING_SIZE(s, size);                                \
    (r)->sring = (s);                                                   \
} while ( 0 )

#define FRONT_RING_INIT(r, s, size) FRONT_RING_ATTACH(r, s, 0, size)

/* Frontend set-up of a fresh ring: the shared part and the private part. */
#define XEN_FRONT_RING_INIT(r, s, size) do {                            \
    SHARED_RING_INIT(s);                                                \
    FRONT_RING_INIT(r, s, size);                                        \
} while ( 0 )

#define BACK_RING_ATTACH(r, s, i, size) do {                            \
    (r)->rsp_prod_pvt = (i);                                            \
    (r)->req_cons = (i);                                                \
    (r)->nr_ents = __RING_SIZE(s, size);                                \
    (r)->sring = (s);                                                   \
} while ( 0 )

#define BACK_RING_INIT(r, s, size) BACK_RING_ATTACH(r, s, 0, size)

/* Slots in the ring. */
#define RING_SIZE(r) ((r)->nr_ents)

/* Frontend: slots it may still fill before responses come back. */
#define RING_FREE_REQUESTS(r)                                           \
    (RING_SIZE(r) - ((r)->req_prod_pvt - (r)->rsp_cons))

/* Frontend: no free slot. */
#define RING_FULL(r) (RING_FREE_REQUESTS(r) == 0)

/* Frontend: responses published but not yet consumed. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(r)                             \
    ((r)->sring->rsp_prod - (r)->rsp_cons)

/*
 * Backend: requests published but not yet consumed, capped by the slots
 * that are really requests (a frontend that publishes more than the ring
 * holds cannot make the backend read response slots as requests).
 */
#ifdef __GNUC__
#define XEN_RING_NR_UNCONSUMED_REQUESTS(r) ({                           \
    unsigned int req_ = (r)->sring->req_prod - (r)->req_cons;           \
    unsigned int room_ = RING_SIZE(r) -                                 \
        ((r)->req_cons - (r)->rsp_prod_pvt);                            \
    req_ < room_ ? req_ : room_;                                        \
})
#else
#define XEN_RING_NR_UNCONSUMED_REQUESTS(r)                              \
    ((((r)->sring->req_prod - (r)->req_cons) <                          \
      (RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt))) ?           \
     ((r)->sring->req_prod - (r)->req_cons) :                           \
     (RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt)))
#endif

/*
 * Historically these return the counts, and some callers use them so;
 * define XEN_RING_HAS_UNCONSUMED_IS_BOOL to get 0/1 instead.
 */
#ifdef XEN_RING_HAS_UNCONSUMED_IS_BOOL
#define RING_HAS_UNCONSUMED_RESPONSES(r) (!!XEN_RING_NR_UNCONSUMED_RESPONSES(r))
#define RING_HAS_UNCONSUMED_REQUESTS(r)  (!!XEN_RING_NR_UNCONSUMED_REQUESTS(r))
#else
#define RING_HAS_UNCONSUMED_RESPONSES(r) XEN_RING_NR_UNCONSUMED_RESPONSES(r)
#define RING_HAS_UNCONSUMED_REQUESTS(r)  XEN_RING_NR_UNCONSUMED_REQUESTS(r)
#endif

/* Pointer to the request / response in the slot of index idx. */
#define RING_GET_REQUEST(r, idx)                                        \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx)                                       \
    (&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

/*
 * Copy a request / response out of the shared page into *dest, reading
 * the slot exactly once (through a volatile access), so that the other
 * side cannot change it between checks and use.  Prefer these to
 * RING_GET_* on the side that must not trust the other.  (A structure
 * made only of bit-fields may defeat this with some gcc versions.)
 */
#define RING_COPY_(kind, r, idx, dest) do {                             \
    *(dest) = *(volatile __typeof__(dest))RING_GET_##kind(r, idx);      \
} while ( 0 )

#define RING_COPY_REQUEST(r, idx, req)  RING_COPY_(REQUEST, r, idx, req)
#define RING_COPY_RESPONSE(r, idx, rsp) RING_COPY_(RESPONSE, r, idx, rsp)

/* Backend loop guard: would consuming index cons overrun our responses? */
#define RING_REQUEST_CONS_OVERFLOW(r, cons)                             \
    (((cons) - (r)->rsp_prod_pvt) >= RING_SIZE(r))

/* Backend: is req_prod 'prod' impossible (a misbehaving frontend)? */
#define RING_REQUEST_PROD_OVERFLOW(r, prod)                             \
    (((prod) - (r)->rsp_prod_pvt) > RING_SIZE(r))

/* Frontend: is rsp_prod 'prod' impossible (a misbehaving backend)? */
#define RING_RESPONSE_PROD_OVERFLOW(r, prod)                            \
    (((prod) - (r)->rsp_cons) > RING_SIZE(r))

/* Publish the requests / responses filled so far (entries first). */
#define RING_PUSH_REQUESTS(r) do {                                      \
    xen_wmb();                                                          \
    (r)->sring->req_prod = (r)->req_prod_pvt;                           \
} while ( 0 )

#define RING_PUSH_RESPONSES(r) do {                                     \
    xen_wmb();                                                          \
    (r)->sring->rsp_prod = (r)->rsp_prod_pvt;                           \
} while ( 0 )

/*
 * Publish, and set 'notify' to whether the other side asked to be told:
 * true when its event threshold lies in (old producer, new producer].
 * The full barrier orders our producer write before the threshold read,
 * pairing with the barrier in RING_FINAL_CHECK_* on the other side.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify) do {             \
    RING_IDX old_ = (r)->sring->req_prod;                               \
    RING_IDX new_ = (r)->req_prod_pvt;                                  \
    xen_wmb();                                                          \
    (r)->sring->req_prod = new_;                                        \
    xen_mb();                                                           \
    (notify) = ((RING_IDX)(new_ - (r)->sring->req_event) <              \
                (RING_IDX)(new_ - old_));                               \
} while ( 0 )

#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify) do {            \
    RING_IDX old_ = (r)->sring->rsp_prod;                               \
    RING_IDX new_ = (r)->rsp_prod_pvt;                                  \
    xen_wmb();                                                          \
    (r)->sring->rsp_prod = new_;                                        \
    xen_mb();                                                           \
    (notify) = ((RING_IDX)(new_ - (r)->sring->rsp_event) <              \
                (RING_IDX)(new_ - old_));                               \
} while ( 0 )

/*
 * Before going idle: set 'more' to whether work is pending.  If none is,
 * ask to be notified of the very next entry and look once more, so that
 * an entry published meanwhile is not missed.  (Batching notifications
 * needs a variant that sets the threshold further ahead.)
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, more) do {                     \
    (more) = RING_HAS_UNCONSUMED_REQUESTS(r);                           \
    if ( more )                                                         \
        break;                                                          \
    (r)->sring->req_event = (r)->req_cons + 1;                          \
    xen_mb();                                                           \
    (more) = RING_HAS_UNCONSUMED_REQUESTS(r);                           \
} while ( 0 )

#define RING_FINAL_CHECK_FOR_RESPONSES(r, more) do {                    \
    (more) = RING_HAS_UNCONSUMED_RESPONSES(r);                          \
    if ( more )                                                         \
        break;                                                          \
    (r)->sring->rsp_event = (r)->rsp_cons + 1;                          \
    xen_mb();                                                           \
    (more) = RING_HAS_UNCONSUMED_RESPONSES(r);                          \
} while ( 0 )

/*
 * Byte-stream ("flex") rings: two one-way byte rings, in and out, each
 * half of an area of 2^order pages, for protocols such as pvcalls, 9pfs
 * and the newer console.  Indexes are again free-running; sizes are
 * powers of two.
 *
 * DEFINE_XEN_FLEX_RING(name) defines static inline helpers:
 *   name_mask(idx, size)            idx within the ring;
 *   name_get_ring_ptr(buf, idx, size)  where idx lives in buf;
 *   name_read_packet(dst, buf, len, masked_prod, &masked_cons, size)
 *   name_write_packet(buf, src, len, &masked_prod, masked_cons, size)
 *                                   copy len bytes out of / into the ring
 *                                   (wrapping at the end) and advance the
 *                                   masked index;
 *   name_queued(prod, cons, size)   bytes waiting to be read (so
 *                                   size - queued bytes are free);
 * and struct name_data { in, out } for the two halves.
 * DEFINE_XEN_FLEX_RING_AND_INTF(name) also defines struct name_data_intf,
 * the shared page of indexes (each pair on its own cache line), followed
 * by the ring order and the grant references of the data pages.
 */
#ifndef XEN_PAGE_SHIFT
/* Ring protocols always count in 4 KiB pages, whatever the OS page size. */
#define XEN_PAGE_SHIFT 12
#endif
#define XEN_FLEX_RING_SIZE(order)                                       \
    (1UL << ((order) + XEN_PAGE_SHIFT - 1))

#define DEFINE_XEN_FLEX_RING(name)                                      \
static inline RING_IDX name##_mask(RING_IDX idx, RING_IDX ring_size)    \
{                                                                       \
    return idx & (ring_size - 1);                                       \
}                                                                       \
                                                                        \
static inline unsigned char *name##_get_ring_ptr(unsigned char *buf,    \
                                                 RING_IDX idx,          \
                                                 RING_IDX ring_size)    \
{                                                                       \
    return buf + name##_mask(idx, ring_size);                           \
}                                                                       \
                                                                        \
static inline void name##_read_packet(void *opaque,                     \
                                      const unsigned char *buf,         \
                                      size_t size,                      \
                                      RING_IDX masked_prod,             \
                                      RING_IDX *masked_cons,            \
                                      RING_IDX ring_size)               \
{                                                                       \
    RING_IDX to_end = ring_size - *masked_cons;                         \
                                                                        \
    if ( *masked_cons < masked_prod || size <= to_end )                 \
        memcpy(opaque, buf + *masked_cons, size);                       \
    else                                                                \
    {                                                                   \
        memcpy(opaque, buf + *masked_cons, to_end);                     \
        memcpy((unsigned char *)opaque + to_end, buf, size - to_end);   \
    }                                                                   \
    *masked_cons = name##_mask(*masked_cons + size, ring_size);         \
}                                                                       \
                                                                        \
static inline void name##_write_packet(unsigned char *buf,              \
                                       const void *opaque,              \
                                       size_t size,                     \
                                       RING_IDX *masked_prod,           \
                                       RING_IDX masked_cons,            \
                                       RING_IDX ring_size)              \
{                                                                       \
    RING_IDX to_end = ring_size - *masked_prod;                         \
                                                                        \
    if ( *masked_prod < masked_cons || size <= to_end )                 \
        memcpy(buf + *masked_prod, opaque, size);                       \
    else                                                                \
    {                                                                   \
        memcpy(buf + *masked_prod, opaque, to_end);                     \
        memcpy(buf, (const unsigned char *)opaque + to_end,             \
               size - to_end);                                          \
    }                                                                   \
    *masked_prod = name##_mask(*masked_prod + size, ring_size);         \
}                                                                       \
                                                                        \
static inline RING_IDX name##_queued(RING_IDX prod, RING_IDX cons,      \
                                     RING_IDX ring_size)                \
{                                                                       \
    if ( prod == cons )                                                 \
        return 0;                                                       \
    prod = name##_mask(prod, ring_size);                                \
    cons = name##_mask(cons, ring_size);                                \
    if ( prod == cons )                                                 \
        return ring_size;               /* full, not empty */           \
    if ( prod > cons )                                                  \
        return prod - cons;                                             \
    return ring_size - (cons - prod);                                   \
}                                                                       \
                                                                        \
struct name##_data {                                                    \
    unsigned char *in;          /* first half of the area */            \
    unsigned char *out;         /* second half */                       \
}

#define DEFINE_XEN_FLEX_RING_AND_INTF(name)                             \
struct name##_data_intf {                                               \
    RING_IDX in_cons, in_prod;                                          \
    uint8_t pad1[56];                                                   \
    RING_IDX out_cons, out_prod;                                        \
    uint8_t pad2[56];                                                   \
    RING_IDX ring_order;                                                \
    grant_ref_t ref[];                                                  \
};                                                                      \
DEFINE_XEN_FLEX_RING(name)

#endif /* XEN_PUBLIC_IO_RING_H */
