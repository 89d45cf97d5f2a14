/* A plugin of a later minor SDK (1.9, say) that uses 1.9 features and so refuses older hosts: the
 * plugin's side of the two-way handshake, written in plain C against the ABI alone. To a host of
 * minor >= 1 it returns a table whose `refusal` says why; to a 1.0 host, which does not read
 * `refusal`, NULL. The host must show the plugin's sentence. */
#include <dtop/dtop_abi.h>

#include <stdio.h>

static dtop_plugin_api api;
static char why[160];

DTOP_EXPORT const dtop_plugin_api* dtop_plugin_entry(uint16_t major, uint16_t minor) {
    api.struct_size = sizeof api;
    api.api_major = DTOP_API_VERSION_MAJOR;
    api.api_minor = 9;
    api.value_size = sizeof(dtop_value);
    api.value_align = _Alignof(dtop_value);
    api.param_desc_size = sizeof(dtop_param_desc);
    api.param_desc_align = _Alignof(dtop_param_desc);
    api.port_desc_size = sizeof(dtop_port_desc);
    api.port_desc_align = _Alignof(dtop_port_desc);
    api.info_size = sizeof(dtop_plugin_info);
    api.host_size = sizeof(dtop_host);
    if (major == DTOP_API_VERSION_MAJOR && minor >= 9) {
        api.refusal = "this test plugin has no functions: it only ever refuses";
        return &api;
    }
    if (major == DTOP_API_VERSION_MAJOR && minor < 1) return NULL;
    snprintf(why, sizeof why, "it needs a dtop of plugin API 1.9 or later for its frobnicator; this dtop speaks %u.%u",
             (unsigned)major, (unsigned)minor);
    api.refusal = why;
    return &api;
}
