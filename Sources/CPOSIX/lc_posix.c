#define _GNU_SOURCE
#include "lc_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <poll.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

int lc_ppoll(void *fds, unsigned long count, int64_t timeout_ns) {
    if (timeout_ns < 0) {
        return ppoll((struct pollfd *)fds, (nfds_t)count, NULL, NULL);
    }
    struct timespec timeout = {.tv_sec = (time_t)(timeout_ns / 1000000000), .tv_nsec = (long)(timeout_ns % 1000000000)};
    return ppoll((struct pollfd *)fds, (nfds_t)count, &timeout, NULL);
}

int lc_eventfd(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

int lc_pipe_cloexec_nonblock(int descriptors[2]) {
    return pipe2(descriptors, O_CLOEXEC | O_NONBLOCK);
}

int lc_set_timer_slack(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
}

int lc_peer_credentials(int socket, int32_t *pid, uint32_t *uid, uint32_t *gid) {
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
        return -1;
    }
    *pid = credentials.pid;
    *uid = credentials.uid;
    *gid = credentials.gid;
    return 0;
}

int lc_terminal_set_exclusive(int descriptor, int exclusive) {
    return ioctl(descriptor, exclusive ? TIOCEXCL : TIOCNXCL);
}

int lc_terminal_is_exclusive(int descriptor) {
    int exclusive = 0;
    if (ioctl(descriptor, TIOCGEXCL, &exclusive) != 0) {
        return -1;
    }
    return exclusive != 0;
}

static int signal_pipe[2] = {-1, -1};
static atomic_uint_fast64_t signal_records_lost;

static void signal_pipe_handler(int signal, siginfo_t *info, void *context) {
    (void)context;
    int saved = errno;
    lc_signal_record record = {.signal = signal, .code = info->si_code, .sender_pid = info->si_pid, .sender_uid = info->si_uid};
    // A record is smaller than PIPE_BUF: it is written whole or not at all.
    if (write(signal_pipe[1], &record, sizeof record) != (ssize_t)sizeof record) {
        atomic_fetch_add_explicit(&signal_records_lost, 1, memory_order_relaxed);
    }
    errno = saved;
}

int lc_signal_pipe_install(const int *signals, int count) {
    if (signal_pipe[0] < 0 && pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        return -1;
    }
    struct sigaction action = {0};
    action.sa_sigaction = signal_pipe_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < count; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) {
            return -1;
        }
    }
    return signal_pipe[0];
}

int lc_signal_pipe_wake(void) {
    lc_signal_record record = {0};
    return write(signal_pipe[1], &record, sizeof record) == (ssize_t)sizeof record ? 0 : -1;
}

uint64_t lc_signal_pipe_lost(void) {
    return atomic_load_explicit(&signal_records_lost, memory_order_relaxed);
}
