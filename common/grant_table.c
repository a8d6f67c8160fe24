/*
 * Grant tables, version 1 (HYPERVISOR_grant_table_op): setup_table,
 * query_size, map_grant_ref / unmap_grant_ref (host and device maps),
 * copy, set_version (1 only), get_version.
 *
 * Each domain has a table of shared frames (grant_entry_v1_t entries the
 * guest writes, hypervisor pages the domain owns and maps) and, per entry,
 * an active record of how many maps of it exist.  A domain that maps
 * grants has a maptrack table: one record per map, indexed by the handle
 * it got.
 *
 * References and invariants:
 *   - a map holds one general reference on the granted frame (owned by the
 *     granter) and, unless read-only, one PGT_writable_page type
 *     reference, dropped at unmap: the frame cannot be freed, nor become a
 *     page table, while it is mapped through a grant;
 *   - the host PTE of a map carries PTE_GNTTAB and holds no references of
 *     its own (pv/mm.c, pv/pt_validate.c); host_addr names it by virtual
 *     address or, with GNTMAP_contains_pte (Linux's gntdev), by the
 *     machine address of the L1 entry; the map's flags decide which at
 *     unmap too, as in Xen (an unmap op has no flags);
 *   - active->pin_rd/pin_wr count the maps of an entry; GTF_reading is set
 *     in the shared entry while pin_rd + pin_wr > 0, GTF_writing while
 *     pin_wr > 0, and only the hypervisor changes those bits then;
 *   - copies take their references for the duration of the copy only.
 * One lock, grant_lock, serialises all grant operations (few and short
 * for now; per-table locks come with more domains and vCPUs).
 *
 * Domains: table operations (setup_table, query_size, get_version) name
 * only the caller itself, by DOMID_SELF or its id; other ids are
 * GNTST_bad_domain (or -ESRCH).  Map, unmap and copy name the granter,
 * which may be any existing domain: its own entry decides, as in Xen,
 * since it must hold GTF_permit_access and the grantee's domid
 * (check_grant), and the frame must belong to the granter (get_frame,
 * copy_claim).  A domain that does not exist is GNTST_bad_domain.
 * Error codes are Xen 4.17's.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <xen/grant_table.h>
#include <public/grant_table.h>

#define MAX_GRANT_FRAMES    64      /* Xen's default gnttab_max_frames */
#define ENTRIES_PER_FRAME   (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define MAPTRACK_ENTRIES    8192
/* Requests handled before a preemption check (grant batches). */
#define GNTTAB_BATCH        16

struct active_grant {
    uint32_t pin_rd, pin_wr;        /* read-only and writable maps */
};

struct maptrack {
    bool in_use;
    bool readonly;
    uint32_t flags;                 /* GNTMAP_* of the map */
    grant_ref_t ref;
    domid_t granter;
    unsigned long frame;
    unsigned long host_addr;
};

struct grant_table {
    unsigned int nr_frames;
    unsigned int version;
    grant_entry_v1_t *shared[MAX_GRANT_FRAMES];
    struct active_grant *active[MAX_GRANT_FRAMES];
    struct maptrack *maptrack;      /* MAPTRACK_ENTRIES, allocated on first map */
};

static DEFINE_SPINLOCK(grant_lock);

/* The caller's own table: the only one a table operation may name. */
static struct domain *grant_domain(domid_t domid, bool self_ok)
{
    struct domain *d = current->domain;

    if ( (self_ok && domid == DOMID_SELF) || domid == d->domain_id )
        return d;
    return NULL;
}

/* A granter named by a map or copy: any existing domain; NULL if none. */
static struct domain *granter_domain(domid_t domid, bool self_ok)
{
    if ( domid == DOMID_SELF )
        return self_ok ? current->domain : NULL;
    return domain_by_id(domid);
}

/* d's table, created on first use with one frame.  @pre: grant_lock held. */
static struct grant_table *get_table(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if ( gt )
        return gt;
    gt = xzalloc_bytes(sizeof(*gt));
    if ( !gt )
        return NULL;
    gt->version = 1;
    d->grant_table = gt;
    return gt;
}

