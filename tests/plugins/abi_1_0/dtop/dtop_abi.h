/* FROZEN COPY of sdk/include/dtop/dtop_abi.h as released in plugin API 1.0 (commit f10dbf3). Never edit:
 * old_minor.c is compiled against it to prove that a plugin built with the 1.0 SDK keeps loading. */
/*
 * dtop plugin ABI -- the one and only contract between the dtop host and a plugin library.
 *
 * Plain C, so any compiler (and any language with a C FFI) can implement it. Nothing that crosses
 * this boundary owns memory on the other side: no C++ exception, STL type or allocator crosses it.
 *
 *  - A plugin library exports exactly one symbol, DTOP_ENTRY_SYMBOL ("dtop_plugin_entry"), of type
 *    dtop_entry_fn. The host calls it with its own ABI version; the plugin answers with a pointer to a
 *    static dtop_plugin_api table that lives as long as the library is loaded.
 *  - Handshake: the host refuses a plugin whose api_major differs from its own, and checks that every
 *    struct the two sides exchange is at least as large as in the first release of this major version.
 *    Minor versions only ever append fields at the END of structs; each side reads only the fields that
 *    the other side's reported struct size covers, and walks arrays of descriptors with the stride the
 *    plugin reports. So a plugin built against an older or newer minor SDK of the same major loads.
 *  - Errors: every function that can fail returns a dtop_status. On failure the plugin keeps a message
 *    (and, for a bad parameter, the parameter's name) that the host reads with last_error / error_param.
 *  - Memory: a plugin owns what it hands out (descriptors, output values, error strings). Values it
 *    returns stay valid until the next call on the same instance. Values the host hands in are valid
 *    only for the duration of the call: copy what you keep.
 *  - dtop_value may grow: every value carries struct_size. A receiver reads only fields that size
 *    covers (at least those of 1.0). For get_output the host sets out->struct_size to the size of
 *    ITS dtop_value; the plugin writes no more than that many bytes and leaves struct_size at the
 *    number of bytes it wrote.
 *
 * Life of an instance:
 *   create -> set_param* -> set_input(PENDING)* -> configure
 *                                     -> (set_input* -> run -> get_output*)          batch node
 *                                     -> (set_input* -> init -> step* -> finish)     stepped node
 *   -> destroy
 * Stepped values cross as flat arrays of doubles (one slot per channel of every stepped port, in port
 * order), so a step costs one indirect call and no allocation.
 *
 * Versioning: DTOP_API_VERSION_MAJOR changes only on an incompatible change; DTOP_API_VERSION_MINOR on
 * an appended field, flag or function. Documented in sdk/README.md ("The ABI").
 */
#ifndef DTOP_ABI_H
#define DTOP_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DTOP_API_VERSION_MAJOR 1
#define DTOP_API_VERSION_MINOR 0

/* The single symbol a plugin library exports. */
#define DTOP_ENTRY_SYMBOL "dtop_plugin_entry"

#if defined(_WIN32)
#define DTOP_EXPORT __declspec(dllexport)
#else
#define DTOP_EXPORT __attribute__((visibility("default")))
#endif

typedef enum dtop_status {
    DTOP_OK = 0,
    DTOP_ERROR = 1,       /* a message is available from last_error */
    DTOP_END_OF_DATA = 2  /* a stepped source has nothing more; the host ends the co-simulation */
} dtop_status;

/* The kinds of value a parameter or a port carries. */
typedef enum dtop_kind {
    DTOP_KIND_PENDING = 0,       /* set_input before configure: "this input is wired; its value comes
                                    before run/init". No data. */
    DTOP_KIND_REAL = 1,          /* one double (rows = cols = 1) */
    DTOP_KIND_INT = 2,           /* one 64-bit integer, carried in data[0] as a double */
    DTOP_KIND_BOOL = 3,          /* 0 or 1, carried in data[0] */
    DTOP_KIND_STRING = 4,        /* text (UTF-8) */
    DTOP_KIND_PATH = 5,          /* text: a file path; the host resolves it against the scenario's folder */
    DTOP_KIND_REAL_ARRAY = 6,    /* rows x cols doubles, column-major (a vector has cols = 1) */
    DTOP_KIND_COMPLEX_ARRAY = 7, /* rows x cols complex numbers, column-major, (re, im) interleaved */
    DTOP_KIND_SERIES = 8,        /* column 0 is the abscissa (time, frequency, cycle); columns 1.. are
                                    named channels with units; rows samples, column-major */
    DTOP_KIND_TABLE = 9,         /* cols named numeric columns with units, rows rows, column-major */
    DTOP_KIND_JSON = 10          /* structured data as JSON text */
} dtop_kind;

