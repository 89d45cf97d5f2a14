/*
 * dtop plugin ABI -- the one and only contract between the dtop host and a plugin library.
 *
 * Plain C, so any compiler (and any language with a C FFI) can implement it. Nothing that crosses
 * this boundary owns memory on the other side: no C++ exception, STL type or allocator crosses it.
 *
 *  - A plugin library exports exactly one symbol, DTOP_ENTRY_SYMBOL ("dtop_plugin_entry"), of type
 *    dtop_entry_fn. The host calls it with its own ABI version; the plugin answers with a pointer to a
 *    static dtop_plugin_api table that lives as long as the library is loaded.
 *  - Handshake, both ways: the host refuses a plugin whose api_major differs from its own, and checks
 *    that every struct the two sides exchange is at least as large as in the first release of this
 *    major version; the plugin, which receives the host's version in the entry function, refuses a
 *    host of another major or of a minor older than the features it needs (dtop_plugin_api.refusal).
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
 *     batch node:    -> set_input* -> run -> get_output*
 *     stepped node:  -> set_input* (values, stepped headers) -> get_output* (stepped headers)
 *                    -> init -> step* -> finish -> get_output* (batch outputs)
 *   -> destroy
 * finish only follows a successful init; destroy always comes last, whatever failed before. What the
 * host does with each status: see dtop_status below.
 * Stepped values cross as flat arrays of doubles (one slot per channel of every stepped port, in port
 * order), so a step costs one indirect call and no allocation.
 *
 * Versioning: DTOP_API_VERSION_MAJOR changes only on an incompatible change; DTOP_API_VERSION_MINOR on
 * an appended field, flag, status or function. Documented in sdk/README.md ("The ABI").
 *   1.0  the first release.
 *   1.1  dtop_status is an int32_t (was int; the same type on every supported compiler) and gains
 *        DTOP_FATAL; dtop_host gains the clock (has_clock, clock_start/step/stop) set before configure;
 *        dtop_plugin_api gains `refusal` (the plugin's side of the handshake, or why describe failed).
 *        A 1.0 plugin still loads; a 1.1 plugin serves a 1.0 host unless it needs 1.1 features.
 */
#ifndef DTOP_ABI_H
#define DTOP_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DTOP_API_VERSION_MAJOR 1
#define DTOP_API_VERSION_MINOR 1

/* The single symbol a plugin library exports. */
#define DTOP_ENTRY_SYMBOL "dtop_plugin_entry"

#if defined(_WIN32)
#define DTOP_EXPORT __declspec(dllexport)
#else
#define DTOP_EXPORT __attribute__((visibility("default")))
#endif

/*
 * Status of a call. Every function that can fail returns a dtop_status (a fixed-size integer, so the
 * type has the same size on every compiler); its values are the DTOP_OK... constants below. How the
 * host treats each one (the error classes, after FMI 3's fmi3Status and libcosimc's error codes):
 *
 *  DTOP_OK           the call did what it should.
 *  DTOP_ERROR        this call failed; last_error() says why and error_param() which parameter it is
 *                    about. The instance stays usable for cleaning up: after a failed init() or step()
 *                    the host calls finish(DTOP_ERROR) (step) or nothing more (init) and then
 *                    destroy(); after any other failed call it calls destroy(). The host never retries.
 *  DTOP_END_OF_DATA  only from init() and step() of a stepped source: it has no more data. From step(),
 *                    the outputs of this step are not used and the host ends the co-simulation
 *                    normally (every node gets finish(DTOP_OK)); from init(), the co-simulation ends
 *                    before its first step. From any other function it is a broken plugin (as
 *                    DTOP_ERROR, with a message saying so).
 *  DTOP_FATAL        (ABI 1.1) the instance is broken beyond cleaning up (a solver process it owns
 *                    died, its state is inconsistent). The host reads last_error()/error_param(),
 *                    then only calls destroy(): no finish(). Return it only to a host of minor >= 1
 *                    (see dtop_entry_fn); to a 1.0 host return DTOP_ERROR.
 *  any other value   treated as DTOP_FATAL ("returned an unknown status").
 *
 * There is no "warning" status (a plugin logs a warning with dtop_host.log, level 2, at any time) and
 * no "discard" (FMI's request to retry a step with a smaller one: dtop's communication step is fixed
 * and it cannot roll back; a step that cannot be completed is DTOP_ERROR).
 */
typedef int32_t dtop_status;
enum dtop_status_values {
    DTOP_OK = 0,
    DTOP_ERROR = 1,
    DTOP_END_OF_DATA = 2,
    DTOP_FATAL = 3 /* since 1.1 */
};

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