/* Grow d's table to nr frames: 0 or -ENOMEM.  @pre: grant_lock held. */
static int grow_table(struct domain *d, struct grant_table *gt, unsigned int nr)
{
    while ( gt->nr_frames < nr )
    {
        unsigned int i = gt->nr_frames;
        struct page_info *pg;

        gt->active[i] = xzalloc_bytes(ENTRIES_PER_FRAME * sizeof(struct active_grant));
        gt->shared[i] = alloc_xenheap_page();
        if ( !gt->active[i] || !gt->shared[i] )
        {
            xfree(gt->active[i]);
            gt->active[i] = NULL;
            if ( gt->shared[i] )
                free_xenheap_page(gt->shared[i]);
            gt->shared[i] = NULL;
            return -ENOMEM;
        }
        memset(gt->shared[i], 0, PAGE_SIZE);
        /* The guest maps the frame: d owns it and holds the allocation reference. */
        pg = virt_to_page(gt->shared[i]);
        pg->v.owner = d;
        pg->count_info |= PGC_allocated | 1;
        gt->nr_frames++;
    }
    return 0;
}

static unsigned int nr_entries(const struct grant_table *gt)
{
    return gt ? gt->nr_frames * ENTRIES_PER_FRAME : 0;
}

static grant_entry_v1_t *shared_entry(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->shared[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

static struct active_grant *active_entry(struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

/*
 * Check shared entry e grants access to grantee (writable unless
 * readonly); with pin, set GTF_reading (and GTF_writing) in the same
 * atomic step, so the granter cannot revoke it half-way.  GNTST_*.
 */
static int check_grant(grant_entry_v1_t *e, domid_t grantee, bool readonly,
                       bool pin)
{
    uint32_t *word = (uint32_t *)e;     /* flags | domid << 16 */
    uint32_t old = ACCESS_ONCE(*word), new;

    do {
        uint16_t flags = old & 0xffff;

        if ( (flags & GTF_type_mask) != GTF_permit_access ||
             (old >> 16) != grantee )
            return GNTST_general_error;
        if ( !readonly && (flags & GTF_readonly) )
            return GNTST_general_error;
        if ( !pin )
            return GNTST_okay;
        new = old | GTF_reading | (readonly ? 0 : GTF_writing);
    } while ( !__atomic_compare_exchange_n(word, &old, new, false,
                                           __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) );
    return GNTST_okay;
}

/* References on a granted frame of rd: GNTST_okay or GNTST_general_error. */
static int get_frame(struct domain *rd, unsigned long frame, bool readonly)
{
    if ( !mfn_valid(frame) )
        return GNTST_general_error;
    if ( readonly )
        return get_page(mfn_to_page(frame), rd) ? GNTST_okay : GNTST_general_error;
    return get_page_and_type(mfn_to_page(frame), rd, PGT_writable_page)
           ? GNTST_general_error : GNTST_okay;
}

static void put_frame(unsigned long frame, bool readonly)
{
    if ( readonly )
        put_page(mfn_to_page(frame));
    else
        put_page_and_type(mfn_to_page(frame));
}

/* Drop one pin of entry ref; clear GTF_reading/writing when none is left. */
static void unpin_entry(struct grant_table *gt, grant_ref_t ref, bool readonly)
{
    struct active_grant *act = active_entry(gt, ref);
    grant_entry_v1_t *e = shared_entry(gt, ref);

    if ( readonly )
        act->pin_rd--;
    else
        act->pin_wr--;
    if ( !act->pin_wr )
        __atomic_fetch_and(&e->flags, (uint16_t)~GTF_writing, __ATOMIC_SEQ_CST);
    if ( !act->pin_rd && !act->pin_wr )
        __atomic_fetch_and(&e->flags, (uint16_t)~GTF_reading, __ATOMIC_SEQ_CST);
}

/* One map_grant_ref.  @pre: grant_lock held. */
static void map_one(struct gnttab_map_grant_ref *op)
{
    struct domain *ld = current->domain, *rd;
    struct grant_table *rgt, *lgt;
    bool readonly = op->flags & GNTMAP_readonly;
    struct maptrack *mt;
    grant_entry_v1_t *e;
    unsigned long frame;
    unsigned int h;
    int rc;

    op->status = GNTST_okay;
    if ( !(op->flags & (GNTMAP_host_map | GNTMAP_device_map)) )
    {
        op->status = GNTST_bad_gntref;
        return;
    }
    rd = granter_domain(op->dom, false);
    if ( !rd )
    {
        op->status = GNTST_bad_domain;
        return;
    }
    rgt = rd->grant_table;
    if ( op->ref >= nr_entries(rgt) )
    {
        op->status = GNTST_bad_gntref;
        return;
    }
    lgt = get_table(ld);
    if ( !lgt )
    {
        op->status = GNTST_no_space;
        return;
    }
    if ( !lgt->maptrack )
        lgt->maptrack = xzalloc_bytes(MAPTRACK_ENTRIES * sizeof(struct maptrack));
    for ( h = 0; lgt->maptrack && h < MAPTRACK_ENTRIES; h++ )
        if ( !lgt->maptrack[h].in_use )
            break;
    if ( !lgt->maptrack || h == MAPTRACK_ENTRIES )
    {
        op->status = GNTST_no_space;
        return;
    }

    /* Decide: the grant, the frame's references, then the host mapping. */
    e = shared_entry(rgt, op->ref);
    rc = check_grant(e, ld->domain_id, readonly, true);
    if ( rc )
    {
        printk(XENLOG_G_INFO "d%u: grant map of d%u ref %u: not granted (flags %#x, domid %u)\n",
               ld->domain_id, rd->domain_id, op->ref, e->flags, e->domid);
        /* check_grant pinned nothing unless it succeeded. */
        op->status = rc;
        return;
    }
    frame = ACCESS_ONCE(e->frame);
    if ( readonly )
        active_entry(rgt, op->ref)->pin_rd++;
    else
        active_entry(rgt, op->ref)->pin_wr++;
    rc = get_frame(rd, frame, readonly);
    if ( rc )
    {
        printk(XENLOG_G_INFO "d%u: grant map of d%u ref %u: bad frame %#lx\n",
               ld->domain_id, rd->domain_id, op->ref, frame);
        unpin_entry(rgt, op->ref, readonly);
        op->status = rc;
        return;
    }
    if ( (op->flags & GNTMAP_host_map) &&
         pv_grant_map(op->host_addr, frame, op->flags) )
    {
        put_frame(frame, readonly);
        unpin_entry(rgt, op->ref, readonly);
        op->status = GNTST_general_error;
        return;
    }

    mt = &lgt->maptrack[h];
    mt->in_use = true;
    mt->readonly = readonly;
    mt->flags = op->flags;
    mt->ref = op->ref;
    mt->granter = rd->domain_id;
    mt->frame = frame;
    mt->host_addr = op->host_addr;
    op->handle = h;
    if ( op->flags & GNTMAP_device_map )
        op->dev_bus_addr = (uint64_t)frame << PAGE_SHIFT;   /* no IOMMU */
}

/* One unmap_grant_ref.  @pre: grant_lock held. */
static void unmap_one(struct gnttab_unmap_grant_ref *op)
{
    struct domain *ld = current->domain, *rd;
    struct grant_table *lgt = ld->grant_table;
    struct maptrack *mt;
    uint32_t done = 0;

    op->status = GNTST_okay;
    if ( !lgt || !lgt->maptrack || op->handle >= MAPTRACK_ENTRIES ||
         !lgt->maptrack[op->handle].in_use )
    {
        op->status = GNTST_bad_handle;
        return;
    }
    mt = &lgt->maptrack[op->handle];
    rd = granter_domain(mt->granter, false);
    if ( !rd || !rd->grant_table )
    {
        op->status = GNTST_bad_domain;
        return;
    }
    /*
     * As Xen: each part (device, host) is unmapped only if named (a bus
     * address, a host address); the references go with the last part.
     */
    if ( op->dev_bus_addr && (mt->flags & GNTMAP_device_map) )
    {
        if ( op->dev_bus_addr != ((uint64_t)mt->frame << PAGE_SHIFT) )
        {
            op->status = GNTST_bad_dev_addr;
            return;
        }
        done |= GNTMAP_device_map;
    }
    /* A host map's PTE must go first: it holds no references of its own. */
    if ( op->host_addr && (mt->flags & GNTMAP_host_map) )
    {
        /* As the map was made: its flags say what host_addr is (Xen). */
        if ( pv_grant_unmap(op->host_addr, mt->frame, mt->flags) )
        {
            op->status = GNTST_general_error;
            return;
        }
        done |= GNTMAP_host_map;
    }
    mt->flags &= ~done;
    if ( mt->flags & (GNTMAP_device_map | GNTMAP_host_map) )
        return;
    /* No mapping is left (the host one flushed): now the references. */
    put_frame(mt->frame, mt->readonly);
    unpin_entry(rd->grant_table, mt->ref, mt->readonly);
    mt->in_use = false;
}

/* One side of a copy: the frame and its references.  GNTST_*. */
static int copy_claim(const struct gnttab_copy_ptr *p, bool is_gref,
                      bool write, unsigned long *mfn, bool *typed)
{
    struct domain *cd = current->domain, *od;
    struct grant_table *gt;
    unsigned long frame;
    int rc;

    if ( !is_gref && p->domid != DOMID_SELF )
        return GNTST_permission_denied;
    od = granter_domain(p->domid, true);
    if ( !od )
        return GNTST_bad_domain;
    if ( is_gref )
    {
        gt = od->grant_table;
        if ( p->u.ref >= nr_entries(gt) )
            return GNTST_bad_gntref;
        rc = check_grant(shared_entry(gt, p->u.ref), cd->domain_id, !write, false);
        if ( rc )
            return rc;
        frame = ACCESS_ONCE(shared_entry(gt, p->u.ref)->frame);
    }
    else
        frame = p->u.gmfn;
    if ( !mfn_valid(frame) || !get_page(mfn_to_page(frame), od) )
        return GNTST_bad_page;
    *typed = false;
    if ( write )
    {
        if ( get_page_type(mfn_to_page(frame), PGT_writable_page) )
        {
            put_page(mfn_to_page(frame));
            return GNTST_general_error;
        }
        *typed = true;
    }
    *mfn = frame;
    return GNTST_okay;
}

static void copy_release(unsigned long mfn, bool typed)
{
    if ( typed )
        put_page_type(mfn_to_page(mfn));
    put_page(mfn_to_page(mfn));
}

/* One copy.  @pre: grant_lock held. */
static void copy_one(struct gnttab_copy *op)
{
    unsigned long src, dst;
    bool src_typed, dst_typed;
    int rc;

    rc = copy_claim(&op->source, op->flags & GNTCOPY_source_gref, false,
                    &src, &src_typed);
    if ( rc )
    {
        op->status = rc;
        return;
    }
    rc = copy_claim(&op->dest, op->flags & GNTCOPY_dest_gref, true,
                    &dst, &dst_typed);
    if ( rc )
    {
        copy_release(src, src_typed);
        op->status = rc;
        return;
    }
    if ( op->source.offset + op->len > PAGE_SIZE ||
         op->dest.offset + op->len > PAGE_SIZE )
        op->status = GNTST_bad_copy_arg;
    else
    {
        memmove((uint8_t *)page_to_virt(mfn_to_page(dst)) + op->dest.offset,
                (const uint8_t *)page_to_virt(mfn_to_page(src)) + op->source.offset,
                op->len);
        op->status = GNTST_okay;
    }
    copy_release(dst, dst_typed);
    copy_release(src, src_typed);
}

static long setup_table(unsigned long uop)
{
    struct gnttab_setup_table op;
    struct grant_table *gt;
    struct domain *d;
    unsigned long list;
    xen_pfn_t mfn;
    unsigned int i;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    list = guest_handle_addr(op.frame_list);
    if ( !guest_range_ok(list, (unsigned long)op.nr_frames * sizeof(mfn)) )
        return -EFAULT;
    d = grant_domain(op.dom, true);
    gt = d ? get_table(d) : NULL;
    if ( !d )
        op.status = GNTST_bad_domain;
    else if ( op.nr_frames > MAX_GRANT_FRAMES )
    {
        printk(XENLOG_G_INFO "d%u: only %u grant-table frames per domain\n",
               d->domain_id, MAX_GRANT_FRAMES);
        op.status = GNTST_general_error;
    }
    else if ( !gt || grow_table(d, gt, op.nr_frames) )
        op.status = GNTST_general_error;
    else
    {
        op.status = GNTST_okay;
        for ( i = 0; i < op.nr_frames; i++ )
        {
            mfn = page_to_mfn(virt_to_page(gt->shared[i]));
            if ( copy_to_guest(list + i * sizeof(mfn), &mfn, sizeof(mfn)) )
                op.status = GNTST_bad_virt_addr;
        }
    }
    return copy_to_guest(uop + offsetof(struct gnttab_setup_table, status),
                         &op.status, sizeof(op.status)) ? -EFAULT : 0;
}

static long query_size(unsigned long uop)
{
    struct gnttab_query_size op;
    struct domain *d;

    if ( copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    d = grant_domain(op.dom, true);
    if ( !d )
        op.status = GNTST_bad_domain;
    else
    {
        op.nr_frames = d->grant_table ? d->grant_table->nr_frames : 0;
        if ( !op.nr_frames )
            op.nr_frames = 1;       /* what a new table starts with */
        op.max_nr_frames = MAX_GRANT_FRAMES;
        op.status = GNTST_okay;
    }
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* map, unmap, copy: arrays of count ops, preemptible every GNTTAB_BATCH. */
static long batch(struct hc_args *a, unsigned int cmd, unsigned long uop,
                  unsigned int count)
{
    union {
        struct gnttab_map_grant_ref map;
        struct gnttab_unmap_grant_ref unmap;
        struct gnttab_copy copy;
    } op;
    size_t size = cmd == GNTTABOP_map_grant_ref ? sizeof(op.map) :
                  cmd == GNTTABOP_unmap_grant_ref ? sizeof(op.unmap) :
                  sizeof(op.copy);
    unsigned int i;

    if ( !guest_range_ok(uop, (unsigned long)count * size) )
        return -EFAULT;
    for ( i = 0; i < count; i++, uop += size )
    {
        if ( i && !(i % GNTTAB_BATCH) && hypercall_preempt_check() )
        {
            a->arg[1] = uop;
            a->arg[2] = count - i;
            return hypercall_continue(a);
        }
        if ( copy_from_guest(&op, uop, size) )
            return -EFAULT;
        spin_lock(&grant_lock);
        switch ( cmd )
        {
        case GNTTABOP_map_grant_ref:
            map_one(&op.map);
            break;
        case GNTTABOP_unmap_grant_ref:
            unmap_one(&op.unmap);
            break;
        default:
            copy_one(&op.copy);
            break;
        }
        spin_unlock(&grant_lock);
        if ( copy_to_guest(uop, &op, size) )
            return -EFAULT;
    }
    return 0;
}

/* HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count). */
long do_grant_table_op(struct hc_args *a)
{
    unsigned int cmd = hc_uint(a, 0), count = hc_uint(a, 2);
    unsigned long uop = hc_ptr(a, 1);
    long rc;

    if ( (int)count < 0 )
        return -EINVAL;
    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
    case GNTTABOP_unmap_grant_ref:
    case GNTTABOP_copy:
        return batch(a, cmd, uop, count);

    case GNTTABOP_setup_table:
    case GNTTABOP_query_size:
        if ( count != 1 )
            return -EINVAL;
        spin_lock(&grant_lock);
        rc = cmd == GNTTABOP_setup_table ? setup_table(uop) : query_size(uop);
        spin_unlock(&grant_lock);
        return rc;

    case GNTTABOP_set_version:
    {
        struct gnttab_set_version op;

        if ( count != 1 )
            return -EINVAL;
        if ( copy_from_guest(&op, uop, sizeof(op)) )
            return -EFAULT;
        rc = op.version == 1 ? 0 : op.version == 2 ? -ENOSYS : -EINVAL;
        op.version = 1;
        return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
    }

    case GNTTABOP_get_version:
    {
        struct gnttab_get_version op;

        if ( count != 1 )
            return -EINVAL;
        if ( copy_from_guest(&op, uop, sizeof(op)) )
            return -EFAULT;
        if ( !grant_domain(op.dom, true) )
            return -ESRCH;
        op.version = 1;
        return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
    }

    default:
        printk(XENLOG_G_INFO "d%u: grant_table_op %u: not implemented\n",
               current->domain->domain_id, cmd);
        return -ENOSYS;
    }
}

int gnttab_grant_static(struct domain *granter, grant_ref_t ref,
                        unsigned long mfn, domid_t grantee, bool readonly)
{
    struct grant_table *gt;
    grant_entry_v1_t *e;
    int rc = -ENOMEM;

    if ( ref >= ENTRIES_PER_FRAME || !mfn_valid(mfn) ||
         mfn_to_page(mfn)->v.owner != granter )
        return -EINVAL;
    spin_lock(&grant_lock);
    gt = get_table(granter);
    if ( gt && !grow_table(granter, gt, 1) )
    {
        e = shared_entry(gt, ref);
        rc = -EBUSY;
        if ( !(e->flags & GTF_type_mask) )
        {
            e->frame = mfn;
            e->domid = grantee;
            /* The entry is complete before it says it grants anything. */
            __atomic_store_n(&e->flags, GTF_permit_access |
                             (readonly ? GTF_readonly : 0), __ATOMIC_RELEASE);
            rc = 0;
        }
    }
    spin_unlock(&grant_lock);
    return rc;
}