/* The name of a kind, as `dtop describe` and error messages show it ("real-array"). */
static inline const char* dtop_kind_name(uint32_t kind) {
    switch (kind) {
    case DTOP_KIND_REAL: return "real";
    case DTOP_KIND_INT: return "int";
    case DTOP_KIND_BOOL: return "bool";
    case DTOP_KIND_STRING: return "string";
    case DTOP_KIND_PATH: return "path";
    case DTOP_KIND_REAL_ARRAY: return "real-array";
    case DTOP_KIND_COMPLEX_ARRAY: return "complex-array";
    case DTOP_KIND_SERIES: return "series";
    case DTOP_KIND_TABLE: return "table";
    case DTOP_KIND_JSON: return "json";
    case DTOP_KIND_PENDING: return "pending";
    default: return "unknown";
    }
}

/*
 * One value, as plain data. The producer owns every pointer.
 *  - REAL, INT, BOOL: data[0]; unit in `unit`.
 *  - STRING, PATH, JSON: `text`.
 *  - REAL_ARRAY: data[rows*cols]; COMPLEX_ARRAY: data[2*rows*cols]; unit in `unit`.
 *  - SERIES, TABLE: data[rows*cols] column by column; names[cols] and units[cols].
 * For a stepped port, get_output before init may return a SERIES with rows = 0 whose names and units
 * describe the port's channels (its width is cols - 1); see dtop_plugin_api.get_output.
 */
typedef struct dtop_value {
    uint32_t struct_size; /* sizeof(dtop_value) as the producer compiled it */
    uint32_t kind;        /* dtop_kind */
    uint64_t rows;
    uint64_t cols;
    const double* data;
    const char* const* names;
    const char* const* units;
    const char* text;
    const char* unit;
} dtop_value;

/* Flags of a parameter. */
#define DTOP_PARAM_REQUIRED 0x1u     /* no default: the scenario must set it */
#define DTOP_PARAM_MIN_EXCLUSIVE 0x2u /* value must be > min instead of >= min */
#define DTOP_PARAM_MAX_EXCLUSIVE 0x4u /* value must be < max instead of <= max */
#define DTOP_PARAM_MUST_EXIST 0x8u   /* PATH: the file must exist when the scenario is validated */

/* A parameter, as `dtop describe` shows it. min/max: NaN when unbounded (applied to every element of
 * a REAL_ARRAY). `choices`: NULL, or "a|b|c" for a STRING that takes one of fixed words. */
typedef struct dtop_param_desc {
    const char* name;
    uint32_t kind;  /* REAL, INT, BOOL, STRING, PATH or REAL_ARRAY */
    uint32_t flags; /* DTOP_PARAM_* */
    const char* default_value; /* as YAML text, NULL when required */
    const char* unit;          /* "" for dimensionless */
    double min;
    double max;
    const char* choices;
    const char* doc;
} dtop_param_desc;

/* Flags of a port. */
#define DTOP_PORT_INPUT 0x1u    /* set: input port; clear: output port */
#define DTOP_PORT_STEPPED 0x2u  /* exchanged every communication step as doubles; else once (batch) */
#define DTOP_PORT_OPTIONAL 0x4u /* an input that may stay unconnected */

/* A port. For a stepped port `width` is its number of channels; 0 means "known after configure",
 * read from get_output (outputs) or set by the host from the connected source (inputs). */
typedef struct dtop_port_desc {
    const char* name;
    uint32_t kind;  /* dtop_kind; stepped ports are REAL (width 1) or REAL_ARRAY */
    uint32_t flags; /* DTOP_PORT_* */
    const char* unit;
    uint32_t width;
    uint32_t reserved;
    const char* doc;
} dtop_port_desc;

/* What the plugin can do. */
#define DTOP_CAN_RUN 0x1u  /* batch: run once */
#define DTOP_CAN_STEP 0x2u /* stepped: init, step at the communication step, finish */