/*
 * What the host offers a plugin instance. Handed to create(); the pointer stays valid until destroy(),
 * and the host may fill in fields later (output_dir before run/init, the clock before configure):
 * read a field when you need it, not only in create(). Fields appended by a minor version are there
 * only if struct_size covers them: a plugin reads no field beyond struct_size (a 1.0 host's struct
 * ends after output_dir).
 */
typedef struct dtop_host {
    uint32_t struct_size; /* sizeof(dtop_host) as the host compiled it */
    uint32_t reserved;
    void* context;
    /* level: 0 debug, 1 info, 2 warning. Thread-safe; may be called from any plugin function. The
       host copies the message during the call. */
    void (*log)(void* context, int level, const char* message);
    /* A folder of this node's own inside the run's results, for files the plugin writes itself (plots,
       a solver's job files). It may not exist yet: create it when needed. NULL outside a run (e.g.
       `dtop validate`). Read it when you need it (from run/init on), not in create. */
    const char* output_dir;
    /* --- ABI 1.1 --- */
    /* 1 if this instance will run stepped with the clock below (the scenario's clock), else 0 (a batch
       node, or no clock). Set before configure(), so that configure() can check parameters against the
       clock (a step too long for a natural frequency) and name the parameter; `dtop validate` then
       reports the error at that parameter. init() receives the same values. */
    uint32_t has_clock;
    uint32_t reserved_1_1;
    double clock_start, clock_step, clock_stop; /* seconds; valid only if has_clock */
} dtop_host;

/*
 * The functions of a plugin, one typedef each, as in FMI 3. The rules that hold for all of them:
 *  - Threads: the host calls the functions of one instance from one thread at a time (not always the
 *    same thread). Different instances, of the same library too, may be called at the same time from
 *    different threads: keep state in the instance, not in mutable globals.
 *  - Order: the life of an instance above; a function called out of that order is a host bug, and a
 *    plugin may answer it with DTOP_ERROR.
 *  - Strings and values the host hands in are valid only during the call: copy what you keep.
 *    Strings and values the plugin hands out stay valid until the next call on the same instance
 *    (descriptors: as long as the library is loaded).
 *  - After DTOP_FATAL from any function, the host calls only last_error, error_param and destroy.
 */

/* Creates an instance with every parameter at its default. `host` stays valid until destroy (see
 * dtop_host). Returns NULL if it cannot (out of memory): the host reports that, with no message.
 * Keep it cheap: parameters are not set yet. Called any number of times, possibly concurrently. */
typedef dtop_instance* dtop_create_fn(const dtop_host* host);

/* Releases everything the instance holds. Always the last call on an instance, also after DTOP_ERROR or
 * DTOP_FATAL from any function, and whether or not init/finish ran. Cannot fail. */
typedef void dtop_destroy_fn(dtop_instance* inst);

/* The message of the last call that did not return DTOP_OK on this instance (UTF-8, one or more
 * sentences, no trailing newline). Owned by the plugin, valid until the next call on the instance.
 * Never NULL ("" when there is none). Cannot fail; allowed at any time, after DTOP_FATAL too. */
typedef const char* dtop_last_error_fn(dtop_instance* inst);

/* The name of the declared parameter the last error is about (the host points the user at where the
 * scenario sets it), or NULL if the error names no parameter. Must be the name of a parameter of
 * dtop_plugin_info.params: the host reports any other name as a plugin bug. Owned by the plugin, valid
 * until the next call. Cannot fail; allowed at any time. */
typedef const char* dtop_error_param_fn(dtop_instance* inst);

/* Sets parameter `param_index` (index into dtop_plugin_info.params) to `value`, already checked by
 * the host against the descriptor (kind, unit converted to the parameter's, range, choices).
 * Between create and configure; each parameter at most once. DTOP_ERROR: the value is unacceptable
 * (error_param names it). `value` is valid only during the call. */
typedef dtop_status dtop_set_param_fn(dtop_instance* inst, uint32_t param_index, const dtop_value* value);

/* All parameters are set (and wired inputs announced as PENDING): check them together, size stepped
 * outputs. With ABI 1.1 the host's clock is in dtop_host (has_clock). Called once, before any
 * run/init; `dtop validate` calls create, set_param, configure and destroy only. DTOP_ERROR: the
 * parameters are inconsistent (error_param names the one to change). */
typedef dtop_status dtop_configure_fn(dtop_instance* inst);

