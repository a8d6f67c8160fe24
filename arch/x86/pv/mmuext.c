/*
 * HYPERVISOR_mmuext_op: pinning, top-level tables, TLB and cache flushes,
 * the LDT, and page clearing/copying, with Xen's error codes.
 *
 * Pin/unpin rules (the references are page_ref.c's):
 *   - a pin holds one general and one type reference on the table and
 *     sets PGT_pinned; pinning twice, or as another level, is -EINVAL;
 *     unpinning a frame that is not pinned is -EINVAL;
 *   - the top-level tables a vCPU uses (arch.guest_table and
 *     guest_table_user) hold one more L4 type reference each, dropped when
 *     they are replaced; so a table is freed (its entries' references
 *     dropped) only when neither a pin nor a vCPU nor an upper entry uses
 *     it any more.
 * Type changes are serialised with the domain's entry updates by
 * d->arch.pt_lock (pv/mm.c).
 *
 * Pins and new base pointers validate preemptibly (page_ref.c,
 * get_page_type_preemptible): a big tree not validated yet is done over
 * several runs of the same operation, the guest repeating the hypercall
 * from that operation on (-ERESTART from one_op), as Xen does.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <asm/flushtlb.h>
#include <asm/guest_access.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/pv-compat.h>
#include <public/xen.h>
#include <asm/processor.h>

#define MMU_UPDATE_PREEMPTED    (~(~0U >> 1))

/* An address Xen would flush: canonical and outside the hypervisor's hole. */
static bool addr_ok(unsigned long va)
{
    return guest_range_ok(va, 1);
}

/* A frame of d with a writable type reference (CLEAR_PAGE, COPY_PAGE dest). */
static struct page_info *get_writable(struct domain *d, unsigned long mfn)
{
    if ( !mfn_valid(mfn) ||
         get_page_and_type(mfn_to_page(mfn), d, PGT_writable_page) )
        return NULL;
    return mfn_to_page(mfn);
}

/* MMUEXT_NEW_BASEPTR: switch the kernel page table to frame mfn (an L4 of d). */
static int new_baseptr(struct vcpu *v, unsigned long mfn)
{
    struct domain *d = v->domain;
    unsigned long old = v->arch.guest_table;
    int rc;

    if ( mfn == old )
    {
        flush_tlb_local();
        return 0;
    }
    if ( !mfn_valid(mfn) )
        return -EINVAL;
    rc = get_page_and_type_preemptible(mfn_to_page(mfn), d, PGT_l4_page_table);
    if ( rc == -ERESTART )
        return rc;
    if ( rc )
    {
        printk(XENLOG_G_INFO "d%u: error %d installing new baseptr %#lx\n",
               d->domain_id, rc, mfn);
        return rc;
    }
    /* The LDT's address may map other frames under the new table (pv/ldt.c). */
    pv_ldt_destroy(v);
    v->arch.guest_table = mfn;
    write_cr3((paddr_t)mfn << PAGE_SHIFT);
    put_page_and_type(mfn_to_page(old));
    return 0;
}

/* MMUEXT_NEW_USER_BASEPTR: record the user page table (0 = none). */
static int new_user_baseptr(struct vcpu *v, unsigned long mfn)
{
    struct domain *d = v->domain;
    unsigned long old = v->arch.guest_table_user;
    int rc;

    if ( mfn == old )
        return 0;
    if ( mfn )
    {
        if ( !mfn_valid(mfn) )
            return -EINVAL;
        rc = get_page_and_type_preemptible(mfn_to_page(mfn), d,
                                           PGT_l4_page_table);
        if ( rc == -ERESTART )
            return rc;
        if ( rc )
        {
            printk(XENLOG_G_INFO "d%u: error %d installing new user baseptr %#lx\n",
                   d->domain_id, rc, mfn);
            return rc;
        }
    }
    v->arch.guest_table_user = mfn;
    if ( old )
        put_page_and_type(mfn_to_page(old));
    return 0;
}

/* A vCPU bitmap for the *_MULTI flushes: it must be readable (else -EINVAL). */
static int check_vcpumask(const struct domain *d, unsigned long mask)
{
    unsigned long word;
    unsigned int i;

    for ( i = 0; i < d->max_vcpus; i += 8 * sizeof(word) )
        if ( copy_from_guest(&word, mask + i / 8, sizeof(word)) )
            return -EINVAL;
    return 0;
}

