/*
 * xendev-test: dom0's Xen device drivers, used from userspace the way the
 * Xen tools use them.  Runs inside dom0 (in the initramfs scripts/fetch-linux.sh
 * builds; tests/linux/devices.sh boots it) and prints one line per check:
 *
 *   XH-DEV PASS <name>
 *   XH-DEV FAIL <name>: <reason>
 *
 * then "XH-DEV DONE passed=N failed=M"; exits 1 if anything failed.
 *
 *   privcmd-version    xen_version(XENVER_version) through privcmd equals
 *                      /sys/hypervisor/version/{major,minor}
 *   privcmd-efault     xen_version(XENVER_extraversion) into an unmapped
 *                      buffer fails with EFAULT
 *   evtchn-bind        an unbound port of our own, bound interdomain to itself
 *   evtchn-notify      binding leaves the new port pending; notifying either
 *                      end then makes the other readable from /dev/xen/evtchn
 *                      (and unmasking by write() works)
 *   gntalloc-alloc     a writable grant of a page to domain 0, mapped
 *   gntdev-map         that grant mapped through gntdev shows what the granter
 *                      wrote, and the granter sees what the mapper wrote
 *   gntdev-map-ro      mapped again read-only, it shows what the granter wrote
 *   sysctl-physinfo    XEN_SYSCTL_physinfo through privcmd: CPUs and pages
 *                      that make sense (printed as INFO for the runner to
 *                      compare with QEMU's -smp and -m)
 *   sysctl-version     a wrong interface_version fails with EACCES
 *   balloon-down       writing target_kb 64 MiB lower: the balloon driver's
 *                      current_kb reaches it, MemTotal falls by 64 MiB and
 *                      the hypervisor's free pages grow by 64 MiB (+-2 MiB)
 *   balloon-up         the old target back: current_kb, MemTotal and the
 *                      free pages return (+-2 MiB)
 *
 * Built with gcc -static against glibc; the evtchn/gntalloc/gntdev layouts
 * come from linux-libc-dev's <xen/evtchn.h>, <xen/gntalloc.h> and
 * <xen/gntdev.h>, which use the Xen types domid_t and grant_ref_t without
 * defining them (defined first here).  Its <xen/privcmd.h> needs kernel
 * headers Debian does not ship, so the one privcmd ioctl used is spelled
 * out here (Linux UAPI: _IOC(_IOC_NONE, 'P', 0, 48-byte struct)).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

typedef uint16_t domid_t;
typedef uint32_t grant_ref_t;

#include <xen/evtchn.h>
#include <xen/gntalloc.h>
#include <xen/gntdev.h>

struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

/* Xen ABI numbers (public/xen.h, public/version.h). */
#define HYPERVISOR_xen_version 17
#define XENVER_version 0
#define XENVER_extraversion 1
#define DOMID_DOM0 0

#define PAGE_SIZE 4096

/* Xen 4.17's sysctl (public/sysctl.h): hypercall 35, interface 0x15. */
#define HYPERVISOR_sysctl 35
#define XEN_SYSCTL_INTERFACE_VERSION 0x15
#define XEN_SYSCTL_physinfo 3
struct xen_sysctl_physinfo {
	uint32_t threads_per_core, cores_per_socket, nr_cpus, max_cpu_id;
	uint32_t nr_nodes, max_node_id, cpu_khz, capabilities;
	uint32_t arch_capabilities, pad;
	uint64_t total_pages, free_pages, scrub_pages, outstanding_pages, max_mfn;
	uint32_t hw_cap[8];
};
struct xen_sysctl {
	uint32_t cmd, interface_version;
	union {
		struct xen_sysctl_physinfo physinfo;
		uint8_t pad[128];
	} u;
};
_Static_assert(sizeof(struct xen_sysctl) == 136, "Xen's sysctl is 136 bytes");

#define BALLOON "/sys/devices/system/xen_memory/xen_memory0/"
#define BALLOON_STEP_KB (64 * 1024)
#define SLACK_KB (2 * 1024)

static int passed, failed;

static void pass(const char *name)
{
	printf("XH-DEV PASS %s\n", name);
	passed++;
}

static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("XH-DEV FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed++;
}

