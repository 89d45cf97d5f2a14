/* A library whose load-time constructor crashes (SIGSEGV), with no manifest beside it: any process
   that loads it dies. dtop must never load it into its own process just to list or describe it. */
#include <signal.h>

__attribute__((constructor)) static void crash_on_load(void) { raise(SIGSEGV); }

__attribute__((visibility("default"))) int dtop_plugin_entry_never_reached(void) { return 0; }
