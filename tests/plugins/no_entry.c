/* A shared library that is not a dtop plugin: it exports no entry symbol. */
__attribute__((visibility("default"))) int some_function(void) { return 42; }
