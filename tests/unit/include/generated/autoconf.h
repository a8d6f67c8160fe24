/*
 * Host unit tests' stand-in for the Kconfig-generated header: the default
 * configuration, fixed so that test results never depend on a local .config.
 */
#define CONFIG_X86_64 1
#define CONFIG_NS16550 1
#define CONFIG_VGA 1
#define CONFIG_CONRING_SIZE_KB 32
#define CONFIG_NR_CPUS 64
#define CONFIG_DEBUG 1
#define CONFIG_FRAME_POINTER 1
