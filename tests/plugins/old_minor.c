/* A plugin built with the SDK of plugin API 1.0: compiled against the frozen 1.0 header in abi_1_0/
 * (not sdk/include), in plain C, with 1.0's smaller dtop_host and dtop_plugin_api (no `refusal`) and
 * functions returning int. Later 1.x hosts must keep loading and running it, batch and stepped:
 *   batch:   result = gain * 10;   stepped: y = gain * u;   `count` (batch) = steps taken. */
#include <dtop/dtop_abi.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if DTOP_API_VERSION_MINOR != 0
#error "old_minor.c must be compiled against the frozen 1.0 header (tests/plugins/abi_1_0)"
#endif

static dtop_param_desc params[1];
static dtop_port_desc ports[4];
static dtop_plugin_info info;
static dtop_plugin_api api;

typedef struct {
    double gain, result, count;
    char error[128];
} instance;

static dtop_instance* create(const dtop_host* host) {
    instance* i;
    /* A 1.0 plugin knows 1.0's dtop_host only: a later host's is larger, never smaller. */
    if (!host || host->struct_size < sizeof(dtop_host)) return NULL;
    i = (instance*)calloc(1, sizeof(instance));
    if (i) i->gain = 2.0;
    return (dtop_instance*)i;
}
static void destroy(dtop_instance* p) { free(p); }
static const char* last_error(dtop_instance* p) { return ((instance*)p)->error; }
static const char* error_param(dtop_instance* p) { return ((instance*)p)->error[0] ? "gain" : NULL; }
static int set_param(dtop_instance* p, uint32_t index, const dtop_value* v) {
    instance* i = (instance*)p;
    if (index != 0 || v->kind != DTOP_KIND_REAL) {
        snprintf(i->error, sizeof i->error, "gain must be a real number");
        return DTOP_ERROR;
    }
    i->gain = v->data[0];
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
static const char* header_names[2] = {"t", "y"};
static const char* header_units[2] = {"s", "m"};
static int get_output(dtop_instance* p, uint32_t port, dtop_value* out) {
    instance* i = (instance*)p;
    dtop_value v;
    size_t room = out->struct_size;
    memset(&v, 0, sizeof v);
    v.struct_size = sizeof v;
    if (port == 1 || port == 3) {
        v.kind = DTOP_KIND_REAL;
        v.rows = v.cols = 1;
        out_data[0] = port == 1 ? i->result : i->count;
        v.data = out_data;
        v.unit = "";
    } else if (port == 2) { /* the stepped output's header */
        v.kind = DTOP_KIND_SERIES;
        v.cols = 2;
        v.names = header_names;
        v.units = header_units;
    } else {
        snprintf(i->error, sizeof i->error, "no output port %u", (unsigned)port);
        return DTOP_ERROR;
    }
    if (room > sizeof v) room = sizeof v;
    memcpy(out, &v, room);
    out->struct_size = (uint32_t)room;
    return DTOP_OK;
}
static int run(dtop_instance* p) {
    instance* i = (instance*)p;
    i->result = i->gain * 10.0;
    return DTOP_OK;
}
static int init(dtop_instance* p, double t0, double dt, double t1) {
    (void)t0;
    (void)dt;
    (void)t1;
    ((instance*)p)->count = 0;
    return DTOP_OK;
}
static int step(dtop_instance* p, double t, double dt, const double* in, double* out) {
    instance* i = (instance*)p;
    (void)t;
    (void)dt;
    out[0] = i->gain * in[0];
    i->count += 1;
    return DTOP_OK;
}
static int finish(dtop_instance* p, int outcome) {
    (void)p;
    (void)outcome;
    return DTOP_OK;
}

DTOP_EXPORT const dtop_plugin_api* dtop_plugin_entry(uint16_t major, uint16_t minor) {
    (void)major;
    (void)minor;
    params[0] = (dtop_param_desc){"gain", DTOP_KIND_REAL, 0, "2", "", -1e6, 1e6, NULL, "multiplies"};
    ports[0] = (dtop_port_desc){"u", DTOP_KIND_REAL, DTOP_PORT_INPUT | DTOP_PORT_STEPPED | DTOP_PORT_OPTIONAL, "m", 1, 0, "in"};
    ports[1] = (dtop_port_desc){"result", DTOP_KIND_REAL, 0, "", 0, 0, "gain * 10"};
    ports[2] = (dtop_port_desc){"y", DTOP_KIND_REAL, DTOP_PORT_STEPPED, "m", 1, 0, "gain * u"};
    ports[3] = (dtop_port_desc){"count", DTOP_KIND_REAL, 0, "", 0, 0, "steps taken"};
    info = (dtop_plugin_info){"test-old-minor", "1.0.0", "built with the plugin API 1.0 SDK", "",
                              DTOP_CAN_RUN | DTOP_CAN_STEP, 1, params, 4, 0, ports};
    api.struct_size = sizeof api;
    api.api_major = DTOP_API_VERSION_MAJOR;
    api.api_minor = DTOP_API_VERSION_MINOR;
    api.value_size = sizeof(dtop_value);
    api.value_align = _Alignof(dtop_value);
    api.param_desc_size = sizeof(dtop_param_desc);
    api.param_desc_align = _Alignof(dtop_param_desc);
    api.port_desc_size = sizeof(dtop_port_desc);
    api.port_desc_align = _Alignof(dtop_port_desc);
    api.info_size = sizeof(dtop_plugin_info);
    api.host_size = sizeof(dtop_host);
    api.info = &info;
    api.create = create;
    api.destroy = destroy;
    api.last_error = last_error;
    api.error_param = error_param;
    api.set_param = set_param;
    api.configure = configure;
    api.set_input = set_input;
    api.get_output = get_output;
    api.run = run;
    api.init = init;
    api.step = step;
    api.finish = finish;
    return &api;
}
