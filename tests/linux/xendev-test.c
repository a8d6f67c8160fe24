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
	printf("XH-DEV DONE passed=%d failed=%d\n", passed, failed);
	return failed ? 1 : 0;
}
