# Top-level build.  `make` configures with the Kconfig defaults when no
# .config exists, then builds:
#   xen-syms  the 64-bit ELF with full symbols (for debuggers, addr2line)
#   xen       the same image wrapped as a 32-bit ELF (QEMU -kernel, GRUB)
#   xen.gz    gzip of xen, what GRUB loads from /boot
# Objects go to build/; `make test` runs every test layer.

PYTHON   ?= /usr/bin/python3
CC       ?= gcc
HOSTCC   ?= gcc
LD       ?= ld
OBJCOPY  ?= objcopy
NM       ?= nm
# O= selects the object directory (e.g. O=build-foo for a parallel build);
# the images land at the top level for the default O=build, else in $(O).
O        ?= build
BIN      := $(if $(filter build,$(O)),.,$(O))
KCONFIG  := KCONFIG_CONFIG=.config $(PYTHON) -m

ifeq ($(origin CC),default)
CC := gcc
endif

.DEFAULT_GOAL := all
.PHONY: all defconfig menuconfig oldconfig clean test unit-tests boot-tests run iso
.SUFFIXES:

# ---- configuration ---------------------------------------------------------
.config:
	$(KCONFIG) alldefconfig Kconfig

defconfig:
	$(KCONFIG) alldefconfig Kconfig

menuconfig:
	$(KCONFIG) menuconfig Kconfig

oldconfig:
	$(KCONFIG) olddefconfig Kconfig

$(O)/include/generated/autoconf.h $(O)/auto.conf: .config Kconfig
	@mkdir -p $(O)/include/generated
	$(Q)$(PYTHON) -m genconfig --header-path $(O)/include/generated/autoconf.h \
		--config-out $(O)/auto.conf Kconfig

-include $(O)/auto.conf

# ---- object lists ----------------------------------------------------------
# Each directory's Makefile lists its objects as obj-y / obj-$(CONFIG_X),
# relative to that directory.
SUBDIRS := arch/x86 arch/x86/boot arch/x86/acpi arch/x86/mm arch/x86/pv arch/x86/pv/compat common common/sched common/libelf common/decompress drivers/char drivers/video drivers/acpi
objs :=
define add_dir
obj-y :=
include $(1)/Makefile
objs += $$(addprefix $(O)/$(1)/,$$(obj-y))
endef
$(foreach d,$(SUBDIRS),$(eval $(call add_dir,$(d))))

# ---- flags -----------------------------------------------------------------
# -fpic with hidden visibility makes every symbol reference RIP-relative,
# which is what lets us link at 0xffff82d040000000: no code model can hold
# absolute addresses up there.
CFLAGS := -std=gnu11 -O2 -g -m64 -ffreestanding -fno-builtin-printf \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -I$(O)/include -include xen/compiler.h -D__XEN__ \
	-fpic -fvisibility=hidden -fno-common -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx \
	-fno-strict-aliasing -fno-delete-null-pointer-checks \
	-Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wstrict-prototypes -Wmissing-prototypes -Werror -MMD -MP
ifeq ($(CONFIG_FRAME_POINTER),y)
CFLAGS += -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer
endif
AFLAGS := $(filter-out -std=gnu11 -MMD -MP,$(CFLAGS)) -D__ASSEMBLY__ -MMD -MP
LDFLAGS := -melf_x86_64 -nostdlib --no-pie -z max-page-size=0x1000 \
	-z noexecstack --build-id=none --no-warn-rwx-segments

ifneq ($(V),1)
Q := @
endif

# ---- Debian's libfdt (docs/boot-domains.md) ---------------------------------
# The prebuilt objects of libfdt-dev's libfdt.a that the boot-domains parser
# needs, checked by scripts/check-libfdt.sh before they are linked, and its
# headers (copied into $(O)) with our own libfdt_env.h.
LIBFDT_A       ?= /usr/lib/x86_64-linux-gnu/libfdt.a
LIBFDT_MEMBERS := fdt.o fdt_ro.o fdt_check.o fdt_strerror.o
LIBFDT_HDRS    := $(O)/include/libfdt/libfdt.h $(O)/include/libfdt/fdt.h
CFLAGS += -Iinclude/libfdt -I$(O)/include/libfdt
ifeq ($(CONFIG_BOOT_DOMAINS),y)
objs += $(O)/libfdt/libfdt.o
endif