/* Hands input port `port_index` a value. Before configure with kind DTOP_KIND_PENDING ("this input is
 * wired"); after configure: a batch input's value before run (or init, for a batch input of a stepped
 * node), or a stepped input's header (a SERIES with rows = 0 naming the source's channels and units)
 * before init. `value` is valid only during the call. DTOP_ERROR: the value is unacceptable. */
typedef dtop_status dtop_set_input_fn(dtop_instance* inst, uint32_t port_index, const dtop_value* value);

/* Reads output port `port_index` into `*out`. The host sets out->struct_size to its sizeof(dtop_value);
 * the plugin writes no more than that and sets struct_size to what it wrote. When: a batch output
 * after run (or after finish, for a stepped node); a stepped output after configure and before init,
 * as a header-only SERIES (rows = 0) naming its channels. The pointers in *out stay valid until the
 * next call on the instance. DTOP_ERROR: no such output port (the plugin checks the index), or the
 * output was not produced. */
typedef dtop_status dtop_get_output_fn(dtop_instance* inst, uint32_t port_index, dtop_value* out);

/* Batch: computes the outputs from the parameters and inputs, once, after configure and the inputs.
 * May take long; the host may run other instances meanwhile. DTOP_ERROR: the run failed (message). */
typedef dtop_status dtop_run_fn(dtop_instance* inst);

/* Stepped: prepares for step() at t = t_start + k * step, k = 0.. while t <= t_stop (seconds). After
 * configure, the inputs' values and headers, and get_output of the stepped outputs (whose channel
 * counts must not change from here on). DTOP_END_OF_DATA: a source with no data at all. If init does
 * not return DTOP_OK or DTOP_END_OF_DATA, the host calls no step and no finish on this instance. */
typedef dtop_status dtop_init_fn(dtop_instance* inst, double t_start, double step, double t_stop);

/* Stepped: one communication step at time t. `in` holds the stepped inputs' channels, `out` receives
 * the stepped outputs' channels, each in port order (widths as known before init); the plugin writes
 * every slot of `out` and nothing beyond. Both are the host's buffers, valid only during the call.
 * The hot path: no allocation expected. DTOP_END_OF_DATA: no data at t (this step's outputs are not
 * used; the co-simulation ends). DTOP_ERROR: the co-simulation stops; the host then calls finish. */
typedef dtop_status dtop_step_fn(dtop_instance* inst, double t, double step, const double* in, double* out);

/* Stepped: the co-simulation is over. Called once, only after a successful init (DTOP_OK or
 * DTOP_END_OF_DATA), and never after DTOP_FATAL. `outcome`: DTOP_OK if the co-simulation completed (or
 * ended on DTOP_END_OF_DATA), DTOP_ERROR if it was stopped by an error in any node: then discard what
 * you would publish, but release resources. Batch outputs of a stepped node may be produced here.
 * DTOP_ERROR: finishing failed (e.g. a file could not be written); the node fails. */
typedef dtop_status dtop_finish_fn(dtop_instance* inst, dtop_status outcome);

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
    dtop_get_output_fn* get_output;
    dtop_run_fn* run;    /* NULL unless DTOP_CAN_RUN */
    dtop_init_fn* init;  /* NULL unless DTOP_CAN_STEP */
    dtop_step_fn* step;  /* NULL unless DTOP_CAN_STEP */
    dtop_finish_fn* finish; /* NULL unless DTOP_CAN_STEP */

    /* --- ABI 1.1 --- */
    /* NULL: the table is usable. Otherwise the plugin cannot serve the host that called the entry
     * function, and says why in one sentence the host shows: it refuses the host's version (the
     * two-way handshake), or it could not describe itself (the C++ layer puts the text of an exception
     * thrown by describe() here). The host then reads nothing but struct_size, api_major, api_minor
     * and this field. Only for hosts of minor >= 1: to a 1.0 host a plugin that refuses returns NULL. */
    const char* refusal;
} dtop_plugin_api;

/*
 * The entry symbol's type: the two-way version handshake. The host passes its own ABI version; the
 * plugin checks it too (a plugin needs a host of its major and of at least the minor whose features it
 * uses) and returns its table, with `refusal` set if it will not serve that host. NULL only to a host
 * it cannot even tell why (a host of minor 0 does not read `refusal`). The table is static: it lives
 * as long as the library is loaded. May be called more than once (one thread at a time).
 */
typedef const dtop_plugin_api* dtop_entry_fn(uint16_t host_api_major, uint16_t host_api_minor);

#ifdef __cplusplus
}
#endif

#endif /* DTOP_ABI_H */