static int one_op(struct vcpu *v, const struct mmuext_op *op)
{
    struct domain *d = v->domain;
    struct page_info *dst, *src;
    int rc = 0;

    switch ( op->cmd )
    {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        spin_lock(&d->arch.pt_lock);
        rc = pin_page_table_preemptible(d, op->arg1.mfn, PGT_l1_page_table +
                                        (op->cmd - MMUEXT_PIN_L1_TABLE) *
                                        (PGT_l2_page_table - PGT_l1_page_table));
        spin_unlock(&d->arch.pt_lock);
        break;

    case MMUEXT_UNPIN_TABLE:
        spin_lock(&d->arch.pt_lock);
        rc = unpin_page_table(d, op->arg1.mfn);
        spin_unlock(&d->arch.pt_lock);
        break;

    case MMUEXT_NEW_BASEPTR:
        spin_lock(&d->arch.pt_lock);
        /* A 32-bit guest names a PAE L3 (pv/compat/pagetable.c). */
        rc = is_pv_32bit_vcpu(v) ? compat_new_baseptr(v, op->arg1.mfn)
                                 : new_baseptr(v, op->arg1.mfn);
        spin_unlock(&d->arch.pt_lock);
        break;

    case MMUEXT_NEW_USER_BASEPTR:
        spin_lock(&d->arch.pt_lock);
        rc = new_user_baseptr(v, op->arg1.mfn);
        spin_unlock(&d->arch.pt_lock);
        break;

    case MMUEXT_TLB_FLUSH_LOCAL:
        flush_tlb_local();
        break;

    case MMUEXT_INVLPG_LOCAL:
        if ( addr_ok(op->arg1.linear_addr) )
            flush_tlb_one_local(op->arg1.linear_addr);
        break;

    /*
     * "all" and "multi" reach every CPU running one of d's vCPUs (a
     * superset of the mask's: asm/flushtlb.h); the mask must be readable.
     */
    case MMUEXT_TLB_FLUSH_ALL:
        flush_tlb_domain(d, FLUSH_VA_ALL);
        break;

    case MMUEXT_INVLPG_ALL:
        if ( addr_ok(op->arg1.linear_addr) )
            flush_tlb_domain(d, op->arg1.linear_addr);
        break;

    case MMUEXT_TLB_FLUSH_MULTI:
        rc = check_vcpumask(d, guest_handle_addr(op->arg2.vcpumask));
        if ( !rc )
            flush_tlb_domain(d, FLUSH_VA_ALL);
        break;

    case MMUEXT_INVLPG_MULTI:
        rc = check_vcpumask(d, guest_handle_addr(op->arg2.vcpumask));
        if ( !rc && addr_ok(op->arg1.linear_addr) )
            flush_tlb_domain(d, op->arg1.linear_addr);
        break;

    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        if ( !d->is_hardware )
            return -EACCES;
        __asm__ __volatile__ ("wbinvd" ::: "memory");
        break;

    case MMUEXT_SET_LDT:
        rc = pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
        break;

    case MMUEXT_CLEAR_PAGE:
        dst = get_writable(d, op->arg1.mfn);
        if ( !dst )
        {
            printk(XENLOG_G_INFO "d%u: cannot clear frame %#lx\n",
                   d->domain_id, op->arg1.mfn);
            return -EINVAL;
        }
        memset(page_to_virt(dst), 0, PAGE_SIZE);
        put_page_and_type(dst);
        break;

    case MMUEXT_COPY_PAGE:
        if ( !mfn_valid(op->arg2.src_mfn) ||
             !get_page(mfn_to_page(op->arg2.src_mfn), d) )
        {
            printk(XENLOG_G_INFO "d%u: cannot copy from frame %#lx\n",
                   d->domain_id, op->arg2.src_mfn);
            return -EINVAL;
        }
        src = mfn_to_page(op->arg2.src_mfn);
        dst = get_writable(d, op->arg1.mfn);
        if ( !dst )
        {
            printk(XENLOG_G_INFO "d%u: cannot copy to frame %#lx\n",
                   d->domain_id, op->arg1.mfn);
            put_page(src);
            return -EINVAL;
        }
        memcpy(page_to_virt(dst), page_to_virt(src), PAGE_SIZE);
        put_page_and_type(dst);
        put_page(src);
        break;

    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;     /* PV superpages are gone from Xen */

    default:
        return -ENOSYS;
    }
    return rc;
}

/*
 * HYPERVISOR_mmuext_op(struct mmuext_op *ops, unsigned int count,
 *                      unsigned int *pdone, unsigned int foreigndom)
 * Stops at the first failing op; *pdone gets the number done.  Preemptible
 * like mmu_update.  foreigndom must be the caller (-ESRCH otherwise).
 */
static int read_native_op(struct mmuext_op *op, unsigned long uop)
{
    return copy_from_guest(op, uop, sizeof(*op));
}

long do_mmuext_op(struct hc_args *a)
{
    return pv_mmuext_batch(a, sizeof(struct mmuext_op), read_native_op);
}

long pv_mmuext_batch(struct hc_args *a, unsigned int stride,
                     int (*read_op)(struct mmuext_op *op, unsigned long uop))
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    unsigned long uops = hc_ptr(a, 0), pdone = hc_ptr(a, 2);
    unsigned int count = hc_uint(a, 1), foreigndom = hc_uint(a, 3) & 0xffff;
    unsigned int done = 0, i;
    struct mmuext_op op;
    long rc = 0;

    if ( count & MMU_UPDATE_PREEMPTED )
    {
        count &= ~MMU_UPDATE_PREEMPTED;
        if ( pdone && copy_from_guest(&done, pdone, sizeof(done)) )
            done = 0;
    }
    if ( !guest_range_ok(uops, (unsigned long)count * stride) )
        return -EFAULT;
    if ( foreigndom != DOMID_SELF && foreigndom != d->domain_id )
        return -ESRCH;

    for ( i = 0; i < count; i++, uops += stride )
    {
        if ( i && hypercall_preempt_check() )
            rc = -ERESTART;
        else
        {
            rc = read_op(&op, uops);
            if ( !rc )
                rc = one_op(v, &op);
        }
        /* Op i not done (or not finished: a partial validation): again from it. */
        if ( rc == -ERESTART )
        {
            a->arg[0] = uops;
            a->arg[1] = (count - i) | MMU_UPDATE_PREEMPTED;
            done += i;
            if ( pdone )
                (void)copy_to_guest(pdone, &done, sizeof(done));
            return hypercall_continue(a);
        }
        if ( rc )
            break;
    }
    done += i;
    if ( pdone )
        (void)copy_to_guest(pdone, &done, sizeof(done));
    return rc;
}
