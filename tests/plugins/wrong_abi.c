/* A plugin built for a future major ABI: the host must refuse it, naming both versions. */
#include <dtop/dtop_abi.h>

static dtop_plugin_info info = {"test-wrong-abi", "9.9.9", "built for API 99", "", DTOP_CAN_RUN, 0, 0, 0, 0, 0};
static dtop_plugin_api api;

DTOP_EXPORT const dtop_plugin_api* dtop_plugin_entry(uint16_t major, uint16_t minor) {
    (void)major;
    (void)minor;
    api.struct_size = sizeof api;
    api.api_major = 99;
    api.api_minor = 3;
    api.info = &info;
    return &api;
}
