// What the serial tests need that Swift cannot import: the raw setresuid system call, which
// changes the calling thread's user ids only (glibc's wrapper changes every thread's, and
// Swift does not import the variadic syscall()).
#include <sys/syscall.h>
#include <unistd.h>

static inline long lc_test_thread_seteuid(unsigned int euid) {
    return syscall(SYS_setresuid, -1, euid, -1);
}
