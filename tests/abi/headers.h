/*
 * Every public ABI header, plus one sample ring type (sample-ring.h), as
 * the layout checks and gen-layout.py see them.
 */
#ifndef TESTS_ABI_HEADERS_H
#define TESTS_ABI_HEADERS_H

#include <stddef.h>
#include <public/xen.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/physdev.h>
#include <public/callback.h>
#include <public/features.h>
#include <public/version.h>
#include <public/elfnote.h>
#include <public/nmi.h>
#include <public/platform.h>
/*
 * The toolstack's interfaces, checked as the toolstack sees them: Xen's
 * refuse to compile for guests, and need its internal headers for the
 * hypervisor.
 */
#if defined(__XEN_TOOLS__) && !defined(__XEN__)
#include <public/sysctl.h>
#endif
#include <public/hvm/hvm_op.h>
#include <public/arch-x86/cpuid.h>
#include <public/arch-x86/xen-mca.h>
#include <public/io/ring.h>
#include <public/io/console.h>
#include <public/io/xs_wire.h>

#include "sample-ring.h"

#endif