/* The number in a sysfs file, or -1 if there is none. */
static long read_number(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* sysctl(cmd) with this interface version through privcmd: ioctl's result. */
static long sysctl(struct xen_sysctl *op, uint32_t cmd, uint32_t version)
{
	struct privcmd_hypercall call = { .op = HYPERVISOR_sysctl };
	long ret;
	int fd = open("/dev/xen/privcmd", O_RDWR);

	if (fd < 0)
		return -1;
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->interface_version = version;
	call.arg[0] = (uintptr_t)op;
	ret = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	close(fd);
	return ret;
}

/* The hypervisor's free pages, or -1 (and a FAIL line for 'check'). */
static long long free_pages(const char *check)
{
	struct xen_sysctl op;

	if (sysctl(&op, XEN_SYSCTL_physinfo, XEN_SYSCTL_INTERFACE_VERSION) < 0) {
		fail(check, "sysctl physinfo: %s", strerror(errno));
		return -1;
	}
	return (long long)op.u.physinfo.free_pages;
}

static void test_physinfo(void)
{
	struct xen_sysctl op;
	struct xen_sysctl_physinfo *pi = &op.u.physinfo;

	if (sysctl(&op, XEN_SYSCTL_physinfo, XEN_SYSCTL_INTERFACE_VERSION) < 0) {
		fail("sysctl-physinfo", "sysctl physinfo: %s", strerror(errno));
	} else {
		printf("XH-DEV INFO physinfo nr_cpus=%u max_cpu_id=%u threads_per_core=%u"
		       " cores_per_socket=%u total_pages=%llu free_pages=%llu max_mfn=%#llx"
		       " cpu_khz=%u capabilities=%#x\n",
		       pi->nr_cpus, pi->max_cpu_id, pi->threads_per_core, pi->cores_per_socket,
		       (unsigned long long)pi->total_pages, (unsigned long long)pi->free_pages,
		       (unsigned long long)pi->max_mfn, pi->cpu_khz, pi->capabilities);
		if (pi->nr_cpus < 1 || pi->max_cpu_id + 1 < pi->nr_cpus)
			fail("sysctl-physinfo", "nr_cpus %u, max_cpu_id %u", pi->nr_cpus, pi->max_cpu_id);
		else if (!pi->total_pages || pi->free_pages >= pi->total_pages ||
			 pi->max_mfn + 1 < pi->total_pages)
			fail("sysctl-physinfo", "total_pages %llu, free_pages %llu, max_mfn %#llx",
			     (unsigned long long)pi->total_pages,
			     (unsigned long long)pi->free_pages,
			     (unsigned long long)pi->max_mfn);
		else if (!pi->cpu_khz || !pi->threads_per_core || !pi->cores_per_socket)
			fail("sysctl-physinfo", "cpu_khz %u, threads_per_core %u, cores_per_socket %u",
			     pi->cpu_khz, pi->threads_per_core, pi->cores_per_socket);
		else
			pass("sysctl-physinfo");
	}

	if (sysctl(&op, XEN_SYSCTL_physinfo, XEN_SYSCTL_INTERFACE_VERSION - 1) >= 0)
		fail("sysctl-version", "interface version 0x14 accepted");
	else if (errno != EACCES)
		fail("sysctl-version", "interface version 0x14: %s, not EACCES", strerror(errno));
	else
		pass("sysctl-version");
}

static long meminfo_kb(const char *field)
{
	char line[128];
	long v = -1;
	size_t n = strlen(field);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static int write_number(const char *path, long v)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return 0;
	ok = fprintf(f, "%ld\n", v) > 0;
	return fclose(f) == 0 && ok;
}

static long labs_diff(long a, long b)
{
	return a > b ? a - b : b - a;
}

/*
 * Sets the balloon's target and waits (30 s at most) for current_kb to
 * reach it; then checks MemTotal and the free pages moved by 'delta_kb'
 * (positive: dom0 grew) from 'mem0' and 'free0'.
 */
static void balloon_to(const char *check, long target_kb, long delta_kb,
		       long mem0, long long free0)
{
	long cur = -1, mem;
	long long freep;
	int i;

	if (!write_number(BALLOON "target_kb", target_kb)) {
		fail(check, "write %ld to target_kb: %s", target_kb, strerror(errno));
		return;
	}
	for (i = 0; i < 300; i++) {
		cur = read_number(BALLOON "info/current_kb");
		if (cur == target_kb)
			break;
		usleep(100000);
	}
	mem = meminfo_kb("MemTotal");
	freep = free_pages(check);
	printf("XH-DEV INFO balloon target %ld kB (%s), current %ld kB after %d.%d s, MemTotal %ld kB, "
	       "ballooned low %ld kB high %ld kB, free pages %lld\n",
	       target_kb, check, cur, i / 10, i % 10, mem,
	       read_number(BALLOON "info/low_kb"), read_number(BALLOON "info/high_kb"), freep);
	if (freep < 0)
		return;
	if (cur != target_kb)
		fail(check, "current_kb %ld, target %ld", cur, target_kb);
	else if (labs_diff(mem - mem0, delta_kb) > SLACK_KB)
		fail(check, "MemTotal moved %+ld kB, not %+ld", mem - mem0, delta_kb);
	else if (labs_diff((long)(free0 - freep) * 4, delta_kb) > SLACK_KB)
		fail(check, "the hypervisor's free memory moved %+lld kB, not %+ld",
		     (freep - free0) * 4, -delta_kb);
	else
		pass(check);
}

static void test_balloon(void)
{
	long target = read_number(BALLOON "target_kb");
	long mem0 = meminfo_kb("MemTotal");
	long long free0 = free_pages("balloon-down");

	if (free0 < 0) {
		fail("balloon-up", "no physinfo");
		return;
	}
	if (target <= BALLOON_STEP_KB || mem0 <= BALLOON_STEP_KB) {
		fail("balloon-down", "target_kb %ld, MemTotal %ld kB", target, mem0);
		fail("balloon-up", "no balloon");
		return;
	}
	balloon_to("balloon-down", target - BALLOON_STEP_KB, -BALLOON_STEP_KB, mem0, free0);
	balloon_to("balloon-up", target, 0, mem0, free0);
}

static void test_privcmd(void)
{
	struct privcmd_hypercall call = { .op = HYPERVISOR_xen_version };
	long ret, major, minor;
	int fd = open("/dev/xen/privcmd", O_RDWR);

	if (fd < 0) {
		fail("privcmd-version", "open /dev/xen/privcmd: %s", strerror(errno));
		fail("privcmd-efault", "no /dev/xen/privcmd");
		return;
	}

	call.arg[0] = XENVER_version;
	ret = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	major = read_number("/sys/hypervisor/version/major");
	minor = read_number("/sys/hypervisor/version/minor");
	if (ret < 0)
		fail("privcmd-version", "xen_version: %s", strerror(errno));
	else if (major < 0 || minor < 0)
		fail("privcmd-version", "xen_version %ld.%ld but no /sys/hypervisor/version",
		     ret >> 16, ret & 0xffff);
	else if ((ret >> 16) != major || (ret & 0xffff) != minor)
		fail("privcmd-version", "xen_version %ld.%ld, /sys/hypervisor says %ld.%ld",
		     ret >> 16, ret & 0xffff, major, minor);
	else
		pass("privcmd-version");
	printf("XH-DEV INFO xen_version=%ld.%ld\n", ret >> 16, ret & 0xffff);

	/* Page 1 of the address space is never mapped in our process. */
	call.arg[0] = XENVER_extraversion;
	call.arg[1] = PAGE_SIZE;
	ret = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	if (ret >= 0)
		fail("privcmd-efault", "xen_version into an unmapped buffer returned %ld", ret);
	else if (errno != EFAULT)
		fail("privcmd-efault", "error %s, not EFAULT", strerror(errno));
	else
		pass("privcmd-efault");
	close(fd);
}

/* Waits (2 s at most) for one pending port on an evtchn file; -1 if none. */
static int read_port(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint32_t port;

	if (poll(&p, 1, 2000) != 1)
		return -1;
	if (read(fd, &port, sizeof(port)) != sizeof(port))
		return -1;
	return (int)port;
}

/* Notifies port 'from' and expects 'to' to become pending, then unmasks it. */
static int notify_reaches(int fd, unsigned int from, unsigned int to)
{
	struct ioctl_evtchn_notify n = { .port = from };
	uint32_t unmask = to;
	int got;

	if (ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n) < 0) {
		fail("evtchn-notify", "notify port %u: %s", from, strerror(errno));
		return 0;
	}
	got = read_port(fd);
	if (got != (int)to) {
		fail("evtchn-notify", "notified port %u, read %d, expected %u", from, got, to);
		return 0;
	}
	if (write(fd, &unmask, sizeof(unmask)) != sizeof(unmask)) {
		fail("evtchn-notify", "unmask port %u: %s", to, strerror(errno));
		return 0;
	}
	return 1;
}

