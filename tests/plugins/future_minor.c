/* A plugin built against a later minor SDK of the same major (1.7, say) that appended fields to
 * dtop_param_desc, dtop_port_desc and dtop_plugin_api. The host must load it and read every
 * descriptor correctly by walking the arrays with the stride the plugin reports. Written in plain C
 * against the ABI alone, as an author in another language would. */
#include <dtop/dtop_abi.h>

#include <stdlib.h>
#include <string.h>

typedef struct {
    dtop_param_desc base;
    double added_in_1_7[3]; /* fields a later minor appended */
} param_desc_1_7;

typedef struct {
    dtop_port_desc base;
    const char* added_in_1_7;
} port_desc_1_7;

typedef struct {
    dtop_value base;
    double added_in_1_7[4]; /* a larger value: must not be written past the host's own struct */
} value_1_7;

typedef struct {
    dtop_plugin_api base;
    void* added_function_in_1_7;
} api_1_7;

static param_desc_1_7 params[2];
static port_desc_1_7 ports[1];
static dtop_plugin_info info;
static api_1_7 api;

typedef struct {
    double gain, offset, result;
    char error[64];
} instance;

static dtop_instance* create(const dtop_host* host) {
    (void)host;
    instance* i = (instance*)calloc(1, sizeof(instance));
    if (i) i->gain = 2.0;
    return (dtop_instance*)i;
}
static void destroy(dtop_instance* p) { free(p); }
static const char* last_error(dtop_instance* p) { return ((instance*)p)->error; }
/* After an error it names a parameter it does not declare: the host must report that as the plugin's
 * bug instead of looking for the parameter in the scenario. */
static const char* error_param(dtop_instance* p) { return ((instance*)p)->error[0] ? "gain_v2" : NULL; }
static int set_param(dtop_instance* p, uint32_t index, const dtop_value* v) {
    instance* i = (instance*)p;
    if (v->kind != DTOP_KIND_REAL) {
        strcpy(i->error, "expected a real");
        return DTOP_ERROR;
    }
    if (index == 0) i->gain = v->data[0];
    else i->offset = v->data[0];
    return DTOP_OK;
}
static int configure(dtop_instance* p) {
    (void)p;
    return DTOP_OK;
}
static int set_input(dtop_instance* p, uint32_t port, const dtop_value* v) {
    (void)p;
    (void)port;
    (void)v;
    return DTOP_OK;
}
static double out_data[1];
static int get_output(dtop_instance* p, uint32_t port, dtop_value* out) {
    instance* i = (instance*)p;
    value_1_7 v;
    size_t room = out->struct_size; /* the host's size: write no more (dtop_abi.h) */
    (void)port;
    memset(&v, 0, sizeof v);
    v.base.struct_size = sizeof v;
    v.base.kind = DTOP_KIND_REAL;
    v.base.rows = v.base.cols = 1;
    out_data[0] = i->result;
    v.base.data = out_data;
    v.base.unit = "";
    if (room > sizeof v) room = sizeof v;
    memcpy(out, &v, room);
    out->struct_size = (uint32_t)room;
    return DTOP_OK;
}
static int run(dtop_instance* p) {
    instance* i = (instance*)p;
    i->result = i->gain * 10.0 + i->offset;
    return DTOP_OK;
}

DTOP_EXPORT const dtop_plugin_api* dtop_plugin_entry(uint16_t major, uint16_t minor) {
    (void)major;
    (void)minor;
    params[0].base = (dtop_param_desc){"gain", DTOP_KIND_REAL, 0, "2", "", 0.0, 100.0, NULL, "multiplies 10"};
    params[0].added_in_1_7[0] = 1e300; /* garbage a 1.0 host must not mistake for the next descriptor */
    params[1].base = (dtop_param_desc){"offset", DTOP_KIND_REAL, 0, "0", "", -1e9, 1e9, NULL, "added"};
    ports[0].base = (dtop_port_desc){"result", DTOP_KIND_REAL, 0, "", 0, 0, "gain * 10 + offset"};
    ports[0].added_in_1_7 = "ignored";
    info = (dtop_plugin_info){"test-future-minor", "1.7.0", "built against a later minor SDK", "", DTOP_CAN_RUN,
                              2, &params[0].base, 1, 0, &ports[0].base};
    api.base.struct_size = sizeof api;
    api.base.api_major = DTOP_API_VERSION_MAJOR;
    api.base.api_minor = 7;
    api.base.value_size = sizeof(value_1_7);
    api.base.value_align = _Alignof(dtop_value);
    api.base.param_desc_size = sizeof(param_desc_1_7);
    api.base.param_desc_align = _Alignof(dtop_param_desc);
    api.base.port_desc_size = sizeof(port_desc_1_7);
    api.base.port_desc_align = _Alignof(dtop_port_desc);
    api.base.info_size = sizeof(dtop_plugin_info);
    api.base.host_size = sizeof(dtop_host);
    api.base.info = &info;
    api.base.create = create;
    api.base.destroy = destroy;
    api.base.last_error = last_error;
    api.base.error_param = error_param;
    api.base.set_param = set_param;
    api.base.configure = configure;
    api.base.set_input = set_input;
    api.base.get_output = get_output;
    api.base.run = run;
    return &api.base;
}
