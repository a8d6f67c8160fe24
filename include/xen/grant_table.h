#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

/* Hypervisor-side grant-table services (common/grant_table.c). */
#include <xen/types.h>
#include <public/grant_table.h>

struct domain;

/*
 * A static grant of a boot-time link: write entry ref (< 512, in the
 * table's first frame, created if need be) of granter's table so that it
 * grants frame mfn, which granter must own, to grantee (read-only if
 * readonly), exactly as the granter itself could.  0, -EINVAL (bad ref or
 * frame), -EBUSY (entry in use) or -ENOMEM.
 */
int gnttab_grant_static(struct domain *granter, grant_ref_t ref,
                        unsigned long mfn, domid_t grantee, bool readonly);

#endif
