/*
 * A sample ring type, so that the layout checks cover what
 * DEFINE_RING_TYPES expands to (the shared page header, the slot union,
 * the private front/back structures).  A netif-like request/response
 * pair; the names are ours.
 */
#define ABI_SAMPLE_RING 1

struct abi_sample_request {
    uint16_t id;
    uint16_t flags;
    uint32_t gref;
    uint64_t addr;
};
struct abi_sample_response {
    uint16_t id;
    int16_t status;
};
DEFINE_RING_TYPES(abi_sample, struct abi_sample_request, struct abi_sample_response);