static void test_evtchn(void)
{
	struct ioctl_evtchn_bind_unbound_port unbound = { .remote_domain = DOMID_DOM0 };
	struct ioctl_evtchn_bind_interdomain inter = { .remote_domain = DOMID_DOM0 };
	struct ioctl_evtchn_unbind unbind;
	int a, b, fd = open("/dev/xen/evtchn", O_RDWR);

	if (fd < 0) {
		fail("evtchn-bind", "open /dev/xen/evtchn: %s", strerror(errno));
		fail("evtchn-notify", "no /dev/xen/evtchn");
		return;
	}
	a = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
	if (a < 0) {
		fail("evtchn-bind", "bind unbound port: %s", strerror(errno));
		fail("evtchn-notify", "no port");
		close(fd);
		return;
	}
	inter.remote_port = a;
	b = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &inter);
	if (b < 0) {
		fail("evtchn-bind", "bind interdomain to port %d: %s", a, strerror(errno));
		fail("evtchn-notify", "no port");
	} else if (b == a) {
		fail("evtchn-bind", "both ends are port %d", a);
		fail("evtchn-notify", "no second port");
	} else {
		pass("evtchn-bind");
		printf("XH-DEV INFO evtchn ports %d <-> %d\n", a, b);
		/*
		 * Binding leaves the new port pending (Xen's rule: events sent to
		 * the unbound end may have been lost); take that one first.
		 */
		if (read_port(fd) != b)
			fail("evtchn-notify", "port %d not pending after binding it", b);
		else if (write(fd, &(uint32_t){ (uint32_t)b }, sizeof(uint32_t)) != sizeof(uint32_t))
			fail("evtchn-notify", "unmask port %d: %s", b, strerror(errno));
		else if (notify_reaches(fd, b, a) && notify_reaches(fd, a, b) &&
			 notify_reaches(fd, b, a))
			pass("evtchn-notify");
		unbind.port = b;
		ioctl(fd, IOCTL_EVTCHN_UNBIND, &unbind);
	}
	unbind.port = a;
	ioctl(fd, IOCTL_EVTCHN_UNBIND, &unbind);
	close(fd);
}