$(O)/libfdt/libfdt.o: $(LIBFDT_A) scripts/check-libfdt.sh
	@echo "  LIBFDT  $@"
	$(Q)rm -rf $(O)/libfdt && mkdir -p $(O)/libfdt
	$(Q)cd $(O)/libfdt && ar x $(LIBFDT_A) $(LIBFDT_MEMBERS)
	$(Q)sh scripts/check-libfdt.sh $(addprefix $(O)/libfdt/,$(LIBFDT_MEMBERS))
	$(Q)$(LD) -r -melf_x86_64 -o $@.tmp $(addprefix $(O)/libfdt/,$(LIBFDT_MEMBERS))
	$(Q)$(OBJCOPY) -R .eh_frame -R .rela.eh_frame $@.tmp $@

$(LIBFDT_HDRS): $(O)/include/libfdt/%: /usr/include/%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(O)/common/boot_domains_parse.o: $(LIBFDT_HDRS)


$(O)/%.o: %.c $(O)/include/generated/autoconf.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(O)/%.o: %.S $(O)/include/generated/autoconf.h
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(AFLAGS) -c $< -o $@

$(O)/xen.lds: arch/x86/xen.lds.S $(O)/include/generated/autoconf.h
	$(Q)$(CC) $(AFLAGS) -P -E -x c $< -o $@

# ---- linking ---------------------------------------------------------------
# Two passes: the first links with an empty symbol table, whose text
# symbols then fill the table of the second.  The table sits after all code
# and data, so filling it moves no text symbol; the build checks that.
SYMS_GEN := sh arch/x86/tools/gen-symbols.sh

$(O)/symbols-empty.o: arch/x86/tools/gen-symbols.sh
	@mkdir -p $(O)
	$(Q)$(SYMS_GEN) /dev/null > $(O)/symbols-empty.S
	$(Q)$(CC) $(AFLAGS) -c $(O)/symbols-empty.S -o $@

$(O)/xen-syms.0: $(objs) $(O)/symbols-empty.o $(O)/xen.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T $(O)/xen.lds -o $@ $(objs) $(O)/symbols-empty.o

$(O)/symbols.o: $(O)/xen-syms.0 arch/x86/tools/gen-symbols.sh
	$(Q)$(NM) -n $< > $(O)/xen-syms.0.map
	$(Q)$(SYMS_GEN) $(O)/xen-syms.0.map > $(O)/symbols.S
	$(Q)$(CC) $(AFLAGS) -c $(O)/symbols.S -o $@

$(BIN)/xen-syms: $(objs) $(O)/symbols.o $(O)/xen.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T $(O)/xen.lds -o $@ $(objs) $(O)/symbols.o
	$(Q)$(NM) -n $@ | grep -i ' t ' > $(O)/text.1
	$(Q)grep -i ' t ' $(O)/xen-syms.0.map > $(O)/text.0
	$(Q)cmp -s $(O)/text.0 $(O)/text.1 || { echo "symbol table moved text"; rm -f $@; exit 1; }
	$(Q)$(NM) -n $@ > $@.map

$(O)/mkelf32: arch/x86/boot/mkelf32.c
	@mkdir -p $(O)
	$(Q)$(HOSTCC) -O2 -Wall -Werror -o $@ $<

$(BIN)/xen: $(BIN)/xen-syms $(O)/mkelf32
	@echo "  MKELF32 $@"
	$(Q)$(O)/mkelf32 $< $@

$(BIN)/xen.gz: $(BIN)/xen
	@echo "  GZIP    $@"
	$(Q)gzip -9 -n -c $< > $@

all: $(BIN)/xen $(BIN)/xen.gz

clean:
	rm -rf $(O) xen xen.gz xen-syms xen-syms.map

# ---- tests and running -----------------------------------------------------
unit-tests:
	$(Q)O=$(O) sh tests/unit/run.sh

boot-tests: all
	$(Q)XEN_DIR=$(BIN) bash tests/boot/run-all.sh

# Set-up, build, unit and boot tests; ends with "N passed, N failed".
test:
	$(Q)O=$(O) sh tests/run-all.sh

run: all
	$(Q)O=$(O) XEN_DIR=$(BIN) sh scripts/run.sh

-include $(shell find $(O) -name '*.d' 2>/dev/null)
