/* Fixture: a shared object that is not a weft plugin (no entry symbol). */
__attribute__((visibility("default"))) int not_a_plugin(void);
__attribute__((visibility("default"))) int not_a_plugin(void) {
    return 42;
}