/* The first byte at which page 'p' differs from the pattern seeded 'seed'. */
static int pattern_mismatch(const volatile uint8_t *p, uint8_t seed)
{
	for (int i = 0; i < PAGE_SIZE; i++)
		if (p[i] != (uint8_t)(seed + i * 7))
			return i;
	return -1;
}

static void fill_pattern(volatile uint8_t *p, uint8_t seed)
{
	for (int i = 0; i < PAGE_SIZE; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* Maps grant 'gref' of domain 0 through gntdev and checks both directions. */
static void test_gntdev(uint32_t gref, volatile uint8_t *granted)
{
	struct ioctl_gntdev_map_grant_ref map = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref unmap = { .count = 1 };
	volatile uint8_t *mapped;
	int at, fd = open("/dev/xen/gntdev", O_RDWR);

	if (fd < 0) {
		fail("gntdev-map", "open /dev/xen/gntdev: %s", strerror(errno));
		return;
	}
	map.refs[0].domid = DOMID_DOM0;
	map.refs[0].ref = gref;
	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map) < 0) {
		fail("gntdev-map", "map grant %u: %s", gref, strerror(errno));
		close(fd);
		return;
	}
	mapped = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, map.index);
	if (mapped == MAP_FAILED) {
		fail("gntdev-map", "mmap grant %u: %s", gref, strerror(errno));
	} else {
		at = pattern_mismatch(mapped, 0x5a);
		if (at >= 0) {
			fail("gntdev-map", "byte %d is %#x through gntdev, granter wrote %#x",
			     at, mapped[at], (uint8_t)(0x5a + at * 7));
		} else {
			fill_pattern(mapped, 0xc3);
			at = pattern_mismatch(granted, 0xc3);
			if (at >= 0)
				fail("gntdev-map", "byte %d is %#x on the granter's side, mapper wrote %#x",
				     at, granted[at], (uint8_t)(0xc3 + at * 7));
			else
				pass("gntdev-map");
		}
		munmap((void *)mapped, PAGE_SIZE);
	}
	unmap.index = map.index;
	ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
	close(fd);
}

