/* A library whose load-time constructor crashes (SIGSEGV), with no manifest beside it: any process
   that loads it dies before its entry function could be called. dtop must never load it into its own
   process just to list or check plugins, and `dtop doctor` must explain it rather than die of it. */
#include <dtop/dtop_abi.h>

#include <signal.h>
#include <stddef.h>

__attribute__((constructor)) static void crash_on_load(void) { raise(SIGSEGV); }

DTOP_EXPORT const dtop_plugin_api* dtop_plugin_entry(uint16_t major, uint16_t minor) {
    (void)major;
    (void)minor;
    return NULL; /* never reached */
}