typedef struct dtop_plugin_info {
    const char* name;    /* unique, lower-case-with-dashes: what scenarios write after `plugin:` */
    const char* version; /* the plugin's own version, semver */
    const char* summary; /* one line */
    const char* doc;     /* longer text, may be "" */
    uint32_t capabilities; /* DTOP_CAN_* */
    uint32_t n_params;
    const dtop_param_desc* params; /* stride: dtop_plugin_api.param_desc_size */
    uint32_t n_ports;
    uint32_t reserved;
    const dtop_port_desc* ports;   /* stride: dtop_plugin_api.port_desc_size */
} dtop_plugin_info;

typedef struct dtop_instance dtop_instance; /* opaque, owned by the plugin */

/* What the host offers a plugin instance (logging). May grow in later minors. */
typedef struct dtop_host {
    uint32_t struct_size;
    uint32_t reserved;
    void* context;
    /* level: 0 debug, 1 info, 2 warning. Thread-safe. */
    void (*log)(void* context, int level, const char* message);
    /* A folder of this node's own inside the run's results, for files the plugin writes itself (plots,
       a solver's job files). It may not exist yet: create it when needed. NULL outside a run (e.g.
       `dtop validate`). Read it when you need it (from run/init on), not in create. */
    const char* output_dir;
} dtop_host;

/* One typedef per function, as in FMI. Every function except create/destroy/last_error/error_param
 * returns a dtop_status. */
typedef dtop_instance* dtop_create_fn(const dtop_host* host);
typedef void dtop_destroy_fn(dtop_instance* inst);
typedef const char* dtop_last_error_fn(dtop_instance* inst);
typedef const char* dtop_error_param_fn(dtop_instance* inst); /* NULL if the error names no parameter */
typedef int dtop_set_param_fn(dtop_instance* inst, uint32_t param_index, const dtop_value* value);
typedef int dtop_configure_fn(dtop_instance* inst);
typedef int dtop_set_input_fn(dtop_instance* inst, uint32_t port_index, const dtop_value* value);
typedef int dtop_get_output_fn(dtop_instance* inst, uint32_t port_index, dtop_value* out);
typedef int dtop_run_fn(dtop_instance* inst);
typedef int dtop_init_fn(dtop_instance* inst, double t_start, double step, double t_stop);
typedef int dtop_step_fn(dtop_instance* inst, double t, double step, const double* in, double* out);
/* outcome: DTOP_OK if the co-simulation completed (or ended on DTOP_END_OF_DATA), DTOP_ERROR if it
   was stopped by an error (in any node): a plugin then discards what it would have published. */
typedef int dtop_finish_fn(dtop_instance* inst, int outcome);

typedef struct dtop_plugin_api {
    uint32_t struct_size; /* sizeof(dtop_plugin_api) as the plugin compiled it */
    uint16_t api_major;
    uint16_t api_minor;
    /* sizes and alignments the plugin compiled the exchanged structs with (the handshake) */
    uint32_t value_size, value_align;
    uint32_t param_desc_size, param_desc_align;
    uint32_t port_desc_size, port_desc_align;
    uint32_t info_size, host_size;

    const dtop_plugin_info* info;

    dtop_create_fn* create;
    dtop_destroy_fn* destroy;
    dtop_last_error_fn* last_error;
    dtop_error_param_fn* error_param;
    dtop_set_param_fn* set_param;
    dtop_configure_fn* configure;
    dtop_set_input_fn* set_input;
    /* Batch outputs: after run (or after finish, for a stepped node). Stepped outputs: after configure
     * and before init, a header-only SERIES (rows = 0) naming the channels. */
    dtop_get_output_fn* get_output;
    dtop_run_fn* run;    /* NULL unless DTOP_CAN_RUN */
    dtop_init_fn* init;  /* NULL unless DTOP_CAN_STEP */
    dtop_step_fn* step;  /* in: stepped inputs, out: stepped outputs, each in port order */
    dtop_finish_fn* finish;
} dtop_plugin_api;

/* The entry symbol's type. Returns NULL only if the plugin cannot talk to a host of that version. */
typedef const dtop_plugin_api* dtop_entry_fn(uint16_t host_api_major, uint16_t host_api_minor);

#ifdef __cplusplus
}
#endif

#endif /* DTOP_ABI_H */