/*
 * The same grant mapped read-only (an mmap without PROT_WRITE: gntdev asks
 * for a GNTMAP_readonly map) shows what the granter's side holds.
 */
static void test_gntdev_ro(uint32_t gref, volatile uint8_t *granted)
{
	struct ioctl_gntdev_map_grant_ref map = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref unmap = { .count = 1 };
	volatile uint8_t *mapped;
	int at, fd = open("/dev/xen/gntdev", O_RDWR);

	if (fd < 0) {
		fail("gntdev-map-ro", "open /dev/xen/gntdev: %s", strerror(errno));
		return;
	}
	map.refs[0].domid = DOMID_DOM0;
	map.refs[0].ref = gref;
	if (ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &map) < 0) {
		fail("gntdev-map-ro", "map grant %u: %s", gref, strerror(errno));
		close(fd);
		return;
	}
	fill_pattern(granted, 0x11);
	mapped = mmap(NULL, PAGE_SIZE, PROT_READ, MAP_SHARED, fd, map.index);
	if (mapped == MAP_FAILED) {
		fail("gntdev-map-ro", "mmap grant %u read-only: %s", gref, strerror(errno));
	} else {
		at = pattern_mismatch(mapped, 0x11);
		if (at >= 0)
			fail("gntdev-map-ro", "byte %d is %#x through gntdev, granter wrote %#x",
			     at, mapped[at], (uint8_t)(0x11 + at * 7));
		else
			pass("gntdev-map-ro");
		munmap((void *)mapped, PAGE_SIZE);
	}
	unmap.index = map.index;
	ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
	close(fd);
}

static void test_grants(void)
{
	struct ioctl_gntalloc_alloc_gref alloc = {
		.domid = DOMID_DOM0, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1,
	};
	struct ioctl_gntalloc_dealloc_gref dealloc = { .count = 1 };
	volatile uint8_t *granted;
	int fd = open("/dev/xen/gntalloc", O_RDWR);

	if (fd < 0) {
		fail("gntalloc-alloc", "open /dev/xen/gntalloc: %s", strerror(errno));
		fail("gntdev-map", "no grant");
		fail("gntdev-map-ro", "no grant");
		return;
	}
	if (ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &alloc) < 0) {
		fail("gntalloc-alloc", "alloc gref: %s", strerror(errno));
		fail("gntdev-map", "no grant");
		fail("gntdev-map-ro", "no grant");
		close(fd);
		return;
	}
	granted = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, alloc.index);
	if (granted == MAP_FAILED) {
		fail("gntalloc-alloc", "mmap gref %u: %s", alloc.gref_ids[0], strerror(errno));
		fail("gntdev-map", "no grant");
		fail("gntdev-map-ro", "no grant");
	} else {
		fill_pattern(granted, 0x5a);
		pass("gntalloc-alloc");
		printf("XH-DEV INFO gref=%u\n", alloc.gref_ids[0]);
		test_gntdev(alloc.gref_ids[0], granted);
		test_gntdev_ro(alloc.gref_ids[0], granted);
		munmap((void *)granted, PAGE_SIZE);
	}
	dealloc.index = alloc.index;
	ioctl(fd, IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc);
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_privcmd();
	test_evtchn();
	test_grants();
	test_physinfo();
	test_balloon();
	printf("XH-DEV DONE passed=%d failed=%d\n", passed, failed);
	return failed ? 1 : 0;
}
